import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AGENDA_LIMITS, EVENT_CATEGORY_IDS, INSEE_CODE_PATTERN, type LocalizedText } from '@nfc/shared';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { isUUID, validate } from 'class-validator';
import type { DataSource, EntityManager } from 'typeorm';
import { hasScope, viewerOrganisationId, type Viewer } from '../auth/viewer';
import { AppError, assertUuid, badUserInput, forbidden, notFound, type FieldError } from '../common/errors';
import { flattenValidationErrors } from '../common/validation-errors';
import { textProblem } from '../common/text-normalisation';
import { slugify } from '../organisations/slugify';
import { SqlParams } from '../common/sql-params';
import { mediaAccess } from '../media/media.access';
import { organisationAccess } from '../organisations/organisation.access';
import { attachUpload, syncEventImageVisibility } from '../media/attachments';
import { eventAccess, type EventAccess } from './event.access';
import { AgendaEvent } from './event.entities';
import type { EventInput, UpsertEventInput } from './event.inputs';
import { expandSchedule, type EventSchedule, type Occurrence } from './schedule';
import { adoptMergeContributions, choicesByField, planMerge, type MergeChoice } from './merge';
import { sameValue } from './same-value';
import { mergeNotices, reviewNotice, tellOrganisations, type NoticeDeps } from './review-notices';
// syndication: webhooks
import { announceEventChange, publicStateOf, type PublicState, type WebhookAnnouncer } from '../webhooks/webhook-events';

export interface CheckedEvent {
  values: Omit<Partial<AgendaEvent>, 'id' | 'slug' | 'publisherId'>;
  occurrences: Occurrence[];
}

export interface UpsertResult {
  externalId: string;
  ok: boolean;
  created: boolean;
  eventId: string | null;
  code: string | null;
  errors: FieldError[];
  /** What the call did to the item (a dry run: what it would do). */
  outcome: 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'REFUSED';
}

export interface UpsertOptions {
  /** Every check and write runs, in each item's own transaction, which is then rolled back. */
  dryRun?: boolean;
  /** Problems found before the batch (an image that could not be fetched), by item index: those items are refused with them. */
  itemErrors?: Map<number, FieldError[]>;
}

/** An item removed at its source: cancelled while it has dates to come, a tombstone otherwise. */
export interface WithdrawResult {
  eventId: string;
  /** MERGED_INTO: the Pôle merged the item into another office's event (eventId), which stays. */
  outcome: 'CANCELLED' | 'DELETED' | 'UNCHANGED' | 'MERGED_INTO';
}

/** Thrown at the end of a dry run's transaction, so that nothing it wrote stays. */
class DryRunRollback<T> extends Error {
  constructor(readonly outcome: T) {
    super('dry run');
  }
}

/** Merges of merges are followed this far (each merge is a Pôle decision: a chain is short). */
const MERGE_CHAIN_MAX = 20;

/**
 * The answer to a write aimed at an event the Pôle merged into another: not stored, with the id
 * of the event that now holds it, so the office's system can follow (never accepted and dropped).
 */
function mergedIntoError(canonicalEventId: string, field = 'id'): AppError {
  return new AppError('MERGED_INTO', `This event was merged into event ${canonicalEventId}; write to that one (its office edits it, yours co-publishes it).`, {
    canonicalEventId,
    fields: [{ field, message: `Merged into ${canonicalEventId}.` }],
  });
}

export interface EventServiceOptions {
  dataSource: DataSource;
  viewer: Viewer;
  /** How offices are told of the Pôle's decisions (review, merges); without it nobody is. */
  notices?: Omit<NoticeDeps, 'dataSource'>;
  /** Where changes the public sees are announced to webhook subscribers; without it, nowhere. */
  webhooks?: WebhookAnnouncer;
}

