import { ACCESSIBILITY_CODES, AGENDA_LIMITS, ATTENDANCE_MODES, CURRENCIES, EVENT_STATUSES, MERGE_FIELDS, MERGE_SIDES, type MergeField, type MergeSide, type AccessibilityCode, type AttendanceMode, type Currency, type EventStatus } from '@nfc/shared';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { registerValuesEnum } from '../common/graphql-enum';

export const EventStatusEnum = registerValuesEnum(EVENT_STATUSES, {
  name: 'EventStatus',
  description: 'Whether the event happens as planned (schema.org eventStatus).',
  values: {
    SCHEDULED: 'As planned.',
    RESCHEDULED: 'Moved to new dates (previousStartDate keeps the old one).',
    POSTPONED: 'Postponed, new dates not known yet.',
    MOVED_ONLINE: 'Takes place online instead.',
    FULL: 'Happens, but no places are left.',
    CANCELLED: 'Cancelled; it stays in the feeds, marked as such.',
  },
});
export const AccessibilityEnum = registerValuesEnum(ACCESSIBILITY_CODES, {
  name: 'AccessibilityCode',
  description: 'Disabilities the event is adapted to.',
  values: { HEARING: 'Hearing.', VISUAL: 'Visual.', MOTOR: 'Motor.', PSYCHIC: 'Psychic.', INTELLECTUAL: 'Intellectual.' },
});
export const AttendanceModeEnum = registerValuesEnum(ATTENDANCE_MODES, {
  name: 'AttendanceMode',
  description: 'Where people attend.',
  values: { OFFLINE: 'On site.', ONLINE: 'Online.', MIXED: 'On site and online.' },
});
export const CurrencyEnum = registerValuesEnum(CURRENCIES, { name: 'Currency', description: 'Currency of a price.', values: { EUR: 'Euro.', CHF: 'Swiss franc.' } });

@InputType({ description: `A title: French required, up to ${AGENDA_LIMITS.titleMaxLength} characters in each language.` })
export class EventTitleInput {
  @Field({ description: 'French.' })
  @Length(1, AGENDA_LIMITS.titleMaxLength)
  fr: string;

  @Field({ nullable: true, description: 'English.' })
  @IsOptional()
  @MaxLength(AGENDA_LIMITS.titleMaxLength)
  en?: string;

  @Field({ nullable: true, description: 'German.' })
  @IsOptional()
  @MaxLength(AGENDA_LIMITS.titleMaxLength)
  de?: string;
}

@InputType({ description: `A short description: up to ${AGENDA_LIMITS.shortDescriptionMaxLength} characters in each language.` })
export class EventShortTextInput {
  @Field({ description: 'French.' })
  @Length(1, AGENDA_LIMITS.shortDescriptionMaxLength)
  fr: string;

  @Field({ nullable: true, description: 'English.' })
  @IsOptional()
  @MaxLength(AGENDA_LIMITS.shortDescriptionMaxLength)
  en?: string;

  @Field({ nullable: true, description: 'German.' })
  @IsOptional()
  @MaxLength(AGENDA_LIMITS.shortDescriptionMaxLength)
  de?: string;
}

@InputType({ description: `A long description in Markdown (no HTML): up to ${AGENDA_LIMITS.longDescriptionMaxLength} characters in each language.` })
export class EventLongTextInput {
  @Field({ description: 'French.' })
  @Length(1, AGENDA_LIMITS.longDescriptionMaxLength)
  fr: string;

  @Field({ nullable: true, description: 'English.' })
  @IsOptional()
  @MaxLength(AGENDA_LIMITS.longDescriptionMaxLength)
  en?: string;

  @Field({ nullable: true, description: 'German.' })
  @IsOptional()
  @MaxLength(AGENDA_LIMITS.longDescriptionMaxLength)
  de?: string;
}

@InputType({ description: 'Where the event takes place.' })
export class EventPlaceInput {
  @Field({ nullable: true, description: 'Name of the place.' })
  @IsOptional()
  @MaxLength(200)
  name?: string;

  @Field({ nullable: true, description: 'Street address.' })
  @IsOptional()
  @MaxLength(300)
  streetAddress?: string;

