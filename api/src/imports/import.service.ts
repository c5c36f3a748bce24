import { EVENT_CATEGORY_IDS, scopesAllowedForApiKey, type OrganisationKind } from '@nfc/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { viewerOrganisationId, type Viewer } from '../auth/viewer';
import { EventService } from '../agenda/event.service';
import { AppError, assertUuid, badUserInput, conflict, forbidden, notFound, type FieldError } from '../common/errors';
import { checkOutboundUrl, OutboundError, outboundRequest } from '../common/outbound-http';
import { mapConcurrently } from '../common/concurrency';
import { SqlParams } from '../common/sql-params';
import type { JobQueue } from '../jobs/job-definition';
import type { WebhookAnnouncer } from '../webhooks/webhook-events';
import type { Logger } from '../logger';
import type { MediaService } from '../media/media.service';
import { UpsertEventInput } from '../agenda/event.inputs';
import { readSource } from './formats';
import { importAccess } from './import.access';
import { ImportRun, ImportSource } from './import.entities';
import { CommuneFinder, toEventInput } from './import-mapping';
import { IMPORT_FORMATS, IMPORT_SCHEDULES, SourceFormatError, type ImportFormat, type ImportSchedule, type ImportTrigger, type ItemCode, type ItemReport, type SourceItem } from './import.model';

export const IMPORT_RUN_JOB = 'import.run';
/** At most this many item problems are kept with a run (the dry run gives every one). */
export const MAX_PROBLEMS_KEPT = 200;
/** A file or a feed's answer, at most. */
export const MAX_SOURCE_BYTES = 50_000_000;
const CHUNK = 50;
/** Longer than every attempt of an import.run job together (3 × 30 minutes). */
const STALE_RUN_HOURS = 2;

export interface ImportSourceInput {
  name: string;
  format: ImportFormat;
  url?: string | null;
  /** A file's content, in the source's format (the CLI, and the file route). */
  fileContent?: string | null;
  fileName?: string | null;
  schedule?: ImportSchedule;
  categoryMapping?: Array<{ source: string; category: string }>;
  defaultCategory: string;
}

export interface RunCounts {
  created: number;
  updated: number;
  unchanged: number;
  cancelled: number;
  deleted: number;
  refused: number;
}

export interface ImportOutcome {
  counts: RunCounts;
  items: ItemReport[];
}

export interface ImportServiceOptions {
  dataSource: DataSource;
  viewer: Viewer;
  jobs?: JobQueue;
  media?: MediaService;
  logger?: Logger;
  /** OUTBOUND_ALLOW_PRIVATE: feeds and images on loopback and private networks (tests, closed networks). */
  allowPrivate: boolean;
  /** Imported changes reach webhook subscribers like any other write; without it (the CLI), nowhere. */
  webhooks?: WebhookAnnouncer;
}

/**
 * A source that cannot be read, as the caller sees it: BAD_USER_INPUT with a stable reason
 * (SOURCE_FORMAT: not in its format; or the outbound failure: BAD_URL, ADDRESS_NOT_ALLOWED,
 * TIMEOUT, TOO_LARGE, TOO_MANY_REDIRECTS, NETWORK), never INTERNAL.
 */
/** Images fetched and processed at once while a run reads its chunk: sharp's work stays within a couple of cores. */
const IMAGE_CONCURRENCY = 3;

function asAppError(error: unknown): unknown {
  if (error instanceof SourceFormatError) return new AppError('BAD_USER_INPUT', error.message, { reason: 'SOURCE_FORMAT', fields: [{ field: 'source', message: error.message }] });
  if (error instanceof OutboundError) return new AppError('BAD_USER_INPUT', error.message, { reason: error.reason, fields: [{ field: 'url', message: error.message }] });
  return error;
}

/**
 * Imports from the offices' own systems. Sources are the office's (row filter: another office's
 * look missing). A run reads the source, maps each item into an EventInput and hands the items
 * to the agenda's one writer (EventService.upsert: same checks, review, search vector, change
 * feed), by the source's own ids scoped to the office; items gone from the source are withdrawn
 * (cancelled while they have dates to come, tombstones otherwise). A dry run does all of it in
 * transactions that are rolled back, and fetches no image.
 */
export class ImportService {
  constructor(private readonly options: ImportServiceOptions) {}

  private get dataSource(): DataSource {
    return this.options.dataSource;
  }

