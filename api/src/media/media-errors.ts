import { MEDIA_LIMITS } from '@nfc/shared';
import { AppError } from '../common/errors';

/** Why a file was refused; `extensions.reason` next to the stable BAD_USER_INPUT code. */
export type RejectionReason =
  | 'FILE_TOO_LARGE'
  | 'UNSUPPORTED_TYPE'
  | 'TYPE_MISMATCH'
  | 'CORRUPT_FILE'
  | 'TOO_MANY_PIXELS'
  | 'PROCESSING_TIMEOUT'
  | 'UNSAFE_SVG'
  | 'NO_FILE';

const MESSAGES: Record<RejectionReason, string> = {
  FILE_TOO_LARGE: `The file exceeds ${MEDIA_LIMITS.maxUploadBytes / 1024 / 1024} MB.`,
  UNSUPPORTED_TYPE: 'This type of file is not accepted here.',
  TYPE_MISMATCH: 'The file is not the image its content claims to be.',
  CORRUPT_FILE: 'The file is damaged or incomplete.',
  TOO_MANY_PIXELS: `The image exceeds ${MEDIA_LIMITS.maxPixels / 1_000_000} megapixels.`,
  PROCESSING_TIMEOUT: 'The image took too long to process.',
  UNSAFE_SVG: 'The SVG contains scripts, external references or other active content.',
  NO_FILE: 'No file was sent.',
};

export function fileRejected(reason: RejectionReason, detail?: string): AppError {
  return new AppError('BAD_USER_INPUT', detail ? `${MESSAGES[reason]} ${detail}` : MESSAGES[reason], { reason });
}

/** Maps libvips' messages to a reason a person can act on. */
export function reasonFromSharpError(error: unknown): RejectionReason {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return 'TOO_MANY_PIXELS';
  if (/timeout/i.test(message)) return 'PROCESSING_TIMEOUT';
  return 'CORRUPT_FILE';
}