  @Field({ nullable: true, description: 'Postal code.' })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'postalCode must be 5 digits' })
  postalCode?: string;

  @Field({ description: 'INSEE code of the commune (one of the 197 of the territory).' })
  @IsString()
  communeInsee: string;

  @Field(() => Float, { nullable: true, description: 'Latitude; without coordinates the commune centre is used, marked approximate.' })
  @IsOptional()
  @IsNumber()
  @Min(-90)
  @Max(90)
  lat?: number;

  @Field(() => Float, { nullable: true, description: 'Longitude.' })
  @IsOptional()
  @IsNumber()
  @Min(-180)
  @Max(180)
  lon?: number;
}

@InputType({ description: 'One date: local times in Europe/Paris, never with an offset.' })
export class EventDateInput {
  @Field({ description: 'Start, "2026-07-14T21:00" (or "2026-07-14" for all-day events).' })
  @IsString()
  start: string;

  @Field({ nullable: true, description: 'End, same form; defaults to the start.' })
  @IsOptional()
  @IsString()
  end?: string;
}

@InputType({ description: 'A recurrence: a first date, a duration, an RFC 5545 RRULE with an end, exceptions and extra dates.' })
export class EventRecurrenceInput {
  @Field({ description: 'First occurrence, local time.' })
  @IsString()
  start: string;

  @Field(() => Int, { description: 'Duration of each occurrence, in minutes.' })
  @IsInt()
  durationMinutes: number;

  @Field({ description: 'RRULE without DTSTART, e.g. "FREQ=WEEKLY;BYDAY=SA;UNTIL=20261231". COUNT or UNTIL is required.' })
  @IsString()
  @MaxLength(500)
  rule: string;

  @Field(() => [String], { nullable: true, description: 'Occurrences removed (EXDATE), local time.' })
  @IsOptional()
  @ArrayMaxSize(800)
  exceptions?: string[];

  @Field(() => [String], { nullable: true, description: 'Extra occurrences (RDATE), local time.' })
  @IsOptional()
  @ArrayMaxSize(800)
  additions?: string[];
}

@InputType({ description: 'When: explicit dates, or a recurrence.' })
export class EventScheduleInput {
  @Field({ defaultValue: false, description: 'All-day event (dates without times).' })
  @IsBoolean()
  allDay: boolean;

  @Field(() => [EventDateInput], { nullable: true, description: 'Explicit dates.' })
  @IsOptional()
  @ValidateNested()
  dates?: EventDateInput[];

  @Field(() => EventRecurrenceInput, { nullable: true, description: 'A recurrence rule.' })
  @IsOptional()
  @ValidateNested()
  recurrence?: EventRecurrenceInput;
}

@InputType({ description: 'An event, as its publisher describes it.' })
export class EventInput {
  @Field(() => EventTitleInput, { description: 'Title.' })
  @ValidateNested()
  title: EventTitleInput;

  @Field(() => EventShortTextInput, { nullable: true, description: 'Short description (plain text).' })
  @IsOptional()
  @ValidateNested()
  shortDescription?: EventShortTextInput;

  @Field(() => EventLongTextInput, { nullable: true, description: 'Long description (Markdown).' })
  @IsOptional()
  @ValidateNested()
  longDescription?: EventLongTextInput;

  @Field(() => [String], { nullable: true, description: 'Languages whose texts a machine translated ("en", "de").' })
  @IsOptional()
  @IsIn(['en', 'de'], { each: true })
  machineTranslated?: string[];

  @Field(() => [String], { description: 'Category ids (see shared EVENT_CATEGORIES), at least one.' })
  @ArrayMaxSize(5)
  @IsString({ each: true })
  categories: string[];

  @Field(() => EventStatusEnum, { defaultValue: 'SCHEDULED', description: 'Status.' })
  @IsIn(EVENT_STATUSES)
  status: EventStatus;

