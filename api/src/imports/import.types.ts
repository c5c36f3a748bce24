import { ArrayMaxSize, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from 'type-graphql';
import { EVENT_CATEGORY_IDS } from '@nfc/shared';
import { FieldErrorView } from '../agenda/event.types';
import { registerValuesEnum } from '../common/graphql-enum';
import { IMPORT_FORMATS, IMPORT_RUN_STATES, IMPORT_SCHEDULES, ITEM_OUTCOMES, type ImportFormat, type ImportRunState, type ImportSchedule, type ItemOutcome } from './import.model';

export const ImportFormatEnum = registerValuesEnum(IMPORT_FORMATS, {
  name: 'ImportFormat',
  description: 'The format of an import source.',
  values: {
    ics: 'An ICS calendar (RFC 5545): one event per UID, RRULE and EXDATE kept, GEO for the commune.',
    openagenda: 'An OpenAgenda export (v2 events shape): uid, timings, location.insee or its point, keywords.',
    apidae: 'An Apidae export: objects of type FETE_ET_MANIFESTATION (nom, presentation, ouverture.periodesOuvertures, localisation, illustrations).',
    datatourisme: 'A DATAtourisme JSON-LD file: EntertainmentAndEvent nodes (rdfs:label, takesPlaceAt, isLocatedAt → hasAddressCity insee, dc:identifier).',
  },
});
export const ImportScheduleEnum = registerValuesEnum(IMPORT_SCHEDULES, {
  name: 'ImportSchedule',
  description: 'How often a source is imported on its own.',
  values: { MANUAL: 'Only when asked (run now, the CLI).', HOURLY: 'Every hour, at twenty past.', DAILY: 'Once a day (23 hours or more after the last run).' },
});
export const ImportRunStateEnum = registerValuesEnum(IMPORT_RUN_STATES, {
  name: 'ImportRunState',
  description: 'Where a run is.',
  values: { QUEUED: 'Waiting for a worker.', RUNNING: 'Reading the source and writing the events.', SUCCEEDED: 'Done (some items may have been refused: see problems).', FAILED: 'The source could not be read; nothing was withdrawn (see error).' },
});
export const ImportItemOutcomeEnum = registerValuesEnum(ITEM_OUTCOMES, {
  name: 'ImportItemOutcome',
  description: 'What became of one item of a source (in a dry run, what would).',
  values: {
    CREATED: 'A new event.',
    UPDATED: 'Its event changed.',
    UNCHANGED: 'Its event already said the same: nothing written.',
    CANCELLED: 'Gone from the source, with dates to come: its event is cancelled (it stays in the feeds, marked).',
    DELETED: 'Gone from the source, with no date to come: its event is a tombstone.',
    REFUSED: 'Not imported (see code and errors); the other items are.',
  },
});

@ObjectType({ description: 'One row of a source\'s category table.' })
export class ImportCategoryMappingView {
  @Field({ description: 'The source\'s category: an id or a label as the format names it (Apidae category ids or French labels, OpenAgenda keywords, ICS CATEGORIES, DATAtourisme types and themes); case and accents do not matter.' })
  source: string;

  @Field({ description: 'Our category id.' })
  category: string;
}

@ObjectType({ description: 'One item of a source and what became of it.' })
export class ImportItemReportView {
  @Field({ description: 'The item\'s id in the source (empty when it has none).' }) externalId: string;
  @Field(() => String, { nullable: true, description: 'Its title, as the source gives it.' }) title: string | null;
  @Field(() => ImportItemOutcomeEnum, { description: 'What became of it.' }) outcome: ItemOutcome;
  @Field(() => String, {
    nullable: true,
    description:
      'Stable code. Refusals: MISSING_ID, UNREADABLE (a value of an unexpected type), DUPLICATE_ID, NO_DATES, BAD_USER_INPUT (see errors), FORBIDDEN, NOT_FOUND, MERGED_INTO (the Pôle merged the item into another office\'s event: eventId is that event, which its office edits). Notes on an item that landed: IMAGE_UNAVAILABLE (imported without its image), IMAGE_WOULD_CHANGE (dry run: a new image would be fetched), RECURRENCE_CAPPED (an open-ended rule kept for a year).',
  })
  code: string | null;
  @Field(() => [FieldErrorView], { description: 'Field errors of a refusal, as validateEvent gives them.' }) errors: FieldErrorView[];
  @Field(() => ID, { nullable: true, description: 'The event (none in a dry run for a new one, nor for a refusal).' }) eventId?: string | null;
}

@ObjectType({ description: 'One pass over a source: counts and item-level problems (at most 200 kept).' })
export class ImportRunView {
  @Field(() => ID, { description: 'The run.' }) id: string;
  @Field(() => ID, { description: 'Its source.' }) sourceId: string;
  @Field(() => ImportRunStateEnum, { description: 'Where it is.' }) state: ImportRunState;
  @Field({ description: 'Who started it: MANUAL (run now), SCHEDULED, CLI.' }) trigger: string;
  @Field(() => Int, { description: 'Events created.' }) created: number;
  @Field(() => Int, { description: 'Events updated.' }) updated: number;
  @Field(() => Int, { description: 'Items whose event already said the same.' }) unchanged: number;
  @Field(() => Int, { description: 'Events cancelled (gone from the source, dates to come).' }) cancelled: number;
  @Field(() => Int, { description: 'Events made tombstones (gone from the source, no date to come).' }) deleted: number;
  @Field(() => Int, { description: 'Items refused.' }) refused: number;
  @Field(() => [ImportItemReportView], { description: 'Refused items and notes, item by item (the first 200).' }) problems: ImportItemReportView[];
  @Field(() => String, { nullable: true, description: 'Why a failed run failed (the feed did not answer, not the format…).' }) error: string | null;
  @Field(() => GraphQLISODateTime, { description: 'When it was asked for.' }) queuedAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it started.' }) startedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it ended.' }) finishedAt: Date | null;
}

