import { ACCESSIBILITY_CODES, EVENT_CATEGORY_IDS, EVENT_STATUSES, LANGUAGES, LIMITS, MODERATION_STATES, type EventStatus, type Language, type ModerationState } from '@nfc/shared';
import { ArrayMaxSize, IsIn, IsOptional, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { LanguageEnum } from '../brand/brand.types';
import { LocalizedTextView } from '../common/localized-text.types';
import { PageInfo } from '../common/pagination';
import { registerValuesEnum } from '../common/graphql-enum';
import { Commune } from '../territory/commune.entity';
import { AccessibilityEnum, AttendanceModeEnum, CurrencyEnum, EventStatusEnum } from './event.inputs';

@ObjectType({ description: 'A category of the controlled list, with its schema.org and DATAtourisme equivalents.' })
export class EventCategoryView {
  @Field({ description: 'Category id, e.g. "concert".' })
  id: string;

  @Field({ description: 'Label in the requested language.' })
  label: string;

  @Field({ description: 'schema.org Event subtype.' })
  schemaOrgType: string;

  @Field({ description: 'DATAtourisme theme.' })
  dataTourismeType: string;
}

@ObjectType({ description: 'Where an event takes place.' })
export class EventPlaceView {
  @Field(() => String, { nullable: true, description: 'Name of the place.' })
  name: string | null;

  @Field(() => String, { nullable: true, description: 'Street address.' })
  streetAddress: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code.' })
  postalCode: string | null;

  @Field(() => Commune, { description: 'Commune (and through it, the EPCI).' })
  commune: Commune;

  @Field(() => Float, { description: 'Latitude.' })
  lat: number;

  @Field(() => Float, { description: 'Longitude.' })
  lon: number;

  @Field({ description: 'True when the commune centre stands in for missing coordinates.' })
  approximate: boolean;
}

@ObjectType({ description: 'One web variant of an event image.' })
export class EventImageVariantView {
  @Field({ description: 'avif, webp or jpeg.' })
  format: string;

  @Field(() => Int, { description: 'Width in pixels.' })
  width: number;

  @Field(() => Int, { description: 'Height in pixels.' })
  height: number;

  @Field({ description: 'Immutable URL.' })
  url: string;
}

@ObjectType({ description: 'An event of the shared agenda.' })
export class EventView {
  @Field(() => ID, { description: 'Stable id (the ICS UID is derived from it).' })
  id: string;

  @Field({ description: 'URL-safe name for the event page.' })
  slug: string;

  @Field(() => EventStatusEnum, { description: 'Status (cancelled events stay, marked).' })
  status: string;

  @Field({ description: 'Free of charge.' })
  isFree: boolean;

  @Field(() => CurrencyEnum, { nullable: true, description: 'Currency of the prices.' })
  currency: string | null;

  @Field(() => [AccessibilityEnum], { description: 'Accessibility.' })
  accessibility: string[];

  @Field(() => AttendanceModeEnum, { description: 'On site, online or both.' })
  attendanceMode: string;

  @Field(() => Int, { nullable: true, description: 'Minimum age.' })
  minAge: number | null;

  @Field(() => Int, { nullable: true, description: 'Maximum age.' })
  maxAge: number | null;

  @Field(() => String, { nullable: true, description: 'Online URL.' })
  onlineUrl: string | null;

  @Field(() => String, { nullable: true, description: 'Booking URL.' })
  bookingUrl: string | null;

  @Field(() => String, { nullable: true, description: 'Organiser.' })
  organiserName: string | null;

  @Field({ description: 'All-day event.' })
  allDay: boolean;

  @Field(() => Date, { nullable: true, description: 'Former start of a rescheduled event.' })
  previousStartDate: Date | null;

  @Field(() => Int, { description: 'Revision number, rising on every change (ICS SEQUENCE).' })
  sequence: number;

  @Field({ description: 'Last change.' })
  updatedAt: Date;
}

@ObjectType({ description: 'One date of an event.' })
export class EventOccurrenceView {
  @Field(() => ID, { description: 'Occurrence id.' })
  id: string;

  @Field({ description: 'Start (an instant; shown in Europe/Paris).' })
  startsAt: Date;

  @Field({ description: 'End.' })
  endsAt: Date;

  @Field(() => EventView, { description: 'The event.' })
  event: EventView;
}

@ObjectType({ description: 'An occurrence in a page of results.' })
export class EventOccurrenceEdge {
  @Field(() => EventOccurrenceView, { description: 'The occurrence.' })
  node: EventOccurrenceView;

  @Field({ description: 'Opaque position, for `after`.' })
  cursor: string;
}

@ObjectType({ description: 'A page of occurrences, in date order (Relay connection).' })
export class EventOccurrenceConnection {
  @Field(() => [EventOccurrenceEdge], { description: 'Occurrences with their cursors.' })
  edges: EventOccurrenceEdge[];

  @Field(() => [EventOccurrenceView], { description: 'Occurrences.' })
  nodes: EventOccurrenceView[];

  @Field(() => PageInfo, { description: 'Where this page stands.' })
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'Occurrences matching the filter, over all pages.' })
  totalCount: Promise<number> | number;
}

