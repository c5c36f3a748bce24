import type { EventStatus } from '@nfc/shared';
import type { FieldError } from '../common/errors';
import type { EventSchedule } from '../agenda/schedule';

export const IMPORT_FORMATS = ['ics', 'openagenda', 'apidae', 'datatourisme'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** MANUAL: only when asked (run now, the CLI); HOURLY and DAILY: by the queue's schedule. */
export const IMPORT_SCHEDULES = ['MANUAL', 'HOURLY', 'DAILY'] as const;
export type ImportSchedule = (typeof IMPORT_SCHEDULES)[number];

export const IMPORT_RUN_STATES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type ImportRunState = (typeof IMPORT_RUN_STATES)[number];
export type ImportTrigger = 'MANUAL' | 'SCHEDULED' | 'CLI';

/** What became of one item of a source (a dry run says what would). */
export const ITEM_OUTCOMES = ['CREATED', 'UPDATED', 'UNCHANGED', 'CANCELLED', 'DELETED', 'REFUSED'] as const;
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number];

/**
 * Stable codes of an item's report:
 * - refusals: MISSING_ID, DUPLICATE_ID, NO_DATES, BAD_USER_INPUT (our checks: see the field errors),
 *   FORBIDDEN / NOT_FOUND (the event is not the office's to change), MERGED_INTO (the Pôle merged
 *   it into another office's event, whose id the item carries: that office edits it);
 * - notes on an item that landed: IMAGE_UNAVAILABLE (imported without its image), RECURRENCE_CAPPED
 *   (an open-ended rule kept for a year). CO_PUBLISHED only appears in reports stored before merges
 *   answered MERGED_INTO.
 */
export type ItemCode = 'MISSING_ID' | 'UNREADABLE' | 'DUPLICATE_ID' | 'NO_DATES' | 'BAD_USER_INPUT' | 'FORBIDDEN' | 'NOT_FOUND' | 'MERGED_INTO' | 'IMAGE_UNAVAILABLE' | 'CO_PUBLISHED' | 'RECURRENCE_CAPPED' | 'IMAGE_WOULD_CHANGE';

export interface ItemProblem {
  externalId: string;
  title: string | null;
  outcome: ItemOutcome;
  code: ItemCode | null;
  errors: FieldError[];
}

export interface ItemReport extends ItemProblem {
  eventId: string | null;
}

export interface Text {
  fr?: string;
  en?: string;
  de?: string;
}

/** One event as a format reads it, before it meets our model (categories, commune, image). */
export interface SourceItem {
  externalId: string;
  title: Text;
  shortDescription?: Text;
  longDescription?: Text;
  /** The source's own categories (ids and labels as the format names them). */
  categories: string[];
  status?: EventStatus;
  place: { name?: string; streetAddress?: string; postalCode?: string; communeInsee?: string; communeName?: string; lat?: number; lon?: number };
  schedule: EventSchedule | null;
  imageUrl?: string;
  imageCredit?: string;
  bookingUrl?: string;
  organiserName?: string;
  /** Notes from reading the item (never refusals: those are `refusal`). */
  notes: ItemCode[];
  /** Why the format could not read the item at all. */
  refusal?: { code: ItemCode; message: string; field?: string };
}

/** A whole source that cannot be read (not JSON, not an ICS calendar…): the run fails, nothing changes. */
export class SourceFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceFormatError';
  }
}