const HTML_TAG = /<\s*\/?\s*[a-z!][^>]*>/i;
const SCRIPT_URL = /\]\(\s*(?:javascript|data|vbscript):/i;
const HTTPS_URL = /^https:\/\/[^\s/$.?#][^\s]*$/i;
const SYSTEM_PATTERN = /^[a-z0-9][a-z0-9-]{1,31}$/;
/** Trigram similarity of the folded French titles from which two events are flagged as a likely duplicate. */
const DUPLICATE_TITLE_SIMILARITY = 0.45;

/** What is wrong with an external id, or null: a short single-line text, as every system's ids are. */
function externalIdProblem(id: string): string | null {
  if (!id || id.length > 200) return 'externalId is required: from 1 to 200 characters.';
  // Tabs and newlines are text elsewhere, not in an id.
  if (id.trim() !== id || /[\t\n\u2028\u2029]/.test(id) || textProblem(id)) return 'externalId has spaces around it or control characters.';
  return null;
}

/**
 * Roughly 300 m, in degrees at 47.5° N: the slack given to a point just across its commune's
 * outline (a car park over the boundary, an outline simplified by the IGN data).
 */
const COMMUNE_SLACK = { lat: 0.0027, lon: 0.004 };

/**
 * Whether a point lies in the commune's outline or within the slack of it: the point itself, or
 * one of eight points around it at the slack's distance, falls inside the outline.
 */
function pointFitsCommune(commune: { min_lat: number; max_lat: number; min_lon: number; max_lon: number; geometry: Parameters<typeof booleanPointInPolygon>[1] }, lat: number, lon: number): boolean {
  if (lat < commune.min_lat - COMMUNE_SLACK.lat || lat > commune.max_lat + COMMUNE_SLACK.lat || lon < commune.min_lon - COMMUNE_SLACK.lon || lon > commune.max_lon + COMMUNE_SLACK.lon) return false;
  const around = [0, 1, -1].flatMap((dy) => [0, 1, -1].map((dx) => [lon + dx * COMMUNE_SLACK.lon, lat + dy * COMMUNE_SLACK.lat] as [number, number]));
  return around.some((point) => booleanPointInPolygon(point, commune.geometry));
}

/** Images by address are for systems that sync (upsertEvents); an editor uploads the file. */
function refuseImageUrl(input: EventInput): void {
  if (input.imageUrl) throw badUserInput('An image by address is read by upsertEvents; here, upload the file (POST /uploads?purpose=EVENT_IMAGE).', [{ field: 'imageUrl', message: 'Only in upsertEvents.' }]);
}

let frenchInseeCodes: Set<string> | undefined;
/** Every current and former French commune code, to tell "outside the territory" from "unknown". */
/** The longest refusal reason: a paragraph or two, enough to explain, short enough for an e-mail. */
export const REJECTION_REASON_MAX = 2000;

/** The review states each decision answers. */
const DECIDABLE: Record<'PUBLISHED' | 'REJECTED', readonly string[]> = { PUBLISHED: ['PENDING', 'REJECTED'], REJECTED: ['PENDING'] };

/** The fields a change of status carries with it (moving online needs its link). */
const STATUS_CHANGE_FIELDS = new Set(['status', 'attendanceMode', 'onlineUrl']);
const RESCHEDULE_FIELDS = new Set(['schedule', 'allDay']);

function isFrenchInseeCode(code: string): boolean {
  frenchInseeCodes ??= new Set(
    (JSON.parse(readFileSync(require.resolve('@etalab/decoupage-administratif/data/communes.json'), 'utf8')) as Array<{ code: string; anciensCodes?: string[] }>).flatMap((c) => [c.code, ...(c.anciensCodes ?? [])]),
  );
  return frenchInseeCodes.has(code);
}

function localized<T extends { fr: string; en?: string; de?: string }>(text: T | undefined | null): LocalizedText | null {
  if (!text) return null;
  const clean = (value: string | undefined) => value?.trim() || undefined;
  return { fr: text.fr.trim(), ...(clean(text.en) ? { en: clean(text.en) } : {}), ...(clean(text.de) ? { de: clean(text.de) } : {}) };
}

/**
 * Writing the agenda. Built per request for the viewer: an office writes only the events
 * it publishes; the Pôle (scope "moderation") may write any.
 */
export class EventService {
  private readonly dataSource: DataSource;
  private readonly viewer: Viewer;
  private readonly access: EventAccess;

  private readonly notices: NoticeDeps | null;
  private readonly webhooks: WebhookAnnouncer | null;

  constructor(options: EventServiceOptions) {
    this.webhooks = options.webhooks ?? null;
    this.dataSource = options.dataSource;
    this.notices = options.notices ? { ...options.notices, dataSource: options.dataSource } : null;
    this.viewer = options.viewer;
    this.access = eventAccess(options.viewer);
  }

  /** Every problem with an event at once (the dry run returns them all), or the values to store. */
  async check(input: EventInput, db: EntityManager | DataSource = this.dataSource): Promise<{ errors: FieldError[]; checked?: CheckedEvent; occurrences: Occurrence[] }> {
    const errors = flattenValidationErrors(await validate(input, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false }));
    for (const [field, text] of [['title', input.title], ['shortDescription', input.shortDescription], ['longDescription', input.longDescription]] as const) {
      for (const language of ['fr', 'en', 'de'] as const) {
        const value = text?.[language];
        if (value && HTML_TAG.test(value)) errors.push({ field: `${field}.${language}`, message: 'HTML is not accepted here: write plain text (Markdown in the long description).' });
        if (value && SCRIPT_URL.test(value)) errors.push({ field: `${field}.${language}`, message: 'Links must be http, https, mailto or tel.' });
      }
    }
    const unknownCategories = (input.categories ?? []).filter((id) => !EVENT_CATEGORY_IDS.includes(id));
    if (!input.categories?.length) errors.push({ field: 'categories', message: 'At least one category.' });
    if (unknownCategories.length) errors.push({ field: 'categories', message: `Unknown: ${unknownCategories.join(', ')}. Known: ${EVENT_CATEGORY_IDS.join(', ')}.` });
    if (input.minAge != null && input.maxAge != null && input.maxAge < input.minAge) errors.push({ field: 'maxAge', message: 'Below the minimum age.' });
    const hasPrice = input.priceMin != null || input.priceMax != null;
    if (hasPrice && !input.currency) errors.push({ field: 'currency', message: 'A price needs a currency (EUR or CHF).' });
    if (hasPrice && input.isFree) errors.push({ field: 'isFree', message: 'A free event has no price.' });
    if (input.priceMin != null && input.priceMax != null && input.priceMax < input.priceMin) errors.push({ field: 'priceMax', message: 'Below the lowest price.' });
    if (input.attendanceMode !== 'OFFLINE' && !input.onlineUrl) errors.push({ field: 'onlineUrl', message: 'Online and mixed events need their URL.' });
    if (input.status === 'MOVED_ONLINE') {
      if (!input.onlineUrl && input.attendanceMode === 'OFFLINE') errors.push({ field: 'onlineUrl', message: 'An event moved online needs its online URL.' });
      if (input.attendanceMode === 'OFFLINE') errors.push({ field: 'attendanceMode', message: 'An event moved online is attended online: ONLINE (or MIXED).' });
    }
    for (const field of ['onlineUrl', 'bookingUrl'] as const) {
      if (input[field] && !HTTPS_URL.test(input[field]!)) errors.push({ field, message: 'An https:// address.' });
    }

    const communeCode = input.place?.communeInsee ?? '';
    const hasPoint = typeof input.place?.lat === 'number' && typeof input.place?.lon === 'number' && Number.isFinite(input.place.lat) && Number.isFinite(input.place.lon);
    const [commune] = INSEE_CODE_PATTERN.test(communeCode)
      ? await db.query(
          // The outline only when there is a point to test against it.
          `SELECT name, centroid_lat, centroid_lon, min_lat, max_lat, min_lon, max_lon, CASE WHEN $2 THEN geometry END AS geometry FROM commune WHERE insee_code = $1`,
          [communeCode, hasPoint],
        )
      : [];
    if (commune && hasPoint && !pointFitsCommune(commune, input.place.lat!, input.place.lon!)) {
      errors.push({ field: 'place.lat', message: `These coordinates are not in ${commune.name} (${communeCode}): correct the point or the commune (latitude first, in degrees).` });
    }
    if (!commune) {
      errors.push({
        field: 'place.communeInsee',
        message: INSEE_CODE_PATTERN.test(communeCode) && isFrenchInseeCode(communeCode) ? 'This commune is outside the Nord Franche-Comté territory.' : 'Unknown commune (expected an INSEE code, not a postal code).',
      });
    }
    if ((input.place?.lat == null) !== (input.place?.lon == null)) errors.push({ field: 'place.lat', message: 'Give both latitude and longitude, or neither.' });

    if (input.imageUploadId) {
      const params = new SqlParams([input.imageUploadId]);
      const [image] = isUUID(input.imageUploadId)
        ? await db.query(
            // The viewer's own upload, or the image an event they may edit already shows (the Pôle editing an office's event keeps its image).
            `SELECT m.purpose FROM media_item m WHERE m.id = $1 AND (${mediaAccess(this.viewer).attachable('m', params)}
               OR EXISTS (SELECT 1 FROM event e WHERE e.image_media_id = m.id AND ${this.access.editable('e', params)}))`,
            params.values,
          )
        : [];
      if (!image || image.purpose !== 'EVENT_IMAGE') errors.push({ field: 'imageUploadId', message: 'Unknown upload (send the image to POST /uploads?purpose=EVENT_IMAGE first).' });
    }

    const schedule: EventSchedule = {
      allDay: Boolean(input.schedule?.allDay),
      dates: input.schedule?.dates?.map((d) => ({ start: d.start, end: d.end ?? null })) ?? null,
      recurrence: input.schedule?.recurrence
        ? { start: input.schedule.recurrence.start, durationMinutes: input.schedule.recurrence.durationMinutes, rule: input.schedule.recurrence.rule, exceptions: input.schedule.recurrence.exceptions ?? null, additions: input.schedule.recurrence.additions ?? null }
        : null,
    };
    const expanded = input.schedule ? expandSchedule(schedule) : { occurrences: [], errors: [] };
    errors.push(...expanded.errors);
    // The dates are given back even when another field is wrong, so the editor can preview them.
    if (errors.length) return { errors, occurrences: expanded.occurrences };

    const approximate = input.place.lat == null;
    return {
      errors,
      occurrences: expanded.occurrences,
      checked: {
        occurrences: expanded.occurrences,
        values: {
          status: input.status ?? 'SCHEDULED',
          moderation: input.draft ? 'DRAFT' : 'PUBLISHED',
          title: localized(input.title)!,
          shortDescription: localized(input.shortDescription),
          longDescription: localized(input.longDescription),
          translationOrigin: Object.fromEntries((input.machineTranslated ?? []).map((language) => [language, 'MACHINE' as const])),
          categories: [...new Set(input.categories)],
          minAge: input.minAge ?? null,
          maxAge: input.maxAge ?? null,
          accessibility: [...new Set(input.accessibility ?? [])],
          attendanceMode: input.attendanceMode ?? 'OFFLINE',
          onlineUrl: input.onlineUrl ?? null,
          isFree: Boolean(input.isFree),
          priceMin: input.priceMin != null ? input.priceMin.toFixed(2) : null,
          priceMax: input.priceMax != null ? input.priceMax.toFixed(2) : null,
          currency: hasPrice ? input.currency ?? null : null,
          bookingUrl: input.bookingUrl ?? null,
          registrationContact: input.registrationContact ?? null,
          organiserName: input.organiserName ?? null,
          organiserContact: input.organiserContact ?? null,
          // Public only when there is something to show.
          registrationContactPublic: Boolean(input.registrationContactPublic && input.registrationContact),
          organiserContactPublic: Boolean(input.organiserContactPublic && input.organiserContact),
          imageMediaId: input.imageUploadId ?? null,
          // Kept only with the image it gave (ImageByUrl fetched it, or found it unchanged).
          imageSourceUrl: input.imageUploadId && input.imageUrl ? input.imageUrl : null,
          imageCredit: input.imageCredit ?? null,
          imageAlt: localized(input.imageAlt),
          placeName: input.place.name ?? null,
          streetAddress: input.place.streetAddress ?? null,
          postalCode: input.place.postalCode ?? null,
          communeInsee: communeCode,
          lat: approximate ? commune.centroid_lat : input.place.lat!,
          lon: approximate ? commune.centroid_lon : input.place.lon!,
          locationApproximate: approximate,
          allDay: schedule.allDay,
          schedule,
        },
      },
    };
  }

  private async checkOrThrow(input: EventInput, db?: EntityManager): Promise<CheckedEvent> {
    const { errors, checked } = await this.check(input, db);
    if (!checked) throw badUserInput('The event is not valid.', errors);
    return checked;
  }

  private async replaceOccurrences(db: EntityManager, eventId: string, occurrences: Occurrence[]): Promise<void> {
    await db.query(`DELETE FROM event_occurrence WHERE event_id = $1`, [eventId]);
    if (!occurrences.length) return;
    await db.query(
      `INSERT INTO event_occurrence (event_id, starts_at, ends_at) SELECT $1, s, e FROM unnest($2::timestamptz[], $3::timestamptz[]) AS t(s, e)`,
      [eventId, occurrences.map((o) => o.startsAt.toISOString()), occurrences.map((o) => o.endsAt.toISOString())],
    );
  }

  /**
   * The image is attached when the event is saved, draft or not, before the row is written
   * (an upload another row holds is refused, never deleted); its visibility then follows the
   * event through syncEventImageVisibility (media/attachments.ts), after every state change.
   */
  private async attachImage(db: EntityManager, checked: CheckedEvent, current?: AgendaEvent): Promise<void> {
    if (!checked.values.imageMediaId) return;
    await attachUpload(db, { uploadId: checked.values.imageMediaId, purposes: ['EVENT_IMAGE'], owner: mediaAccess(this.viewer).attachable, heldByEventId: current?.id, field: 'imageUploadId' });
  }

  private async insert(db: EntityManager, checked: CheckedEvent): Promise<AgendaEvent> {
    const publisherId = viewerOrganisationId(this.viewer);
    if (!publisherId) throw forbidden('Events are published by an organisation.');
    const slug = `${slugify(checked.values.title!.fr).slice(0, 60).replace(/-+$/, '')}-${randomBytes(3).toString('hex')}`;
    const moderation = checked.values.moderation === 'DRAFT' ? 'DRAFT' : await this.initialModeration(db, publisherId);
    const repository = db.getRepository(AgendaEvent);
    await this.attachImage(db, checked);
    const event = await repository.save(repository.create({ ...checked.values, moderation, slug, publisherId, sequence: 0, previousStartDate: null, deletedAt: null, mergedIntoId: null }));
    await this.replaceOccurrences(db, event.id, checked.occurrences);
    await syncEventImageVisibility(db, { eventIds: [event.id] });
    await this.flagDuplicates(db, event);
    await this.announce(db, event.id, null);
    return event;
  }

  /** Published at once, unless the office asked for review (the Pôle's own staff never wait). */
  private async initialModeration(db: EntityManager, publisherId: string): Promise<'PUBLISHED' | 'PENDING'> {
    if (hasScope(this.viewer, 'moderation')) return 'PUBLISHED';
    const [row] = await db.query(`SELECT agenda_requires_review FROM organisation WHERE id = $1`, [publisherId]);
    return row?.agenda_requires_review ? 'PENDING' : 'PUBLISHED';
  }

  /**
   * Flags events of other offices that look like this one: a similar title (trigrams),
   * the same or a neighbouring commune, and overlapping dates. Flagged, never blocked.
   *
   * The candidates come from the dates (the GiST period index), then the commune, and only
   * the few left have their titles compared. Starting from similar titles instead costs as
   * much as there are look-alikes: thousands for "Marché hebdomadaire à …". The title test is
   * similarity() rather than the % operator so that the planner cannot pick that road.
   */
  private async flagDuplicates(db: EntityManager, event: AgendaEvent): Promise<void> {
    await db.query(
      `WITH me AS MATERIALIZED (
         SELECT id, publisher_id, commune_insee, nfc_fold(title->>'fr') AS folded FROM event WHERE id = $1),
       near AS MATERIALIZED (
         SELECT n.insee_code FROM me JOIN commune c ON c.insee_code = me.commune_insee
         JOIN commune n ON n.min_lon <= c.max_lon AND n.max_lon >= c.min_lon AND n.min_lat <= c.max_lat AND n.max_lat >= c.min_lat),
       overlapping AS MATERIALIZED (
         SELECT DISTINCT b.event_id FROM event_occurrence a
         JOIN event_occurrence b ON tstzrange(b.starts_at, b.ends_at) && tstzrange(a.starts_at, a.ends_at)
         WHERE a.event_id = $1 AND b.event_id <> $1)
       INSERT INTO event_duplicate (event_id, other_event_id, similarity)
       SELECT least(me.id, o.id), greatest(me.id, o.id), similarity(o.folded, me.folded)
       FROM me CROSS JOIN overlapping
       -- OFFSET 0 keeps this a lookup by primary key per candidate.
       CROSS JOIN LATERAL (
         SELECT o.id, nfc_fold(o.title->>'fr') AS folded FROM event o
         WHERE o.id = overlapping.event_id AND o.publisher_id <> me.publisher_id AND o.deleted_at IS NULL
           AND o.merged_into_id IS NULL AND o.commune_insee IN (SELECT insee_code FROM near)
         OFFSET 0) o
       WHERE similarity(o.folded, me.folded) >= ${DUPLICATE_TITLE_SIMILARITY}
       ON CONFLICT DO NOTHING`,
      [event.id],
    );
  }

  /**
   * Tells webhook subscribers of a change the public can see, in the change's own transaction
   * (webhooks/webhook-events.ts): `before` is how the event looked to the public before it.
   */
  private async announce(db: EntityManager, eventId: string, before: PublicState | null): Promise<void> {
    if (this.webhooks) await announceEventChange(db, this.webhooks, eventId, before);
  }

  /**
   * The event, locked, if the viewer may change it. The row filter is in the statement; only
   * when it finds nothing do we tell "another office's event" (FORBIDDEN: the viewer may read
   * it, so its existence is no secret) from "out of reach or missing" (NOT_FOUND).
   */
  private async editableEvent(db: EntityManager, id: string): Promise<AgendaEvent> {
    assertUuid(id);
    const params = new SqlParams([id]);
    const [row] = await db.query(`SELECT e.id FROM event e WHERE e.id = $1 AND ${this.access.editable('e', params)} FOR UPDATE`, params.values);
    if (row) return (await db.getRepository(AgendaEvent).findOneBy({ id }))!;
    if (await this.isReadable(db, id)) throw forbidden('Only the office that publishes this event may change it.');
    const canonical = await this.mergedInto(db, id);
    if (canonical) throw mergedIntoError(canonical);
    throw notFound('Event', id);
  }

  /**
   * The event a merged one now lives in, following later merges of that one, when the viewer may
   * be told (its office published the merged event, or the Pôle): null otherwise.
   */
  private async mergedInto(db: EntityManager, id: string): Promise<string | null> {
    const params = new SqlParams([id]);
    const [row] = await db.query(
      `WITH RECURSIVE chain(id, merged_into_id, depth) AS (
         SELECT e.id, e.merged_into_id, 0 FROM event e WHERE e.id = $1 AND ${this.access.mergedAway('e', params)}
         UNION ALL SELECT n.id, n.merged_into_id, chain.depth + 1 FROM chain JOIN event n ON n.id = chain.merged_into_id WHERE chain.depth < ${MERGE_CHAIN_MAX})
       SELECT id FROM chain WHERE merged_into_id IS NULL ORDER BY depth DESC LIMIT 1`,
      params.values,
    );
    return row?.id ?? null;
  }

  private async isReadable(db: EntityManager | DataSource, id: string): Promise<boolean> {
    const params = new SqlParams([id]);
    const [row] = await db.query(`SELECT 1 FROM event e WHERE e.id = $1 AND ${this.access.readable('e', params)}`, params.values);
    return Boolean(row);
  }

  /** The event, locked, if the viewer moderates it (the Pôle); NOT_FOUND otherwise. */
  private async moderatableEvent(db: EntityManager, id: string, field = 'id'): Promise<AgendaEvent> {
    assertUuid(id, field);
    const params = new SqlParams([id]);
    const [row] = await db.query(`SELECT e.id FROM event e WHERE e.id = $1 AND ${this.access.moderatable('e', params)} FOR UPDATE`, params.values);
    if (!row) throw notFound('Event', id);
    return (await db.getRepository(AgendaEvent).findOneBy({ id }))!;
  }

  private async apply(db: EntityManager, event: AgendaEvent, sent: CheckedEvent): Promise<AgendaEvent> {
    // What merges brought in stays through the office's resends of its own item (merge.ts).
    const adopted = adoptMergeContributions(event, sent.values);
    const checked: CheckedEvent = { values: adopted.values, occurrences: adopted.datesKept ? expandSchedule(event.schedule).occurrences : sent.occurrences };
    const [first] = await db.query(`SELECT min(starts_at) AS first FROM event_occurrence WHERE event_id = $1`, [event.id]);
    // Rescheduled to other dates, or postponed: the date it was to start is kept.
    const previousStartDate =
      (checked.values.status === 'RESCHEDULED' && first?.first && checked.occurrences[0] && new Date(first.first).getTime() !== checked.occurrences[0].startsAt.getTime()) ||
      (checked.values.status === 'POSTPONED' && event.status !== 'POSTPONED' && first?.first)
        ? new Date(first.first)
        : event.previousStartDate;
    // An update changes the content, not the review state (a draft stays a draft unless submitted)…
    const { moderation: _moderation, ...values } = checked.values;
    // …and the same content sent again changes nothing: no new sequence, no new updatedAt, and an
    // approved event stays approved (a nightly sync must not send an office's agenda back to review).
    if (await this.unchanged(db, event, values, checked.occurrences)) return event;
    // One review rule: an office under review that changes an approved event's content sends it back
    // to the Pôle. A change of status alone (cancelled, postponed, full, moved online with its link,
    // rescheduled to new dates) is news visitors and calendars must get at once: it stays published.
    const moderation =
      event.moderation === 'PUBLISHED' && !(await this.onlyStatusChanged(db, event, values, checked.occurrences)) && (await this.initialModeration(db, event.publisherId)) === 'PENDING'
        ? 'PENDING'
        : event.moderation;
    await this.attachImage(db, checked, event);
    await db.getRepository(AgendaEvent).update({ id: event.id }, { ...values, moderation, previousStartDate, sequence: event.sequence + 1 });
    await this.replaceOccurrences(db, event.id, checked.occurrences);
    // The image it had before turns private if nothing public holds it any more.
    await syncEventImageVisibility(db, { eventIds: [event.id], mediaIds: [event.imageMediaId] });
    const updated = (await db.getRepository(AgendaEvent).findOneBy({ id: event.id }))!;
    await this.flagDuplicates(db, updated);
    await this.announce(db, event.id, publicStateOf(event));
    return updated;
  }

  /** Whether the change keeps the content and touches only the status (and what a status change carries). */
  private async onlyStatusChanged(db: EntityManager, event: AgendaEvent, values: CheckedEvent['values'], occurrences: Occurrence[]): Promise<boolean> {
    // Rescheduling is moving the dates: the new schedule and its dates come with it.
    const rescheduled = values.status === 'RESCHEDULED';
    // The online link comes with the move online; changing it afterwards is new content, reviewed.
    const movingOnline = values.status === 'MOVED_ONLINE' && event.status !== 'MOVED_ONLINE';
    const carried = (key: string) => STATUS_CHANGE_FIELDS.has(key) && (key !== 'onlineUrl' || movingOnline);
    const content = Object.fromEntries(Object.entries(values).filter(([key]) => !carried(key) && !(rescheduled && RESCHEDULE_FIELDS.has(key))));
    return this.unchanged(db, event, content, rescheduled ? null : occurrences);
  }

  /**
   * Whether `values` and `occurrences` are what the event already holds (`occurrences` null: not compared). Each value is compared
   * as JSON (dates as instants); a column PostgreSQL returns in another shape (a numeric as
   * text, say) only ever reads as changed, so the answer errs towards writing.
   */
  private async unchanged(db: EntityManager, event: AgendaEvent, values: CheckedEvent['values'], occurrences: Occurrence[] | null): Promise<boolean> {
    for (const [key, value] of Object.entries(values)) {
      if (!sameValue((event as unknown as Record<string, unknown>)[key], value)) return false;
    }
    if (occurrences === null) return true;
    const stored: Array<{ starts_at: Date; ends_at: Date }> = await db.query(`SELECT starts_at, ends_at FROM event_occurrence WHERE event_id = $1 ORDER BY starts_at, ends_at`, [event.id]);
    const sent = [...occurrences].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.endsAt.getTime() - b.endsAt.getTime());
    return stored.length === sent.length && stored.every((row, i) => row.starts_at.getTime() === sent[i]!.startsAt.getTime() && row.ends_at.getTime() === sent[i]!.endsAt.getTime());
  }

  create(input: EventInput): Promise<AgendaEvent> {
    refuseImageUrl(input);
    return this.dataSource.transaction(async (db) => this.insert(db, await this.checkOrThrow(input, db)));
  }

  /** Resolves an event by id or slug (one of them), before the ownership check. */
  async idOf(where: { id?: string | null; slug?: string | null }): Promise<string> {
    if (where.id) return where.id;
    // Only a slug the viewer may read resolves: another office's draft answers like an unknown slug.
    const params = new SqlParams([where.slug]);
    const [row] = where.slug ? await this.dataSource.query(`SELECT e.id FROM event e WHERE e.slug = $1 AND ${this.access.readable('e', params)}`, params.values) : [];
    if (!row) throw notFound('Event', where.slug ?? '?');
    return row.id;
  }

  update(id: string, input: EventInput): Promise<AgendaEvent> {
    refuseImageUrl(input);
    return this.dataSource.transaction(async (db) => {
      const event = await this.editableEvent(db, id);
      return this.apply(db, event, await this.checkOrThrow(input, db));
    });
  }

  /** Deletion keeps a tombstone, so that systems syncing with eventChanges learn of it. */
  remove(id: string): Promise<AgendaEvent> {
    return this.dataSource.transaction(async (db) => {
      const event = await this.editableEvent(db, id);
      await this.tombstone(db, event);
      return (await db.getRepository(AgendaEvent).findOneBy({ id: event.id }))!;
    });
  }

  /** `event` as it was before: what the public saw of it decides what webhook subscribers are told. */
  private async tombstone(db: EntityManager, event: AgendaEvent): Promise<void> {
    await db.query(`UPDATE event SET deleted_at = now(), updated_at = now(), sequence = sequence + 1 WHERE id = $1`, [event.id]);
    await db.query(`DELETE FROM event_occurrence WHERE event_id = $1`, [event.id]);
    await syncEventImageVisibility(db, { eventIds: [event.id] });
    await this.announce(db, event.id, publicStateOf(event));
  }

  private async markCancelled(db: EntityManager, event: AgendaEvent): Promise<void> {
    await db.query(`UPDATE event SET status = 'CANCELLED', sequence = sequence + 1, updated_at = now() WHERE id = $1`, [event.id]);
    // Still on the agenda, marked: its image stays public.
    await syncEventImageVisibility(db, { eventIds: [event.id] });
    await this.announce(db, event.id, publicStateOf(event));
  }

  /** A draft goes to review, or straight to the agenda when the office needs no review. */
  submit(id: string): Promise<AgendaEvent> {
    return this.dataSource.transaction(async (db) => {
      const event = await this.editableEvent(db, id);
      const next = event.moderation === 'DRAFT' || event.moderation === 'REJECTED' ? await this.initialModeration(db, event.publisherId) : event.moderation;
      // Submitted again: the refusal it answers is settled, its reason goes with it.
      await db.query(`UPDATE event SET moderation = $2, rejection_reason = CASE WHEN $2::moderation_state = 'REJECTED' THEN rejection_reason END, updated_at = now() WHERE id = $1`, [id, next]);
      await syncEventImageVisibility(db, { eventIds: [id] });
      await this.announce(db, id, publicStateOf(event));
      return (await db.getRepository(AgendaEvent).findOneBy({ id }))!;
    });
  }

  /**
   * The Pôle's decision on an event under review (it may also publish for an office). A refusal
   * carries its reason, kept beside the event for the office; an approval clears it.
   */
  moderate(id: string, decision: 'PUBLISHED' | 'REJECTED', reason: string | null = null): Promise<AgendaEvent> {
    const text = reason?.trim() ?? '';
    // Every refusal travels with its reason: the office reads it beside the event and in its e-mail.
    if (decision === 'REJECTED' && (!text || text.length > REJECTION_REASON_MAX)) throw badUserInput('A refusal needs its reason.', [{ field: 'reason', message: `From 1 to ${REJECTION_REASON_MAX} characters.` }]);
    return this.dataSource.transaction(async (db) => {
      const event = await this.moderatableEvent(db, id);
      // A decision answers a submission: refusing takes an event under review; publishing also
      // takes back a refusal. Anything else was decided already (by another moderator, or in a
      // tab left open) and is not overturned silently, nor told twice to the office.
      if (!DECIDABLE[decision].includes(event.moderation)) {
        throw new AppError('CONFLICT', `This event is ${event.moderation.toLowerCase()}: there is nothing to decide.`, { fields: [{ field: 'id', message: `Already ${event.moderation}.` }] });
      }
      await db.query(`UPDATE event SET moderation = $2, rejection_reason = $3, reviewed_at = now(), updated_at = now() WHERE id = $1`, [id, decision, decision === 'REJECTED' ? text : null]);
      await syncEventImageVisibility(db, { eventIds: [id] });
      await this.announce(db, id, publicStateOf(event));
      return (await db.getRepository(AgendaEvent).findOneBy({ id }))!;
    });
  }

  /** The Pôle's decision, stored, then told to the event's office by e-mail. */
  async decide(id: string, decision: 'PUBLISHED' | 'REJECTED', reason: string | null = null): Promise<AgendaEvent> {
    const event = await this.moderate(id, decision, reason);
    if (this.notices) await tellOrganisations(this.notices, [reviewNotice(this.notices, event)]);
    return event;
  }

  /** A merge, stored, then told to both offices. */
  async mergeAndTell(keepId: string, mergeId: string, choices: readonly MergeChoice[] = []): Promise<AgendaEvent> {
    const { kept, merged } = await this.merge(keepId, mergeId, choices);
    if (this.notices) await tellOrganisations(this.notices, mergeNotices(this.notices, kept, merged));
    return kept;
  }

  /** Cancelling is a status, not a deletion: the event stays in every feed, marked. */
  cancel(id: string): Promise<AgendaEvent> {
    return this.dataSource.transaction(async (db) => {
      await this.markCancelled(db, await this.editableEvent(db, id));
      return (await db.getRepository(AgendaEvent).findOneBy({ id }))!;
    });
  }

  /** Another office features an event in its own agenda, without being able to edit it. */
  async feature(id: string): Promise<AgendaEvent> {
    assertUuid(id);
    const organisationId = viewerOrganisationId(this.viewer);
    const params = new SqlParams([id, organisationId]);
    const inserted: Array<{ event_id: string }> = await this.dataSource.query(
      `INSERT INTO event_co_publisher (event_id, organisation_id)
       SELECT e.id, $2 FROM event e WHERE e.id = $1 AND ${this.access.featurable('e', params)}
       ON CONFLICT (event_id, organisation_id) DO UPDATE SET organisation_id = excluded.organisation_id
       RETURNING event_id`,
      params.values,
    );
    if (!inserted.length) {
      // CASE: the office's own event is readable but not featurable; anything else is out of reach.
      const own = organisationId ? await this.dataSource.query(`SELECT 1 FROM event WHERE id = $1 AND publisher_id = $2 AND deleted_at IS NULL`, [id, organisationId]) : [];
      if (own.length) throw badUserInput('You already publish this event.', [{ field: 'id', message: 'Own event.' }]);
      throw notFound('Event', id);
    }
    return (await this.dataSource.getRepository(AgendaEvent).findOneBy({ id }))!;
  }

  async setReview(organisationId: string, required: boolean): Promise<boolean> {
    assertUuid(organisationId, 'organisationId');
    const params = new SqlParams([organisationId, required]);
    const result = await this.dataSource.query(`UPDATE organisation o SET agenda_requires_review = $2 WHERE o.id = $1 AND ${organisationAccess(this.viewer).manageable('o', params)} RETURNING o.id`, params.values);
    if (!(result[0] as unknown[]).length) throw notFound('Organisation', organisationId);
    return required;
  }

  /**
   * Merges a duplicate into the canonical event. Nothing is lost: each field comes from the side
   * the Pôle chose (the kept event by default) and what that side lacks from the other (merge.ts);
   * the duplicate stays as a tombstone pointing to the canonical one, its external ids now lead to
   * it, and its publisher (and co-publishers) become co-publishers of it.
   */
  merge(keepId: string, mergeId: string, choices: readonly MergeChoice[] = []): Promise<{ kept: AgendaEvent; merged: AgendaEvent }> {
    if (keepId === mergeId) throw badUserInput('Two different events are needed.', [{ field: 'mergeId', message: 'Same as keepId.' }]);
    choicesByField(choices);
    return this.dataSource.transaction(async (db) => {
      const keep = await this.moderatableEvent(db, keepId, 'keepId');
      const merged = await this.moderatableEvent(db, mergeId, 'mergeId');
      const plan = planMerge(keep, merged, choices);
      await db.query(`UPDATE event_external_id SET event_id = $1 WHERE event_id = $2`, [keepId, mergeId]);
      await db.query(
        `INSERT INTO event_co_publisher (event_id, organisation_id)
         SELECT $1, organisation_id FROM (SELECT $3::uuid AS organisation_id UNION SELECT organisation_id FROM event_co_publisher WHERE event_id = $2) s
         WHERE organisation_id <> $4
         ON CONFLICT DO NOTHING`,
        [keepId, mergeId, merged.publisherId, keep.publisherId],
      );
      if (plan.datesFromMerged) {
        await db.query(`DELETE FROM event_occurrence WHERE event_id = $1`, [keepId]);
        await db.query(`INSERT INTO event_occurrence (event_id, starts_at, ends_at) SELECT $1, starts_at, ends_at FROM event_occurrence WHERE event_id = $2`, [keepId, mergeId]);
      }
      await db.query(`UPDATE event SET deleted_at = now(), updated_at = now(), merged_into_id = $1, sequence = sequence + 1 WHERE id = $2`, [keepId, mergeId]);
      await db.query(`DELETE FROM event_occurrence WHERE event_id = $1`, [mergeId]);
      await db.getRepository(AgendaEvent).update({ id: keepId }, { ...plan.values, sequence: keep.sequence + 1 });
      // The image the kept event showed before turns private if nothing public holds it any more.
      await syncEventImageVisibility(db, { eventIds: [mergeId, keepId], mediaIds: [keep.imageMediaId, merged.imageMediaId] });
      await db.query(`UPDATE event_duplicate SET state = 'MERGED' WHERE (event_id = $1 AND other_event_id = $2) OR (event_id = $2 AND other_event_id = $1)`, [keepId, mergeId]);
      await this.announce(db, mergeId, publicStateOf(merged));
      await this.announce(db, keepId, publicStateOf(keep));
      return { kept: (await db.getRepository(AgendaEvent).findOneBy({ id: keepId }))!, merged };
    });
  }

  /**
   * Idempotent by external id: the same item sent twice leaves one event. Each item is
   * checked and written on its own, so one bad item never stops the good ones.
   */
  async upsert(system: string, items: UpsertEventInput[], options: UpsertOptions = {}): Promise<UpsertResult[]> {
    if (!SYSTEM_PATTERN.test(system)) throw badUserInput('system must be a short lower-case name, e.g. "decibelles".', [{ field: 'system', message: 'Invalid.' }]);
    if (items.length > AGENDA_LIMITS.upsertBatchMax) throw badUserInput(`At most ${AGENDA_LIMITS.upsertBatchMax} events per call.`, [{ field: 'events', message: 'Too many.' }]);
    const organisationId = viewerOrganisationId(this.viewer);
    if (!organisationId) throw forbidden('Events are published by an organisation.');
    const externalIds = items.map((item) => (typeof item.externalId === 'string' ? item.externalId : ''));
    // The whole batch is one transaction and each item a savepoint in it: an item refused is undone
    // alone and reported; anything unforeseen undoes the batch, so the answer never hides a partial write.
    return this.dataSource.transaction(async (batch) => {
      // Every item's lock up front, in one order: two batches that share ids wait, never deadlock.
      const lockable = [...new Set(externalIds.filter((id) => id && !externalIdProblem(id)))];
      if (lockable.length) {
        await batch.query(
          `SELECT pg_advisory_xact_lock(k) FROM (SELECT hashtext('event-external:' || $1 || ':' || $2 || ':' || id) AS k FROM unnest($3::text[]) AS id ORDER BY 1) AS locks`,
          [organisationId, system, lockable],
        );
      }
      const results: UpsertResult[] = [];
      const seen = new Set<string>();
      for (const [index, item] of items.entries()) {
        const externalId = externalIds[index]!;
        try {
          const problem = externalIdProblem(externalId);
          if (problem) throw badUserInput(problem, [{ field: 'externalId', message: problem }]);
          const early = options.itemErrors?.get(index);
          if (early) throw badUserInput('The item is not valid.', early);
          if (seen.has(externalId)) throw new AppError('CONFLICT', 'This externalId is given twice in the batch; the first one was used.', { fields: [{ field: 'externalId', message: 'Given twice.' }] });
          seen.add(externalId);
          type Outcome = { event: AgendaEvent; created: boolean; changed: boolean };
          const outcome = await batch
            .transaction(async (db): Promise<Outcome> => {
              const checked = await this.checkOrThrow(item.event, db);
              // The office's own ids only: another office's Apidae id never leads to that office's event.
              const [link] = await db.query(`SELECT event_id FROM event_external_id WHERE organisation_id = $1 AND system = $2 AND external_id = $3`, [organisationId, system, externalId]);
              if (link) {
                const [coPublished] = await db.query(`SELECT 1 FROM event_co_publisher WHERE event_id = $1 AND organisation_id = $2`, [link.event_id, organisationId]);
                // CASE: the Pôle merged this office's event into another office's, which this office
                // co-publishes but cannot edit: the item is answered with where it went, never dropped.
                if (coPublished) throw mergedIntoError(link.event_id, 'externalId');
                const event = await this.editableEvent(db, link.event_id);
                const applied = await this.apply(db, event, checked);
                return this.settle(options, { event: applied, created: false, changed: applied !== event });
              }
              const event = await this.insert(db, checked);
              await db.query(`INSERT INTO event_external_id (organisation_id, system, external_id, event_id) VALUES ($1, $2, $3, $4)`, [organisationId, system, externalId, event.id]);
              return this.settle(options, { event, created: true, changed: true });
            })
            .catch((error: unknown) => {
              if (error instanceof DryRunRollback) return error.outcome as Outcome;
              throw error;
            });
          results.push({
            externalId,
            ok: true,
            created: outcome.created,
            // A dry run's new event was rolled back: it has no id.
            eventId: options.dryRun && outcome.created ? null : outcome.event.id,
            code: null,
            errors: [],
            outcome: outcome.created ? 'CREATED' : outcome.changed ? 'UPDATED' : 'UNCHANGED',
          });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          results.push({ externalId, ok: false, created: false, eventId: error.code === 'MERGED_INTO' ? (error.extensions.canonicalEventId as string) : null, code: error.code, errors: (error.extensions.fields as FieldError[] | undefined) ?? [{ field: '', message: error.message }], outcome: 'REFUSED' });
        }
      }
      return results;
    });
  }

  /** The end of an item's transaction: kept, or rolled back by a dry run with what it would have done. */
  private settle<T>(options: UpsertOptions, outcome: T): T {
    if (options.dryRun) throw new DryRunRollback(outcome);
    return outcome;
  }

  /**
   * An item its source no longer lists (by the same external id as upsert): cancelled while it has
   * dates to come (visitors and calendars learn of it), a tombstone otherwise. Already so: unchanged.
   * Null when the id leads to no event of the office.
   */
  async withdraw(system: string, externalId: string, options: UpsertOptions = {}): Promise<WithdrawResult | null> {
    const organisationId = viewerOrganisationId(this.viewer);
    if (!organisationId) throw forbidden('Events are published by an organisation.');
    return this.dataSource
      .transaction(async (db): Promise<WithdrawResult | null> => {
        await db.query(`SELECT pg_advisory_xact_lock(hashtext('event-external:' || $1 || ':' || $2 || ':' || $3))`, [organisationId, system, externalId]);
        const [link] = await db.query(`SELECT event_id FROM event_external_id WHERE organisation_id = $1 AND system = $2 AND external_id = $3`, [organisationId, system, externalId]);
        if (!link) return null;
        const [row] = await db.query(
          `SELECT e.status, e.deleted_at, EXISTS (SELECT 1 FROM event_occurrence o WHERE o.event_id = e.id AND o.ends_at > now()) AS upcoming,
             EXISTS (SELECT 1 FROM event_co_publisher c WHERE c.event_id = e.id AND c.organisation_id = $2) AS co_published
           FROM event e WHERE e.id = $1`,
          [link.event_id, organisationId],
        );
        // CASE: merged into another office's event, which this office co-publishes: its source
        // dropping the item does not withdraw the other office's event; the answer says where it went.
        if (row?.co_published && !row.deleted_at) return { eventId: link.event_id, outcome: 'MERGED_INTO' };
        if (!row || row.deleted_at) return { eventId: link.event_id, outcome: 'UNCHANGED' };
        const event = await this.editableEvent(db, link.event_id);
        if (row.upcoming) {
          if (row.status === 'CANCELLED') return { eventId: link.event_id, outcome: 'UNCHANGED' };
          await this.markCancelled(db, event);
          return this.settle(options, { eventId: link.event_id, outcome: 'CANCELLED' as const });
        }
        await this.tombstone(db, event);
        return this.settle(options, { eventId: link.event_id, outcome: 'DELETED' as const });
      })
      .catch((error: unknown) => {
        if (error instanceof DryRunRollback) return error.outcome as WithdrawResult;
        throw error;
      });
  }
}