  private async source(id: string, db: DataSource | EntityManager = this.dataSource, lock = false): Promise<ImportSource> {
    assertUuid(id);
    const params = new SqlParams([id]);
    const [row] = await db.query(`SELECT s.id FROM import_source s WHERE s.id = $1 AND ${importAccess(this.options.viewer).manageable('s', params)}${lock ? ' FOR UPDATE' : ''}`, params.values);
    if (!row) throw notFound('Import source', id);
    return (await db.getRepository(ImportSource).findOneBy({ id }))!;
  }

  async list(organisationId?: string): Promise<ImportSource[]> {
    const params = new SqlParams();
    const own = importAccess(this.options.viewer).manageable('s', params);
    const only = organisationId ? ` AND s.organisation_id = ${params.add(organisationId)}` : '';
    const rows: Array<{ id: string }> = await this.dataSource.query(`SELECT s.id FROM import_source s WHERE ${own}${only} ORDER BY s.name, s.id`, params.values);
    if (!rows.length) return [];
    const sources = await this.dataSource.getRepository(ImportSource).findBy(rows.map((row) => ({ id: row.id })));
    return rows.map((row) => sources.find((source) => source.id === row.id)!);
  }

  get(id: string): Promise<ImportSource> {
    return this.source(id);
  }

  /** The last runs of sources in reach, newest first. */
  async runs(sourceIds: string[], limit = 10): Promise<ImportRun[]> {
    if (!sourceIds.length) return [];
    const params = new SqlParams([sourceIds, limit]);
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT r.id FROM import_source s CROSS JOIN LATERAL (SELECT id, queued_at FROM import_run WHERE source_id = s.id ORDER BY queued_at DESC, id DESC LIMIT $2) r
       WHERE s.id = ANY($1::uuid[]) AND ${importAccess(this.options.viewer).manageable('s', params)} ORDER BY r.queued_at DESC`,
      params.values,
    );
    if (!rows.length) return [];
    const runs = await this.dataSource.getRepository(ImportRun).findBy(rows.map((row) => ({ id: row.id })));
    return rows.map((row) => runs.find((run) => run.id === row.id)!);
  }

  async run(id: string): Promise<ImportRun> {
    assertUuid(id);
    const params = new SqlParams([id]);
    const [row] = await this.dataSource.query(`SELECT r.id FROM import_run r JOIN import_source s ON s.id = r.source_id WHERE r.id = $1 AND ${importAccess(this.options.viewer).manageable('s', params)}`, params.values);
    if (!row) throw notFound('Import run', id);
    return (await this.dataSource.getRepository(ImportRun).findOneBy({ id }))!;
  }

  private checkInput(input: Partial<ImportSourceInput>, current?: ImportSource): Partial<ImportSource> {
    const errors: FieldError[] = [];
    const values: Partial<ImportSource> = {};
    if (input.name !== undefined) {
      const name = input.name.trim();
      if (name.length < 1 || name.length > 100) errors.push({ field: 'name', message: 'From 1 to 100 characters.' });
      values.name = name;
    }
    if (input.format !== undefined) {
      if (!IMPORT_FORMATS.includes(input.format)) errors.push({ field: 'format', message: `One of ${IMPORT_FORMATS.join(', ')}.` });
      values.format = input.format;
    }
    if (input.url !== undefined && input.url !== null && input.url !== '') {
      try {
        values.url = checkOutboundUrl(input.url.trim()).toString();
        values.fileContent = null;
        values.fileName = null;
      } catch (error) {
        errors.push({ field: 'url', message: (error as Error).message });
      }
    }
    if (input.fileContent !== undefined && input.fileContent !== null) {
      if (values.url) errors.push({ field: 'fileContent', message: 'A source is a URL or a file, not both.' });
      if (Buffer.byteLength(input.fileContent) > MAX_SOURCE_BYTES) errors.push({ field: 'fileContent', message: `At most ${MAX_SOURCE_BYTES / 1_000_000} MB.` });
      values.fileContent = input.fileContent;
      values.fileName = input.fileName?.slice(0, 200) ?? null;
      values.url = null;
    }
    if (input.schedule !== undefined) {
      if (!IMPORT_SCHEDULES.includes(input.schedule)) errors.push({ field: 'schedule', message: `One of ${IMPORT_SCHEDULES.join(', ')}.` });
      values.schedule = input.schedule;
    }
    if (input.defaultCategory !== undefined) {
      if (!EVENT_CATEGORY_IDS.includes(input.defaultCategory)) errors.push({ field: 'defaultCategory', message: `Unknown category; known: ${EVENT_CATEGORY_IDS.join(', ')}.` });
      values.defaultCategory = input.defaultCategory;
    }
    if (input.categoryMapping !== undefined) {
      if (input.categoryMapping.length > 500) errors.push({ field: 'categoryMapping', message: 'At most 500 rows.' });
      const table: Record<string, string> = {};
      input.categoryMapping.forEach((row, index) => {
        const from = row.source.trim();
        if (from.length < 1 || from.length > 200) errors.push({ field: `categoryMapping.${index}.source`, message: 'From 1 to 200 characters.' });
        if (!EVENT_CATEGORY_IDS.includes(row.category)) errors.push({ field: `categoryMapping.${index}.category`, message: `Unknown category; known: ${EVENT_CATEGORY_IDS.join(', ')}.` });
        table[from] = row.category;
      });
      values.categoryMapping = table;
    }
    const url = values.url !== undefined ? values.url : current?.url;
    // The stored file is not loaded (it may be large): its length says whether there is one, or one awaited.
    const stored = current && current.fileLength !== undefined && current.fileLength !== null ? '' : (current?.fileContent ?? null);
    const file = values.fileContent !== undefined ? values.fileContent : current ? stored : undefined;
    if (!url && (file === null || file === undefined)) errors.push({ field: 'url', message: 'Give the address of the feed, or send a file.' });
    if (errors.length) throw badUserInput('The import source is not valid.', errors);
    return values;
  }

  async create(input: ImportSourceInput, organisationId = viewerOrganisationId(this.options.viewer)): Promise<ImportSource> {
    if (!organisationId) throw forbidden('Import sources belong to an organisation.');
    const values = this.checkInput({ schedule: 'MANUAL', categoryMapping: [], ...input });
    const repository = this.dataSource.getRepository(ImportSource);
    return repository.save(repository.create({ ...values, organisationId }));
  }

  async update(id: string, input: Partial<ImportSourceInput>): Promise<ImportSource> {
    return this.dataSource.transaction(async (db) => {
      const current = await this.source(id, db, true);
      const values = this.checkInput(input, current);
      await db.getRepository(ImportSource).update({ id }, values);
      return (await db.getRepository(ImportSource).findOneBy({ id }))!;
    });
  }

  /** Forgets the source, its runs and its items; the events it brought stay (they are the office's). */
  async delete(id: string): Promise<boolean> {
    await this.dataSource.transaction(async (db) => {
      await this.source(id, db, true);
      await db.query(`DELETE FROM import_source WHERE id = $1`, [id]);
    });
    return true;
  }

  /**
   * Queues a run (the `import.run` job, in the same transaction as its row) and answers its id.
   * One run per source at a time: while one is queued or running, asking again answers that one.
   */
  async enqueue(id: string, trigger: ImportTrigger = 'MANUAL'): Promise<string> {
    if (!this.options.jobs) throw new Error('enqueue needs the job queue');
    const jobs = this.options.jobs;
    return this.dataSource.transaction(async (db) => {
      const source = await this.source(id, db, true);
      await this.abandonStale(db, source.id);
      const [active] = await db.query(`SELECT id FROM import_run WHERE source_id = $1 AND state IN ('QUEUED', 'RUNNING')`, [source.id]);
      if (active) return active.id as string;
      const [run] = await db.query(`INSERT INTO import_run (source_id, state, trigger) VALUES ($1, 'QUEUED', $2) RETURNING id`, [source.id, trigger]);
      await jobs.send(IMPORT_RUN_JOB, { runId: run.id }, { manager: db });
      return run.id as string;
    });
  }

  /** Keeps the file a source is read from (sent to POST /imports/sources/<id>/file). */
  async attachFile(id: string, content: Buffer, fileName: string | null): Promise<ImportSource> {
    const text = content.toString('utf8');
    if (text.includes('\uFFFD')) throw badUserInput('The file is not UTF-8 text.', [{ field: 'file', message: 'Not UTF-8.' }]);
    return this.update(id, { fileContent: text, fileName });
  }

  /**
   * A run still queued or running after STALE_RUN_HOURS lost its job (a worker died on each of its
   * attempts, which last at most 30 minutes): it is marked FAILED so that it no longer holds the source.
   */
  private async abandonStale(db: DataSource | EntityManager, sourceId: string): Promise<void> {
    await db.query(
      `UPDATE import_run SET state = 'FAILED', finished_at = now(), error = 'Abandoned: its job stopped without finishing.'
       WHERE source_id = $1 AND state IN ('QUEUED', 'RUNNING') AND queued_at < now() - make_interval(hours => $2)`,
      [sourceId, STALE_RUN_HOURS],
    );
  }

  /** What a run would do, item by item; nothing is written and no image fetched. */
  async dryRun(id: string): Promise<ImportOutcome> {
    const source = await this.source(id);
    return this.execute(source, { dryRun: true }).catch((error: unknown) => {
      throw asAppError(error);
    });
  }

  /** The CLI's run: now, in this process, logged like the queue's. */
  async runNow(id: string, trigger: ImportTrigger = 'CLI'): Promise<{ runId: string; outcome: ImportOutcome }> {
    const source = await this.source(id);
    await this.abandonStale(this.dataSource, source.id);
    const inserted: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO import_run (source_id, state, trigger, started_at) VALUES ($1, 'RUNNING', $2, now()) ON CONFLICT (source_id) WHERE state IN ('QUEUED', 'RUNNING') DO NOTHING RETURNING id`,
      [source.id, trigger],
    );
    if (!inserted.length) throw conflict('This source is being imported right now; try again when that run ends.');
    const runId = inserted[0]!.id;
    const outcome = await this.finish(runId, source).catch((error: unknown) => {
      throw asAppError(error);
    });
    return { runId, outcome };
  }

  /** The job's side: takes the queued run (once), runs it, logs it. */
  async work(runId: string): Promise<void> {
    // An UPDATE answers [rows, count].
    const [[run]] = await this.dataSource.query(`UPDATE import_run SET state = 'RUNNING', started_at = now() WHERE id = $1 AND state IN ('QUEUED', 'RUNNING') RETURNING source_id`, [runId]);
    if (!run) return;
    const source = await this.dataSource.getRepository(ImportSource).findOneBy({ id: run.source_id });
    if (!source) return;
    await this.finish(runId, source);
  }

  private async finish(runId: string, source: ImportSource): Promise<ImportOutcome> {
    try {
      const outcome = await this.execute(source, { dryRun: false });
      const problems = outcome.items.filter((item) => item.outcome === 'REFUSED' || item.code).slice(0, MAX_PROBLEMS_KEPT).map(({ eventId: _eventId, ...problem }) => problem);
      const c = outcome.counts;
      await this.dataSource.query(
        `UPDATE import_run SET state = 'SUCCEEDED', finished_at = now(), created = $2, updated = $3, unchanged = $4, cancelled = $5, deleted = $6, refused = $7, problems = $8 WHERE id = $1`,
        [runId, c.created, c.updated, c.unchanged, c.cancelled, c.deleted, c.refused, JSON.stringify(problems)],
      );
      return outcome;
    } catch (error) {
      const message = error instanceof SourceFormatError || error instanceof OutboundError || error instanceof AppError ? error.message : 'The import stopped on an unexpected error.';
      if (!(error instanceof SourceFormatError || error instanceof OutboundError || error instanceof AppError)) this.options.logger?.error({ err: error, runId }, 'import run failed');
      await this.dataSource.query(`UPDATE import_run SET state = 'FAILED', finished_at = now(), error = $2 WHERE id = $1`, [runId, message]);
      throw error;
    }
  }

  /** The source's bytes: its feed, fetched through the SSRF guard, or the file it holds. */
  private async content(source: ImportSource): Promise<string> {
    if (!source.url) {
      // Read here only: listing sources never loads their files.
      const [row] = await this.dataSource.query(`SELECT file_content FROM import_source WHERE id = $1`, [source.id]);
      source.fileContent = (row?.file_content as string | null | undefined) ?? null;
      if (!source.fileContent) throw badUserInput('This source has no file yet: send it to POST /imports/sources/<id>/file.', [{ field: 'file', message: 'No file.' }]);
      return source.fileContent;
    }
    const response = await outboundRequest(source.url, { allowPrivate: this.options.allowPrivate, maxBytes: MAX_SOURCE_BYTES, timeoutMs: 60_000 });
    if (response.status !== 200) throw new OutboundError('NETWORK', `The feed answered HTTP ${response.status}.`);
    return response.body.toString('utf8');
  }

  /** The office as the agenda sees an import: its own events only, the review it is under. */
  private async actingViewer(source: ImportSource): Promise<Viewer> {
    const [organisation] = await this.dataSource.query(`SELECT kind FROM organisation WHERE id = $1`, [source.organisationId]);
    const kind = organisation.kind as OrganisationKind;
    const scopes = scopesAllowedForApiKey(kind).filter((scope) => scope === 'agenda:write');
    return { kind: 'API_KEY', apiKeyId: `import:${source.id}`, organisationId: source.organisationId, organisationKind: kind, scopes };
  }

  private async image(item: SourceItem, previous: { image_url: string | null; image_media_id: string | null } | undefined, viewer: Viewer, dryRun: boolean): Promise<{ id?: string; fetched?: string; note?: ItemCode }> {
    if (!item.imageUrl) return {};
    if (previous?.image_url === item.imageUrl && previous.image_media_id) {
      const [held] = await this.dataSource.query(`SELECT 1 FROM media_item WHERE id = $1`, [previous.image_media_id]);
      if (held) return { id: previous.image_media_id };
    }
    if (dryRun) return { id: previous?.image_media_id ?? undefined, note: 'IMAGE_WOULD_CHANGE' };
    if (!this.options.media) return { id: previous?.image_media_id ?? undefined, note: 'IMAGE_UNAVAILABLE' };
    try {
      const response = await outboundRequest(item.imageUrl, { allowPrivate: this.options.allowPrivate, maxBytes: 25_000_000, timeoutMs: 30_000 });
      if (response.status !== 200) throw new OutboundError('NETWORK', `HTTP ${response.status}`);
      const media = await this.options.media.ingest({ bytes: response.body, purpose: 'EVENT_IMAGE', viewer });
      return { id: media.id, fetched: media.id };
    } catch (error) {
      if (!(error instanceof OutboundError || error instanceof AppError)) throw error;
      return { id: previous?.image_media_id ?? undefined, note: 'IMAGE_UNAVAILABLE' };
    }
  }

  /** A run over the source, or a dry run of it. */
  async execute(source: ImportSource, { dryRun }: { dryRun: boolean }): Promise<ImportOutcome> {
    const viewer = await this.actingViewer(source);
    const events = new EventService({ dataSource: this.dataSource, viewer, webhooks: this.options.webhooks });
    const system = source.format;
    const parsed = await readSource(source.format, await this.content(source));
    const previous = new Map<string, { image_url: string | null; image_media_id: string | null }>(
      (await this.dataSource.query(`SELECT external_id, image_url, image_media_id FROM import_item WHERE source_id = $1`, [source.id])).map((row: { external_id: string; image_url: string | null; image_media_id: string | null }) => [row.external_id, row]),
    );
    if (!parsed.length && previous.size) throw new SourceFormatError('The source lists no event at all; nothing was withdrawn (an empty feed is more often a fault than the end of every event).');

    const counts: RunCounts = { created: 0, updated: 0, unchanged: 0, cancelled: 0, deleted: 0, refused: 0 };
    const items: ItemReport[] = [];
    const seen = new Set<string>();
    const communes = new CommuneFinder(this.dataSource);
    const titleOf = (item: SourceItem) => item.title.fr ?? item.title.en ?? item.title.de ?? null;
    const refuse = (item: SourceItem, code: ItemCode, message: string, field = '') => {
      counts.refused += 1;
      items.push({ externalId: item.externalId, title: titleOf(item), outcome: 'REFUSED', code, errors: [{ field, message }], eventId: null });
    };

    const ready: SourceItem[] = [];
    for (const item of parsed) {
      if (item.externalId && seen.has(item.externalId)) {
        refuse(item, 'DUPLICATE_ID', 'Another item of the source has the same id; the first one is kept.', 'externalId');
        continue;
      }
      if (item.externalId) seen.add(item.externalId);
      if (item.refusal) refuse(item, item.refusal.code, item.refusal.message, item.refusal.field);
      else ready.push(item);
    }

    for (let at = 0; at < ready.length; at += CHUNK) {
      const fetched = await mapConcurrently(ready.slice(at, at + CHUNK), IMAGE_CONCURRENCY, async (item) => ({ item, image: await this.image(item, previous.get(item.externalId), viewer, dryRun) }));
      const chunk: Array<{ item: SourceItem; image: Awaited<ReturnType<ImportService['image']>>; input: UpsertEventInput }> = [];
      for (const { item, image } of fetched) {
        try {
          chunk.push({ item, image, input: Object.assign(new UpsertEventInput(), { externalId: item.externalId, event: await toEventInput(item, source, communes, image.id) }) });
        } catch (error) {
          // A value of a type the format never has (a number for a place's name…): this item only.
          if (error instanceof AppError) throw error;
          refuse(item, 'UNREADABLE', 'A value of this item has an unexpected type; the item was left out, the others were read.');
          if (!dryRun && image.fetched) await this.options.media?.discardUnattached(image.fetched);
        }
      }
      const results = await events.upsert(system, chunk.map((entry) => entry.input), { dryRun });
      for (const [index, result] of results.entries()) {
        const { item, image } = chunk[index]!;
        let outcome = result.outcome;
        // A dry run does not fetch a new image: the item would change even if nothing else does.
        if (dryRun && outcome === 'UNCHANGED' && image.note === 'IMAGE_WOULD_CHANGE') outcome = 'UPDATED';
        const code: ItemCode | null = result.outcome === 'REFUSED' ? (result.code as ItemCode) : image.note && !(dryRun && result.outcome === 'CREATED') ? image.note : (item.notes[0] ?? null);
        counts[outcome === 'CREATED' ? 'created' : outcome === 'UPDATED' ? 'updated' : outcome === 'UNCHANGED' ? 'unchanged' : 'refused'] += 1;
        items.push({ externalId: item.externalId, title: titleOf(item), outcome, code, errors: result.errors, eventId: result.eventId });
        if (dryRun) continue;
        if (!result.ok && image.fetched) await this.options.media?.discardUnattached(image.fetched);
        if (result.ok) {
          const kept = image.id && !image.note ? { url: item.imageUrl ?? null, media: image.id } : { url: previous.get(item.externalId)?.image_url ?? null, media: previous.get(item.externalId)?.image_media_id ?? null };
          await this.dataSource.query(
            `INSERT INTO import_item (source_id, external_id, event_id, image_url, image_media_id, seen_at) VALUES ($1, $2, $3, $4, $5, now())
             ON CONFLICT (source_id, external_id) DO UPDATE SET event_id = excluded.event_id, image_url = excluded.image_url, image_media_id = excluded.image_media_id, seen_at = now()`,
            [source.id, item.externalId, result.eventId, item.imageUrl ? kept.url : null, item.imageUrl ? kept.media : null],
          );
        }
      }
    }

    // Items the source delivered before and no longer lists; one that another source of the office,
    // in the same format, still lists is that source's (same system, same id): left to it.
    const gone = [...previous.keys()].filter((externalId) => !seen.has(externalId));
    const listedElsewhere = new Set<string>(
      gone.length
        ? (
            await this.dataSource.query(
              `SELECT DISTINCT i.external_id FROM import_item i JOIN import_source s ON s.id = i.source_id
               WHERE s.organisation_id = $1 AND s.format = $2 AND s.id <> $3 AND i.external_id = ANY($4::text[])`,
              [source.organisationId, source.format, source.id, gone],
            )
          ).map((row: { external_id: string }) => row.external_id)
        : [],
    );
    for (const externalId of gone) {
      if (listedElsewhere.has(externalId)) {
        if (!dryRun) await this.dataSource.query(`DELETE FROM import_item WHERE source_id = $1 AND external_id = $2`, [source.id, externalId]);
        continue;
      }
      const withdrawn = await events.withdraw(system, externalId, { dryRun });
      if (withdrawn?.outcome === 'MERGED_INTO') {
        counts.refused += 1;
        items.push({ externalId, title: null, outcome: 'REFUSED', code: 'MERGED_INTO', errors: [{ field: 'externalId', message: `Merged into ${withdrawn.eventId}: that event stays.` }], eventId: withdrawn.eventId });
      } else if (withdrawn && withdrawn.outcome !== 'UNCHANGED') {
        counts[withdrawn.outcome === 'CANCELLED' ? 'cancelled' : 'deleted'] += 1;
        items.push({ externalId, title: null, outcome: withdrawn.outcome, code: null, errors: [], eventId: withdrawn.eventId });
      }
      if (!dryRun) await this.dataSource.query(`DELETE FROM import_item WHERE source_id = $1 AND external_id = $2`, [source.id, externalId]);
    }
    return { counts, items };
  }
}