@InputType({ description: 'Around a point.' })
export class NearInput {
  @Field(() => Float, { description: 'Latitude.' })
  @Min(-90)
  @Max(90)
  lat: number;

  @Field(() => Float, { description: 'Longitude.' })
  @Min(-180)
  @Max(180)
  lon: number;

  @Field(() => Float, { description: 'Radius in kilometres (up to 100).' })
  @Min(0.1)
  @Max(100)
  km: number;
}

@InputType({ description: 'A map view: the events inside a bounding box.' })
export class BoxInput {
  @Field(() => Float, { description: 'South.' })
  @Min(-90)
  @Max(90)
  minLat: number;

  @Field(() => Float, { description: 'West.' })
  @Min(-180)
  @Max(180)
  minLon: number;

  @Field(() => Float, { description: 'North.' })
  @Min(-90)
  @Max(90)
  maxLat: number;

  @Field(() => Float, { description: 'East.' })
  @Min(-180)
  @Max(180)
  maxLon: number;
}

export const EventWhenEnum = registerValuesEnum(['TODAY', 'THIS_WEEKEND', 'NEXT_7_DAYS'] as const, {
  name: 'EventWhen',
  description: 'A date range, in Europe/Paris time.',
  values: { TODAY: 'From now to midnight.', THIS_WEEKEND: 'Saturday and Sunday (what is left of them at the weekend).', NEXT_7_DAYS: 'From now to seven days ahead.' },
});
export const EventOrderEnum = registerValuesEnum(['DATE', 'RELEVANCE'] as const, {
  name: 'EventOrder',
  description: 'Order of the results.',
  values: { DATE: 'By date (the agenda).', RELEVANCE: 'Best text match first, then by date (needs filter.text).' },
});

@InputType({ description: 'Narrows the agenda. Criteria combine with AND.' })
export class EventFilter {
  @Field(() => EventWhenEnum, { nullable: true, description: 'A preset range; from and to, when given, win.' })
  @IsOptional()
  @IsIn(['TODAY', 'THIS_WEEKEND', 'NEXT_7_DAYS'])
  when?: 'TODAY' | 'THIS_WEEKEND' | 'NEXT_7_DAYS';

  @Field({ nullable: true, description: 'From this instant (default: now). Occurrences still running count.' })
  @IsOptional()
  from?: Date;

  @Field({ nullable: true, description: 'Before this instant.' })
  @IsOptional()
  to?: Date;