  @Field(() => Int, { nullable: true, description: 'Minimum age.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  minAge?: number;

  @Field(() => Int, { nullable: true, description: 'Maximum age.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  maxAge?: number;

  @Field(() => [AccessibilityEnum], { nullable: true, description: 'Accessibility.' })
  @IsOptional()
  @IsIn(ACCESSIBILITY_CODES, { each: true })
  accessibility?: AccessibilityCode[];

  @Field(() => AttendanceModeEnum, { defaultValue: 'OFFLINE', description: 'On site, online or both.' })
  @IsIn(ATTENDANCE_MODES)
  attendanceMode: AttendanceMode;

  @Field({ nullable: true, description: 'Online URL (https), for online and mixed events.' })
  @IsOptional()
  @MaxLength(500)
  onlineUrl?: string;

  @Field({ defaultValue: false, description: 'Free of charge.' })
  @IsBoolean()
  isFree: boolean;

  @Field(() => Float, { nullable: true, description: 'Lowest price.' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100000)
  priceMin?: number;

  @Field(() => Float, { nullable: true, description: 'Highest price.' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100000)
  priceMax?: number;

  @Field(() => CurrencyEnum, { nullable: true, description: 'Currency of the prices; required with a price.' })
  @IsOptional()
  @IsIn(CURRENCIES)
  currency?: Currency;

  @Field({ nullable: true, description: 'Booking URL (https).' })
  @IsOptional()
  @MaxLength(500)
  bookingUrl?: string;

  @Field({ nullable: true, description: 'Registration contact (phone or email).' })
  @IsOptional()
  @MaxLength(200)
  registrationContact?: string;

  @Field({ defaultValue: false, description: 'Show the registration contact to the public (by default only your office and the Pôle read it).' })
  @IsOptional()
  @IsBoolean()
  registrationContactPublic?: boolean;

  @Field({ nullable: true, description: 'Organiser name.' })
  @IsOptional()
  @MaxLength(200)
  organiserName?: string;

  @Field({ nullable: true, description: 'Organiser contact.' })
  @IsOptional()
  @MaxLength(200)
  organiserContact?: string;

  @Field({ defaultValue: false, description: 'Show the organiser contact to the public.' })
  @IsOptional()
  @IsBoolean()
  organiserContactPublic?: boolean;

  @Field(() => ID, { nullable: true, description: 'Image: an upload id from POST /uploads?purpose=EVENT_IMAGE.' })
  @IsOptional()
  @IsUUID()
  imageUploadId?: string;

  @Field({ nullable: true, description: 'Image by address (upsertEvents only): fetched through the same intake as uploads; the same address sent again reuses the image it gave.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  imageUrl?: string;

  @Field({ nullable: true, description: 'Credit line of the image.' })
  @IsOptional()
  @MaxLength(200)
  imageCredit?: string;

  @Field(() => EventShortTextInput, { nullable: true, description: 'Text alternative of the image.' })
  @IsOptional()
  @ValidateNested()
  imageAlt?: EventShortTextInput;

  @Field(() => EventPlaceInput, { description: 'Place.' })
  @ValidateNested()
  place: EventPlaceInput;

  @Field(() => EventScheduleInput, { description: 'Dates.' })
  @ValidateNested()
  schedule: EventScheduleInput;

  @Field({ defaultValue: false, description: 'Keep as a draft, unpublished.' })
  @IsBoolean()
  draft: boolean;
}

@InputType({ description: 'An event and its id in the publisher\'s own system.' })
export class UpsertEventInput {
  @Field({ description: 'Id in the external system.' })
  @Length(1, 200)
  externalId: string;

  @Field(() => EventInput, { description: 'The event.' })
  @ValidateNested()
  event: EventInput;
}

export const MergeFieldEnum = registerValuesEnum(MERGE_FIELDS, {
  name: 'MergeField',
  description: 'A field a merge decides; each groups the values that only make sense together.',
  values: {
    TITLE: 'The title (languages the chosen side lacks come from the other).',
    SHORT_DESCRIPTION: 'The summary (the same, per language).',
    LONG_DESCRIPTION: 'The full description (the same, per language).',
    DATES: 'The schedule and its dates.',
    STATUS: 'The status, with what it carries: the previous start date, the attendance mode and the online link.',
    PLACE: 'The place: name, address, commune and point.',
    IMAGE: 'The image, its credit and its alternative text.',
    PRICE: 'Free or not, the prices and their currency.',
    BOOKING: 'The booking link and the registration contact.',
    ORGANISER: 'The organiser and its contact.',
    CATEGORIES: 'The categories.',
    AUDIENCE: 'The age range and the accessibility.',
  },
});
export const MergeSideEnum = registerValuesEnum(MERGE_SIDES, {
  name: 'MergeSide',
  description: 'Which event of a merge a field comes from.',
  values: { KEPT: 'The canonical event (keepId).', MERGED: 'The duplicate merged into it (mergeId).' },
});

@InputType({ description: 'Where one field of the canonical event comes from. A field not chosen comes from the kept event; a field the chosen event leaves empty (no image, no price, no contacts…) comes from the other.' })
export class MergeChoiceInput {
  @Field(() => MergeFieldEnum, { description: 'The field.' })
  @IsIn(MERGE_FIELDS)
  field: MergeField;

  @Field(() => MergeSideEnum, { description: 'The event its value comes from.' })
  @IsIn(MERGE_SIDES)
  from: MergeSide;
}