@ObjectType({ description: 'A source an office imports its events from.' })
export class ImportSourceView {
  @Field(() => ID, { description: 'The source.' }) id: string;
  @Field({ description: 'Its name, for the office.' }) name: string;
  @Field(() => ImportFormatEnum, { description: 'Its format.' }) format: ImportFormat;
  @Field(() => String, { nullable: true, description: 'The feed read at each run, if it is a feed; a credential in its query (key, apiKey, token…) is shown as [redacted].' }) url: string | null;
  @Field(() => String, { nullable: true, description: 'The name of the file last sent, if it is a file (POST /imports/sources/<id>/file).' }) fileName: string | null;
  @Field({ description: 'Whether a file is held (a source is a feed or a file).' }) hasFile: boolean;
  @Field(() => ImportScheduleEnum, { description: 'How often it runs on its own.' }) schedule: ImportSchedule;
  @Field(() => [ImportCategoryMappingView], { description: 'Its category table.' }) categoryMapping: ImportCategoryMappingView[];
  @Field({ description: 'Our category for items none of whose categories is in the table.' }) defaultCategory: string;
  @Field(() => GraphQLISODateTime, { description: 'Registered.' }) createdAt: Date;
  @Field(() => GraphQLISODateTime, { description: 'Last changed.' }) updatedAt: Date;
  @Field(() => [ImportRunView], { description: 'Its last ten runs, newest first.' }) lastRuns: ImportRunView[];
}

@ObjectType({ description: 'What a run would do, item by item; nothing was written.' })
export class ImportDryRunView {
  @Field(() => Int, { description: 'Events that would be created.' }) created: number;
  @Field(() => Int, { description: 'Events that would be updated.' }) updated: number;
  @Field(() => Int, { description: 'Items that would change nothing.' }) unchanged: number;
  @Field(() => Int, { description: 'Events that would be cancelled.' }) cancelled: number;
  @Field(() => Int, { description: 'Events that would become tombstones.' }) deleted: number;
  @Field(() => Int, { description: 'Items that would be refused.' }) refused: number;
  @Field(() => [ImportItemReportView], { description: 'Every item.' }) items: ImportItemReportView[];
}

@InputType({ description: 'One row of a category table.' })
export class ImportCategoryMappingInput {
  @Field({ description: 'The source\'s category (id or label).' })
  @Length(1, 200)
  source: string;

  @Field({ description: 'Our category id.' })
  @IsIn(EVENT_CATEGORY_IDS)
  category: string;
}

@InputType({ description: 'A source to register. A feed gives its url; a file is sent afterwards to POST /imports/sources/<id>/file (multipart, one file).' })
export class ImportSourceInput {
  @Field({ description: 'A name for the office, 1 to 100 characters.' })
  @Length(1, 100)
  name: string;

  @Field(() => ImportFormatEnum, { description: 'Its format.' })
  @IsIn(IMPORT_FORMATS)
  format: ImportFormat;

  @Field(() => String, { nullable: true, description: 'The feed\'s http(s) address (no user name or password in it).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string | null;

  @Field(() => ImportScheduleEnum, { defaultValue: 'MANUAL', description: 'How often it runs on its own.' })
  @IsIn(IMPORT_SCHEDULES)
  schedule: ImportSchedule;

  @Field(() => [ImportCategoryMappingInput], { defaultValue: [], description: 'Its category table.' })
  @ArrayMaxSize(500)
  categoryMapping: ImportCategoryMappingInput[];

  @Field({ description: 'Our category for items none of whose categories is in the table.' })
  @IsIn(EVENT_CATEGORY_IDS)
  defaultCategory: string;
}

@InputType({ description: 'Changes to a source; what is not given stays.' })
export class ImportSourceUpdateInput {
  @Field(() => String, { nullable: true, description: 'A new name.' })
  @IsOptional()
  @Length(1, 100)
  name?: string;

  @Field(() => String, { nullable: true, description: 'A new feed address (the file it held, if any, is forgotten).' })
  @IsOptional()
  @MaxLength(2000)
  url?: string;

  @Field(() => ImportScheduleEnum, { nullable: true, description: 'A new schedule.' })
  @IsOptional()
  @IsIn(IMPORT_SCHEDULES)
  schedule?: ImportSchedule;

  @Field(() => [ImportCategoryMappingInput], { nullable: true, description: 'A new category table (replaces the old one).' })
  @IsOptional()
  @ArrayMaxSize(500)
  categoryMapping?: ImportCategoryMappingInput[];

  @Field(() => String, { nullable: true, description: 'A new default category.' })
  @IsOptional()
  @IsIn(EVENT_CATEGORY_IDS)
  defaultCategory?: string;
}