  @Field({ nullable: true, description: 'SIREN of an EPCI.' })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: 'epci must be a SIREN' })
  epci?: string;

  @Field({ nullable: true, description: 'INSEE code of a commune.' })
  @IsOptional()
  @Matches(/^(?:\d{2}|2[AB])\d{3}$/, { message: 'commune must be an INSEE code' })
  commune?: string;

  @Field(() => [String], { nullable: true, description: 'Any of these categories.' })
  @IsOptional()
  // Each value costs a comparison per row scanned: no list longer than there are values.
  @ArrayMaxSize(EVENT_CATEGORY_IDS.length)
  categories?: string[];

  @Field({ nullable: true, description: 'Free events only.' })
  @IsOptional()
  free?: boolean;

  @Field(() => [AccessibilityEnum], { nullable: true, description: 'Adapted to all of these.' })
  @IsOptional()
  @IsIn(['HEARING', 'VISUAL', 'MOTOR', 'PSYCHIC', 'INTELLECTUAL'], { each: true })
  @ArrayMaxSize(ACCESSIBILITY_CODES.length)
  accessibility?: string[];

  @Field({ nullable: true, description: 'Text search in the titles and descriptions, in `language`: stemmed by that language, accents ignored.' })
  @IsOptional()
  @MaxLength(LIMITS.searchMaxLength)
  text?: string;

  @Field(() => LanguageEnum, {
    nullable: true,
    description: 'Language of the text search (default French): its stemming, and the texts its pages show (each text in that language, or in French where it is not translated).',
  })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @Field(() => NearInput, { nullable: true, description: 'Within a radius ("near me").' })
  @IsOptional()
  @ValidateNested()
  near?: NearInput;

  @Field(() => BoxInput, { nullable: true, description: 'Inside a map box.' })
  @IsOptional()
  @ValidateNested()
  box?: BoxInput;

  @Field(() => Int, { nullable: true, description: 'Suitable for a person of this age.' })
  @IsOptional()
  @Min(0)
  @Max(120)
  age?: number;

  @Field(() => [EventStatusEnum], { nullable: true, description: 'Only these statuses (e.g. leave out CANCELLED).' })
  @IsOptional()
  @IsIn(['SCHEDULED', 'RESCHEDULED', 'POSTPONED', 'MOVED_ONLINE', 'FULL', 'CANCELLED'], { each: true })
  @ArrayMaxSize(EVENT_STATUSES.length)
  statuses?: string[];

  @Field(() => ID, { nullable: true, description: 'Published or featured by this organisation.' })
  @IsOptional()
  @IsUUID()
  publisher?: string;
}

@ObjectType({ description: 'Two events of different offices that look like the same one.' })
export class DuplicateCandidate {
  @Field(() => EventView, { description: 'One event.' })
  event: EventView;

  @Field(() => EventView, { description: 'The other.' })
  other: EventView;

  @Field(() => Float, { description: 'Title similarity, 0 to 1.' })
  similarity: number;
}

@ObjectType({ description: 'A field error.' })
export class FieldErrorView {
  @Field({ description: 'Path of the field, e.g. "title.fr" or "schedule.dates.0.end".' })
  field: string;

  @Field({ description: 'What is wrong.' })
  message: string;
}

@ObjectType({ description: 'One date a schedule would give, as instants (show them in Europe/Paris).' })
export class ValidationOccurrenceView {
  @Field({ description: 'Start (ISO 8601, UTC).' })
  startsAt: Date;

  @Field({ description: 'End (ISO 8601, UTC).' })
  endsAt: Date;
}

@ObjectType({ description: 'Result of a dry run.' })
export class EventValidation {
  @Field({ description: 'True when the event would be accepted.' })
  valid: boolean;

  @Field(() => [FieldErrorView], { description: 'Every problem found.' })
  errors: FieldErrorView[];

  @Field(() => [ValidationOccurrenceView], { description: 'The first 50 dates the schedule gives (none when the schedule itself has an error), to preview a recurrence.' })
  occurrences: ValidationOccurrenceView[];

  @Field(() => Int, { description: 'How many dates the schedule gives in all (0 when the schedule has an error).' })
  occurrenceCount: number;

  @Field(() => LocalizedTextView, {
    nullable: true,
    description: 'The long description rendered as the event page shows it, in each language given: sanitised HTML as EventView.longDescriptionHtml, to preview the public page.',
  })
  longDescriptionHtml: LocalizedTextView | null;
}

// ---- Espace pro: "My events" and the editor (events area) ----

export const ModerationStateEnum = registerValuesEnum(MODERATION_STATES, {
  name: 'ModerationState',
  description: 'Review state of an event.',
  values: { DRAFT: 'Draft, not public.', PENDING: 'Waiting for the Pôle’s review.', PUBLISHED: 'On the agenda.', REJECTED: 'Refused by the Pôle.', ARCHIVED: 'Archived, off the agenda.' },
});

