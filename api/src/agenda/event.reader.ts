import { AGENDA_TIME_ZONE } from '@nfc/shared';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { assertUuid, badUserInput } from '../common/errors';
import { decodeCursor, encodeCursor, toPage } from '../common/pagination';
import { SqlParams } from '../common/sql-params';
import type { Viewer } from '../auth/viewer';
import { eventAccess, type EventAccess } from './event.access';
import { AgendaEvent, EventOccurrence } from './event.entities';
import { columnsNotAsked, eventSelect, eventsByIds } from './event-rows';
import { PLACE_JOINS, type EventPlan, type OccurrencePagePlan, type PageRow } from './event-json';
import { placeParams } from '../common/sql-json';
import { preparedStatements } from '../common/prepared-statements';
import { EVENT_STATUSES, MODERATION_STATES, type EventStatus, type Language, type ModerationState } from '@nfc/shared';
import type { EventChangePage, EventFilter, EventOccurrenceConnection, EventView, MyEventsFilter } from './event.types';

export interface ListOccurrencesOptions {
  filter?: EventFilter | null;
  first: number;
  after?: string | null;
  orderBy?: 'DATE' | 'RELEVANCE';
  /** The EventView fields the query asks (common/selection.ts): the columns none of them reads are left out. Unknown: every column. */
  eventFields?: ReadonlySet<string>;
}

/** The instants of a preset range, in Paris time. */
export function presetRange(when: 'TODAY' | 'THIS_WEEKEND' | 'NEXT_7_DAYS', now: DateTime = DateTime.now()): { from: Date; to: Date } {
  const local = now.setZone(AGENDA_TIME_ZONE);
  if (when === 'TODAY') return { from: local.toJSDate(), to: local.plus({ days: 1 }).startOf('day').toJSDate() };
  if (when === 'NEXT_7_DAYS') return { from: local.toJSDate(), to: local.plus({ days: 8 }).startOf('day').toJSDate() };
  // Luxon weekdays: Monday 1 … Sunday 7.
  const saturday = local.weekday >= 6 ? local : local.plus({ days: 6 - local.weekday }).startOf('day');
  const monday = local.plus({ days: 8 - local.weekday }).startOf('day');
  return { from: saturday.toJSDate(), to: monday.toJSDate() };
}

/** Below this many matching events, a text search reads their occurrences directly. */
export const FEW_MATCHES = 1000;

/** The window of the feeds, the exports and the map's counts when a filter gives no end. */
export const FEED_WINDOW_MONTHS = 12;

/**
 * Each language's stored search vector and the dictionary that built it (see the migrations
 * 1763780900000 and 1763784400000): a query is stemmed by the same dictionary as the vector it
 * reads, and its rank comes from that vector too.
 */
const SEARCH_IN: Record<Language, { vector: string; config: string }> = {
  fr: { vector: 'search_vector', config: 'french' },
  en: { vector: 'search_vector_en', config: 'english' },
  de: { vector: 'search_vector_de', config: 'german' },
};

/** The search vector and query of a language (French by default). */
function searchIn(language: Language | null | undefined): { vector: (alias: string) => string; query: (param: string) => string } {
  const key = language ?? 'fr';
  const search = Object.hasOwn(SEARCH_IN, key) ? SEARCH_IN[key] : undefined;
  if (!search) throw badUserInput('The search language must be fr, en or de.', [{ field: 'filter.language', message: 'Not fr, en or de.' }]);
  return {
    vector: (alias) => `${alias}.${search.vector}`,
    // A visitor's words: stemmed, accent-insensitive, quotes and "-" understood.
    query: (param) => `websearch_to_tsquery('${search.config}'::regconfig, public.unaccent('public.unaccent'::regdictionary, ${param}))`,
  };
}

/** The public's row filter: the agenda lists what anyone may read, whoever asks. */
const PUBLIC_EVENTS = eventAccess(null).readable('e', new SqlParams());

/**
 * Reading the agenda, built per request for the viewer (event.access.ts gives the filters).
 * Lists and feeds show what the public reads: published, not deleted events, through their occurrences.
 * A page costs two statements (occurrences, then their events with their communes and EPCI,
 * event-rows.ts), one more to probe the search index when searching by text, plus a count on demand.
 */
export class EventReader {
  private readonly access: EventAccess;

