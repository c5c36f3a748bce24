import type { ContestRefusal, ErrorCode } from '@nfc/shared';
import { AppError } from '../common/errors';

const CODE_BY_REFUSAL: Record<ContestRefusal, ErrorCode> = {
  OUTSIDE_WINDOW: 'FORBIDDEN',
  ENTRY_LIMIT_REACHED: 'CONFLICT',
  NOT_A_RESIDENT: 'BAD_USER_INPUT',
  RESOLUTION_TOO_LOW: 'BAD_USER_INPUT',
  DUPLICATE_PHOTO: 'CONFLICT',
  EMAIL_NOT_VERIFIED: 'FORBIDDEN',
  GUARDIAN_REQUIRED: 'BAD_USER_INPUT',
  CONSENT_REQUIRED: 'BAD_USER_INPUT',
  OUTSIDE_TERRITORY: 'BAD_USER_INPUT',
  CAPTURE_DATE_OUTSIDE_WINDOW: 'BAD_USER_INPUT',
  ALREADY_VOTED: 'CONFLICT',
  DISPOSABLE_EMAIL: 'BAD_USER_INPUT',
  CONFLICT_OF_INTEREST: 'FORBIDDEN',
  INVALID_CODE: 'BAD_USER_INPUT',
  RESULTS_PUBLISHED: 'CONFLICT',
  RESULTS_NOT_PUBLISHED: 'CONFLICT',
  JURY_ROUND_OPEN: 'CONFLICT',
  NO_FINAL_ROUND: 'CONFLICT',
  JURY_OVER: 'CONFLICT',
  ENTRIES_AWAIT_MODERATION: 'CONFLICT',
  NO_ENTRY_TO_JUDGE: 'CONFLICT',
  ROUND_CLOSED: 'CONFLICT',
  WRONG_ENTRY_STATE: 'CONFLICT',
  ALREADY_ON_JURY: 'CONFLICT',
};

/**
 * A contest rule said no: the stable code (BAD_USER_INPUT, CONFLICT, FORBIDDEN) plus a
 * `reason` the site translates, and the field when one is at fault.
 */
export function refused(reason: ContestRefusal, message: string, field?: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError(CODE_BY_REFUSAL[reason], message, { reason, ...(field ? { fields: [{ field, message }] } : {}), ...extra });
}