@InputType({ description: 'Narrows "My events". Criteria combine with AND; each list is "any of".' })
export class MyEventsFilter {
  @Field(() => [ModerationStateEnum], { nullable: true, description: 'Any of these review states.' })
  @IsOptional()
  @IsIn(MODERATION_STATES, { each: true })
  @ArrayMaxSize(MODERATION_STATES.length)
  moderation?: ModerationState[];

  @Field(() => [EventStatusEnum], { nullable: true, description: 'Any of these statuses.' })
  @IsOptional()
  @IsIn(EVENT_STATUSES, { each: true })
  @ArrayMaxSize(EVENT_STATUSES.length)
  status?: EventStatus[];

  @Field({ nullable: true, description: 'Text search in the titles and descriptions, in `language` (stemmed, accents ignored).' })
  @IsOptional()
  @MaxLength(LIMITS.searchMaxLength)
  search?: string;

  @Field(() => LanguageEnum, { nullable: true, description: 'Language of the search (default French), as EventFilter.language.' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @Field(() => ID, { nullable: true, description: 'The Pôle: one office’s events (an office sees only its own whatever it passes).' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

@ObjectType({ description: 'How many of your events are in a review state (over the search and office, whatever the state and status filters).' })
export class EventStateCount {
  @Field(() => ModerationStateEnum, { description: 'Review state.' })
  moderation: ModerationState;

  @Field(() => Int, { description: 'Events.' })
  count: number;
}

@ObjectType({ description: 'How many of your events have a status (over the search and office, whatever the state and status filters).' })
export class EventStatusCount {
  @Field(() => EventStatusEnum, { description: 'Status.' })
  status: EventStatus;

  @Field(() => Int, { description: 'Events.' })
  count: number;
}

@ObjectType({ description: 'A page of your events, last changed first.' })
export class MyEventConnection {
  @Field(() => [EventView], { description: 'Events.' })
  nodes: EventView[];

  @Field(() => PageInfo, { description: 'Where this page stands.' })
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'Events matching the filter, over all pages.' })
  totalCount: number;

  @Field(() => [EventStateCount], { description: 'Events per review state (every state, zeros included).' })
  countsByState: EventStateCount[];

  @Field(() => [EventStatusCount], { description: 'Events per status (every status, zeros included).' })
  countsByStatus: EventStatusCount[];
}

@ObjectType({ description: 'One date as entered: local Europe/Paris time.' })
export class ScheduleDateView {
  @Field({ description: 'Start, "2026-07-14T21:00" or "2026-07-14".' })
  start: string;

  @Field(() => String, { nullable: true, description: 'End.' })
  end: string | null;
}

@ObjectType({ description: 'A recurrence as entered.' })
export class ScheduleRecurrenceView {
  @Field({ description: 'First occurrence, local time.' })
  start: string;

  @Field(() => Int, { description: 'Duration in minutes.' })
  durationMinutes: number;

  @Field({ description: 'RRULE without DTSTART.' })
  rule: string;

  @Field(() => [String], { description: 'Exceptions (EXDATE), local time.' })
  exceptions: string[];

  @Field(() => [String], { description: 'Extra dates (RDATE), local time.' })
  additions: string[];
}

@ObjectType({ description: 'The schedule as entered.' })
export class ScheduleView {
  @Field({ description: 'All-day.' })
  allDay: boolean;

  @Field(() => [ScheduleDateView], { nullable: true, description: 'Explicit dates.' })
  dates: ScheduleDateView[] | null;

  @Field(() => ScheduleRecurrenceView, { nullable: true, description: 'Recurrence.' })
  recurrence: ScheduleRecurrenceView | null;
}

@ObjectType({ description: 'What the editor needs to fill its form again: the event as its publisher entered it. Only for those who may edit the event.' })
export class EventEditingView {
  @Field(() => LocalizedTextView, { description: 'Title in each language.' })
  title: LocalizedTextView;

  @Field(() => LocalizedTextView, { nullable: true, description: 'Short description in each language.' })
  shortDescription: LocalizedTextView | null;

  @Field(() => LocalizedTextView, { nullable: true, description: 'Long description (Markdown) in each language.' })
  longDescription: LocalizedTextView | null;

  @Field(() => ScheduleView, { description: 'The schedule as entered.' })
  schedule: ScheduleView;

  @Field(() => ID, { nullable: true, description: 'The image (pass it back as imageUploadId to keep it).' })
  imageId: string | null;

  @Field(() => String, { nullable: true, description: 'Image credit.' })
  imageCredit: string | null;

  @Field(() => LocalizedTextView, { nullable: true, description: 'Image text alternative in each language.' })
  imageAlt: LocalizedTextView | null;

  @Field(() => String, { nullable: true, description: 'Registration contact.' })
  registrationContact: string | null;

  @Field({ description: 'The registration contact is shown to the public.' })
  registrationContactPublic: boolean;

  @Field(() => String, { nullable: true, description: 'Organiser contact.' })
  organiserContact: string | null;

  @Field({ description: 'The organiser contact is shown to the public.' })
  organiserContactPublic: boolean;

  @Field({ description: 'The coordinates are the commune centre (none were given).' })
  locationApproximate: boolean;
}

export const UpsertOutcomeEnum = registerValuesEnum(['CREATED', 'UPDATED', 'UNCHANGED', 'REFUSED'] as const, {
  name: 'UpsertOutcome',
  description: 'What an upsert did to one item.',
  values: { CREATED: 'A new event.', UPDATED: 'The event changed.', UNCHANGED: 'The event already held this content.', REFUSED: 'Not stored: see code and errors.' },
});

@ObjectType({ description: 'Outcome of one item of an upsert batch.' })
export class UpsertEventResult {
  @Field({ description: 'The item\'s external id.' })
  externalId: string;

  @Field({ description: 'Stored.' })
  ok: boolean;

  @Field({ description: 'Created (true) or updated (false).' })
  created: boolean;

  @Field(() => ID, { nullable: true, description: 'The event.' })
  eventId: string | null;

  @Field(() => String, { nullable: true, description: 'Error code when refused (BAD_USER_INPUT, FORBIDDEN…).' })
  code: string | null;

  @Field(() => [FieldErrorView], { description: 'Field errors when refused.' })
  errors: FieldErrorView[];

  @Field(() => UpsertOutcomeEnum, { description: 'What the call did to the item (in a dry run: what it would do). UNCHANGED: the same content was sent again; nothing was written, no sequence, no change, no webhook.' })
  outcome: string;
}

@ObjectType({ description: 'One changed event: its current state, or a tombstone.' })
export class EventChange {
  @Field(() => ID, { description: 'Event id.' })
  id: string;

  @Field({ description: 'Deleted (a tombstone): remove it on your side.' })
  deleted: boolean;

  @Field({ description: 'When it changed.' })
  updatedAt: Date;

  @Field(() => EventView, { nullable: true, description: 'The event, unless deleted or unpublished.' })
  event: EventView | null;
}

@ObjectType({ description: 'A batch of changes.' })
export class EventChangePage {
  @Field(() => [EventChange], { description: 'Changes, oldest first.' })
  changes: EventChange[];

  @Field({ description: 'Pass this as `since` next time.' })
  nextSince: Date;

  @Field({ description: 'More changes are waiting: call again now with nextSince.' })
  hasMore: boolean;
}

@ObjectType({ description: 'The image of an event, in web variants (no metadata), with its credit.' })
export class EventImageView {
  @Field(() => String, { nullable: true, description: 'Credit line, to show with the image.' })
  credit: string | null;

  @Field(() => String, { nullable: true, description: 'Text alternative in the requested language.' })
  alt: string | null;

  @Field(() => [EventImageVariantView], { description: 'AVIF, WebP and JPEG by width.' })
  variants: EventImageVariantView[];
}

@ObjectType({ description: 'How many dates of the filtered agenda a commune holds (for a map of what is on).' })
export class CommuneEventCount {
  @Field({ description: 'INSEE code of the commune.' })
  inseeCode: string;

  @Field({ description: 'Name of the commune.' })
  name: string;

  @Field(() => Float, { description: 'Latitude of its centroid (WGS 84).' })
  lat: number;

  @Field(() => Float, { description: 'Longitude of its centroid (WGS 84).' })
  lon: number;

  @Field(() => Int, { description: 'Dates (occurrences) matching the filter.' })
  dates: number;

  @Field(() => Int, { description: 'Events those dates belong to.' })
  events: number;
}