  constructor(
    private readonly dataSource: DataSource,
    viewer: Viewer | null = null,
  ) {
    this.access = eventAccess(viewer);
  }

  /**
   * The WHERE of the public agenda's occurrences (aliases o and e) for a filter, with its
   * parameters and the relevance expression of its text search ('0' without one).
   */
  private async publicOccurrencesWhere(filter: EventFilter | null | undefined): Promise<{ where: string[]; params: unknown[]; rank: string }> {
    const preset = filter?.when ? presetRange(filter.when) : undefined;
    if (preset && filter) filter = { ...filter, from: filter.from ?? preset.from, to: filter.to ?? preset.to };
    const where: string[] = [PUBLIC_EVENTS, `o.ends_at >= $1`];
    const params: unknown[] = [filter?.from ?? new Date()];
    const add = (clause: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (filter?.to) add((p) => `o.starts_at < ${p}`, filter.to);
    if (filter?.from && filter.to && filter.to < filter.from) throw badUserInput('"to" is before "from".', [{ field: 'filter.to', message: 'Before from.' }]);
    if (filter?.commune) add((p) => `e.commune_insee = ${p}`, filter.commune);
    if (filter?.epci) add((p) => `e.commune_insee IN (SELECT insee_code FROM commune WHERE epci_siren = ${p})`, filter.epci);
    if (filter?.categories?.length) add((p) => `e.categories && ${p}::text[]`, filter.categories);
    if (filter?.free) where.push('e.is_free');
    if (filter?.accessibility?.length) add((p) => `e.accessibility @> ${p}::text[]`, filter.accessibility);
    let rank = '0';
    if (filter?.text?.trim()) {
      const text = filter.text.trim();
      const search = searchIn(filter.language);
      add((p) => `${search.vector('e')} @@ ${search.query(p)}`, text);
      rank = `ts_rank(${search.vector('e')}, ${search.query(`$${params.length}`)})`;
      // The planner cannot know how many events a word matches, and either plan it picks is
      // ruinous on the wrong side: walking every occurrence in date order for a word no event
      // holds, or fetching every occurrence of thousands of events for a common one. A probe of
      // the GIN index settles it: a rare word (fewer than FEW_MATCHES events) pins the page to
      // those events; a common one walks the date index, where matches come quickly.
      // One row back either way: the ids of a rare word's events, or null for a common one (whose
      // thousand ids would only be read to be dropped).
      const [probe]: Array<{ ids: string[] | null }> = await this.dataSource.query(
        `SELECT CASE WHEN count(*) < ${FEW_MATCHES} THEN coalesce(array_agg(id), '{}') END AS ids
         FROM (SELECT e.id FROM event e WHERE ${search.vector('e')} @@ ${search.query('$1')} AND ${PUBLIC_EVENTS} LIMIT ${FEW_MATCHES}) matches`,
        [text],
      );
      if (probe?.ids) add((p) => `e.id = ANY(${p}::uuid[])`, probe.ids);
    }
    if (filter?.near) {
      // A box first (indexed), then the exact great-circle distance.
      const { lat, lon, km } = filter.near;
      const dLat = km / 111.32;
      const dLon = km / (111.32 * Math.cos((lat * Math.PI) / 180));
      add((p) => `e.lat BETWEEN ${p}`, lat - dLat);
      where[where.length - 1] += ` AND $${params.push(lat + dLat)}`;
      add((p) => `e.lon BETWEEN ${p}`, lon - dLon);
      where[where.length - 1] += ` AND $${params.push(lon + dLon)}`;
      params.push(lat, lon, km);
      const [pLat, pLon, pKm] = [params.length - 2, params.length - 1, params.length];
      where.push(`6371 * 2 * asin(sqrt(power(sin(radians(e.lat - $${pLat}) / 2), 2) + cos(radians($${pLat})) * cos(radians(e.lat)) * power(sin(radians(e.lon - $${pLon}) / 2), 2))) <= $${pKm}`);
    }
    if (filter?.box) {
      const { minLat, maxLat, minLon, maxLon } = filter.box;
      if (minLat > maxLat || minLon > maxLon) throw badUserInput('The box is upside down.', [{ field: 'filter.box', message: 'min above max.' }]);
      params.push(minLat, maxLat, minLon, maxLon);
      where.push(`e.lat BETWEEN $${params.length - 3} AND $${params.length - 2} AND e.lon BETWEEN $${params.length - 1} AND $${params.length}`);
    }
    if (filter?.age != null) add((p) => `(e.min_age IS NULL OR e.min_age <= ${p}) AND (e.max_age IS NULL OR e.max_age >= ${p})`, filter.age);
    // Compared as the enum itself, so that the status index applies.
    if (filter?.statuses?.length) add((p) => `e.status = ANY(${p}::event_status[])`, filter.statuses);
    // A union rather than OR … EXISTS, so that both indexes apply.
    if (filter?.publisher) {
      add((p) => `e.id IN (SELECT id FROM event WHERE publisher_id = ${p} UNION SELECT event_id FROM event_co_publisher WHERE organisation_id = ${p})`, filter.publisher);
    }
    return { where, params, rank };
  }

  /**
   * How many dates of the filtered agenda each commune holds, for the map: one grouped statement
   * over the same rows as the list. Without an end, the window is the feeds' (twelve months), so
   * the count stays bounded whatever the agenda's size.
   */
  async communeCounts(filter: EventFilter | null | undefined): Promise<Array<{ inseeCode: string; name: string; lat: number; lon: number; dates: number; events: number }>> {
    const window = filter?.when || filter?.to ? {} : { to: DateTime.fromJSDate(filter?.from ?? new Date()).plus({ months: FEED_WINDOW_MONTHS }).toJSDate() };
    const { where, params } = await this.publicOccurrencesWhere({ ...(filter ?? {}), ...window } as EventFilter);
    const rows: Array<{ insee_code: string; name: string; lat: number; lon: number; dates: number; events: number }> = await this.dataSource.query(
      `SELECT c.insee_code, c.name, c.centroid_lat AS lat, c.centroid_lon AS lon, count(*)::int AS dates, count(DISTINCT e.id)::int AS events
       FROM event_occurrence o JOIN event e ON e.id = o.event_id JOIN commune c ON c.insee_code = e.commune_insee
       WHERE ${where.join(' AND ')} GROUP BY c.insee_code ORDER BY dates DESC, c.name`,
      params,
    );
    return rows.map((row) => ({ inseeCode: row.insee_code, name: row.name, lat: row.lat, lon: row.lon, dates: row.dates, events: row.events }));
  }

  async occurrences({ filter, first, after, orderBy = 'DATE', eventFields }: ListOccurrencesOptions): Promise<EventOccurrenceConnection> {
    const { sql, params, countSql, countParams } = await this.occurrencePage({ filter, first, after, orderBy });
    const rows: Array<{ id: string; event_id: string; starts_at: Date; ends_at: Date; rank: number }> = await this.dataSource.query(sql, params);
    const byId = await eventsByIds(this.dataSource, rows.map((r) => r.event_id), columnsNotAsked(eventFields));
    const nodes = rows.map((row) => ({ id: String(row.id), startsAt: row.starts_at, endsAt: row.ends_at, event: byId.get(row.event_id)!, rank: Number(row.rank) }));
    const page = toPage(nodes, first, Boolean(after), (node) => encodeCursor([node.rank, node.startsAt.toISOString(), node.id]));
    const dataSource = this.dataSource;
    return {
      ...page,
      get totalCount() {
        return dataSource.query(countSql, countParams).then((r: Array<{ n: number }>) => r[0]!.n);
      },
    };
  }

  /**
   * A page of the agenda as the query asks it, written by PostgreSQL (event-json.ts): one statement
   * for the page and its events' JSON, one more for the count when asked (at the same time), the
   * search's probe before them. The same rows, order and cursors as occurrences().
   */
  async occurrencePageJson({ filter, first, after, orderBy = 'DATE' }: ListOccurrencesOptions, plan: OccurrencePagePlan): Promise<Record<string, unknown>> {
    const page = await this.occurrencePage({ filter, first, after, orderBy });
    const byRelevance = orderBy === 'RELEVANCE';
    const before = page.params.length;
    // As text: the plan parses it, finishing what Node writes (sql-json.ts).
    const sql = `SELECT o.id::text AS id, o.starts_at, o.rank${plan.columns.map((column) => `, (${placeParams(column.sql, before)})::text AS ${column.name}`).join('')}
       FROM (${page.sql}) o JOIN event e ON e.id = o.event_id ${PLACE_JOINS}
       ORDER BY ${byRelevance ? 'o.rank DESC, ' : ''}o.starts_at, o.id`;
    const [rows, total] = await Promise.all([
      // Not a named statement: a generic plan cannot know how many rows a filter's dates or words
      // hold, and chose a walk of every future date for a weekend's page (4 pages a second, measured).
      this.dataSource.query(sql, [...page.params, ...plan.params]) as Promise<PageRow[]>,
      plan.count ? (this.dataSource.query(page.countSql, page.countParams) as Promise<Array<{ n: number }>>).then((r) => r[0]!.n) : undefined,
    ]);
    return plan.assemble(rows, { first, hadCursor: Boolean(after), total, cursorOf: (row) => encodeCursor([Number(row.rank), row.starts_at.toISOString(), row.id]) });
  }

  /** The statement of a page's occurrences (keyset, rank), and of their count. */
  private async occurrencePage({ filter, first, after, orderBy = 'DATE' }: Omit<ListOccurrencesOptions, 'eventFields'>): Promise<{ sql: string; params: unknown[]; countSql: string; countParams: unknown[] }> {
    const byRelevance = orderBy === 'RELEVANCE';
    if (byRelevance && !filter?.text?.trim()) throw badUserInput('Ordering by relevance needs a text search.', [{ field: 'orderBy', message: 'Give filter.text.' }]);
    const { where, params, rank } = await this.publicOccurrencesWhere(filter);
    const countSql = `SELECT count(*)::int AS n FROM event_occurrence o JOIN event e ON e.id = o.event_id WHERE ${where.join(' AND ')}`;
    const countParams = [...params];
    if (after) {
      const [cursorRank, startsAt, id] = decodeCursor(after, ['number', 'string', 'string']);
      if (Number.isNaN(Date.parse(String(startsAt))) || !/^\d+$/.test(String(id))) throw badUserInput('The cursor is not valid.', [{ field: 'after', message: 'Malformed.' }]);
      params.push(startsAt, id);
      const dateAfter = `(o.starts_at, o.id) > ($${params.length - 1}::timestamptz, $${params.length}::bigint)`;
      if (byRelevance) {
        params.push(cursorRank);
        where.push(`(${rank} < $${params.length}::real OR (${rank} = $${params.length}::real AND ${dateAfter}))`);
      } else {
        where.push(dateAfter);
      }
    }
    params.push(first + 1);
    const sql = `SELECT o.id, o.event_id, o.starts_at, o.ends_at, ${rank}::real AS rank FROM event_occurrence o JOIN event e ON e.id = o.event_id
       WHERE ${where.join(' AND ')} ORDER BY ${byRelevance ? `${rank} DESC, ` : ''}o.starts_at, o.id LIMIT $${params.length}`;
    return { sql, params, countSql, countParams };
  }

  /** An event the viewer may read, by id or slug, with its place, in one statement (the columns no asked field reads left out); null when unknown or out of reach alike. */
  async readable(where: { id: string } | { slug: string }, fields?: ReadonlySet<string>): Promise<AgendaEvent | null> {
    if ('id' in where) assertUuid(where.id);
    const params = new SqlParams(['id' in where ? where.id : where.slug]);
    const select = eventSelect(this.dataSource, columnsNotAsked(fields));
    const [row] = await this.dataSource.query(
      `SELECT ${select.columns} FROM event e ${select.joins} WHERE e.${'id' in where ? 'id' : 'slug'} = $1 AND ${this.access.readable('e', params)}`,
      params.values,
    );
    return row ? select.eventOf(row) : null;
  }

  /** An event as the query asks it, written by PostgreSQL (event-json.ts), in one statement; null when unknown or out of reach alike. */
  async readableJson(where: { id: string } | { slug: string }, plan: EventPlan): Promise<Record<string, unknown> | null> {
    if ('id' in where) assertUuid(where.id);
    const params = new SqlParams(['id' in where ? where.id : where.slug]);
    const readable = this.access.readable('e', params);
    // A named statement: the event's key picks its one row, whatever the values (sql-json.ts parses the text).
    const [row] = await preparedStatements(this.dataSource).query<{ j: string }>(
      `SELECT (${placeParams(plan.sql, params.values.length)})::text AS j FROM event e ${PLACE_JOINS} WHERE e.${'id' in where ? 'id' : 'slug'} = $1 AND ${readable}`,
      [...params.values, ...plan.params],
    );
    return row ? plan.parse(row.j) : null;
  }

  /**
   * Events changed after `since` (tombstones included), oldest first. Times are compared to
   * the millisecond, the precision GraphQL carries; a batch ends on a whole millisecond, so
   * passing nextSince back never skips nor repeats a change.
   *
   * The public is shown only events that were once public; one that is no longer readable
   * (deleted, unpublished, rejected after publication) comes as a deletion, with no content.
   * An office also sees its own events; the Pôle sees every change.
   */
  async changes(since: Date, first: number): Promise<EventChangePage> {
    const params = new SqlParams([since, first + 1]);
    const rows: Array<{ id: string; visible: boolean }> = await this.dataSource.query(
      `SELECT e.id, ${this.access.visibleInChanges('e', params)} AS visible FROM event e
       WHERE e.updated_at >= date_trunc('milliseconds', $1::timestamptz) + interval '1 millisecond' AND ${this.access.changeFeed('e', params)}
       ORDER BY e.updated_at, e.id LIMIT $2`,
      params.values,
    );
    const byId = await eventsByIds(this.dataSource, rows.map((row) => row.id));
    let batch = rows.map((row) => ({ event: byId.get(row.id)!, visible: row.visible }));
    const hasMore = batch.length > first;
    batch = batch.slice(0, first);
    if (hasMore) {
      const last = batch.at(-1)!.event.updatedAt.getTime();
      const complete = batch.filter((row) => row.event.updatedAt.getTime() < last);
      // Rare: a whole batch changed at one instant; it is then returned whole.
      if (complete.length) batch = complete;
    }
    return {
      changes: batch.map(({ event, visible }) => ({ id: event.id, deleted: !visible, updatedAt: event.updatedAt, event: visible ? (event as unknown as EventView) : null })),
      nextSince: batch.at(-1)?.event.updatedAt ?? since,
      hasMore,
    };
  }

  /**
   * "My events": the viewer's own events (every office's for the Pôle, or one office's with
   * organisationId) in every review state and status, never deleted ones, last changed first.
   * Three bounded statements: the page (keyset on updated_at, id), its count, and the counts
   * per state and per status in one GROUPING SETS statement. The counts leave out the state
   * and status filters (they are the tabs) but keep the search and the office.
   */
  async mine(filter: MyEventsFilter | null, first: number, after: string | null | undefined): Promise<{
    nodes: AgendaEvent[];
    pageInfo: ReturnType<typeof toPage>['pageInfo'];
    totalCount: number;
    countsByState: Array<{ moderation: ModerationState; count: number }>;
    countsByStatus: Array<{ status: EventStatus; count: number }>;
  }> {
    if (filter?.organisationId) assertUuid(filter.organisationId, 'filter.organisationId');
    const params = new SqlParams();
    const common: string[] = [this.access.mine('e', params)];
    if (filter?.organisationId) common.push(`e.publisher_id = ${params.add(filter.organisationId)}`);
    const search = filter?.search?.trim();
    if (search) {
      const inLanguage = searchIn(filter?.language);
      common.push(`${inLanguage.vector('e')} @@ ${inLanguage.query(params.add(search))}`);
    }
    const commonParams = [...params.values];
    const narrowed = [...common];
    // Compared as the enums themselves, so that the indexes apply.
    if (filter?.moderation?.length) {
      narrowed.push(`e.moderation = ANY(${params.add(filter.moderation)}::moderation_state[])`);
      // Said outright, so that the partial index of the unpublished states applies (the planner cannot read it from the array).
      if (!filter.moderation.includes('PUBLISHED')) narrowed.push(`e.moderation <> 'PUBLISHED'`);
    }
    if (filter?.status?.length) narrowed.push(`e.status = ANY(${params.add(filter.status)}::event_status[])`);
    const countParams = [...params.values];
    const pageParams = new SqlParams(params.values);
    const where = [...narrowed];
    if (after) {
      const [updatedAt, id] = decodeCursor(after, ['string', 'string']);
      if (Number.isNaN(Date.parse(String(updatedAt)))) throw badUserInput('The cursor is not valid.', [{ field: 'after', message: 'Malformed.' }]);
      assertUuid(String(id), 'after');
      where.push(`(e.updated_at, e.id) < (${pageParams.add(updatedAt)}::timestamptz, ${pageParams.add(id)}::uuid)`);
    }
    const limit = pageParams.add(first + 1);
    const [rows, [total], counts] = await Promise.all([
      this.dataSource.query(`SELECT e.id, e.updated_at::text AS at FROM event e WHERE ${where.join(' AND ')} ORDER BY e.updated_at DESC, e.id DESC LIMIT ${limit}`, pageParams.values) as Promise<Array<{ id: string; at: string }>>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM event e WHERE ${narrowed.join(' AND ')}`, countParams) as Promise<Array<{ n: number }>>,
      this.dataSource.query(
        `SELECT e.moderation::text AS moderation, e.status::text AS status, count(*)::int AS n FROM event e WHERE ${common.join(' AND ')}
         GROUP BY GROUPING SETS ((e.moderation), (e.status))`,
        commonParams,
      ) as Promise<Array<{ moderation: string | null; status: string | null; n: number }>>,
    ]);
    // The cursor keeps the database's own microseconds, so no row between two milliseconds is skipped.
    const at = new Map(rows.map((row) => [row.id, row.at]));
    const events = await this.inOrder(rows.map((row) => row.id));
    const page = toPage(events, first, Boolean(after), (event) => encodeCursor([at.get(event.id)!, event.id]));
    return {
      nodes: page.nodes,
      pageInfo: page.pageInfo,
      totalCount: total!.n,
      countsByState: MODERATION_STATES.map((moderation) => ({ moderation, count: counts.find((c) => c.moderation === moderation && c.status === null)?.n ?? 0 })),
      countsByStatus: EVENT_STATUSES.map((status) => ({ status, count: counts.find((c) => c.status === status && c.moderation === null)?.n ?? 0 })),
    };
  }

  /** Whether the viewer may edit this event (its office, or the Pôle): guards EventView.editing. */
  async isEditable(id: string): Promise<boolean> {
    const params = new SqlParams([id]);
    const [row] = await this.dataSource.query(`SELECT 1 FROM event e WHERE e.id = $1 AND ${this.access.editable('e', params)}`, params.values);
    return Boolean(row);
  }

  /** Events waiting for the Pôle's review, oldest first. */
  async pending(): Promise<AgendaEvent[]> {
    const params = new SqlParams();
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT e.id FROM event e WHERE e.moderation = 'PENDING' AND ${this.access.moderatable('e', params)} ORDER BY e.created_at LIMIT 100`,
      params.values,
    );
    return this.inOrder(rows.map((row) => row.id));
  }

  private async inOrder(ids: string[]): Promise<AgendaEvent[]> {
    const byId = await eventsByIds(this.dataSource, ids);
    return ids.map((id) => byId.get(id)!).filter(Boolean);
  }

  /** Open duplicate candidates, most similar first, with both events in one more query. */
  async duplicates(): Promise<Array<{ event: AgendaEvent; other: AgendaEvent; similarity: number }>> {
    const params = new SqlParams();
    const pairs: Array<{ event_id: string; other_event_id: string; similarity: number }> = await this.dataSource.query(
      `SELECT d.event_id, d.other_event_id, d.similarity FROM event_duplicate d
       JOIN event a ON a.id = d.event_id JOIN event b ON b.id = d.other_event_id
       WHERE d.state = 'OPEN' AND ${this.access.moderatable('a', params)} AND ${this.access.moderatable('b', params)}
       ORDER BY d.similarity DESC, d.detected_at LIMIT 100`,
      params.values,
    );
    const byId = await eventsByIds(this.dataSource, pairs.flatMap((p) => [p.event_id, p.other_event_id]));
    return pairs.filter((p) => byId.has(p.event_id) && byId.has(p.other_event_id)).map((p) => ({ event: byId.get(p.event_id)!, other: byId.get(p.other_event_id)!, similarity: p.similarity }));
  }

  async occurrencesOf(eventIds: readonly string[]): Promise<EventOccurrence[]> {
    if (!eventIds.length) return [];
    return this.dataSource.query(
      `SELECT id, event_id AS "eventId", starts_at AS "startsAt", ends_at AS "endsAt" FROM event_occurrence WHERE event_id = ANY($1::uuid[]) ORDER BY starts_at, id`,
      [[...eventIds]],
    );
  }
}
