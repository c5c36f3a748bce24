import type { Forgetful } from '../http/read-invalidation';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../common/validation-errors';
import { Router, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { isLanguage, pickLanguage } from '@nfc/shared';
import { AppError } from '../common/errors';
import { textProblem } from '../common/text-normalisation';
import { sendError } from '../common/http-errors';
import type { Logger } from '../logger';
import { Commune } from '../territory/commune.entity';
import { AgendaEvent, EventOccurrence } from './event.entities';
import { EventReader, FEED_WINDOW_MONTHS, presetRange } from './event.reader';
import { EventFilter } from './event.types';
import { SharedAnswers } from '../http/shared-answers';
import { DateTime } from 'luxon';
import { OPEN_LICENCE_URL } from './datatourisme';
import { cursorFrom, languageFrom, loadSelection } from './export-selection';
import { buildCalendar } from './ics';
import { buildSyndication } from './syndication';

export interface FeedRoutesOptions {
  dataSource: DataSource;
  /** The API's public address: the feeds' self and next links point there. */
  apiUrl: string;
  /** How long a rendered agenda feed is served again from memory (0: off). */
  cacheMs?: number;
  siteUrl: string;
  logger: Logger;
  /** Where the rendered answers are registered, to be forgotten when any process writes (http/read-invalidation.ts). */
  caches?: { register(cache: Forgetful): void };
}

/** Dates per page of RSS, Atom and the JSON exports. */
export const MAX_FEED_OCCURRENCES = 100;
/** Dates of the window per page of the agenda's ICS (each of their events whole, once). */
export const ICS_PAGE_OCCURRENCES = 1000;
/** A feed covers at most FEED_WINDOW_MONTHS from its start ("from", or now): the reader's window. */
export { FEED_WINDOW_MONTHS };

/** The query parameters a feed reads; any other is ignored, and kept out of cache keys and self links. */
export const FEED_PARAMETERS = ['when', 'from', 'to', 'epci', 'commune', 'category', 'free', 'accessibility', 'text', 'lang', 'after'] as const;

/** The parameters a feed reads, as given (single values only), in a fixed order. */
export function feedParameters(req: Request): Record<string, string> {
  return Object.fromEntries(FEED_PARAMETERS.flatMap((name) => (typeof req.query[name] === 'string' ? [[name, req.query[name] as string]] : [])));
}

/**
 * A cache key for a feed's answer: the parameters it reads, nothing else, so that a visitor adding
 * `?x=<random>` cannot push every other answer out of the shared cache, nor see their own text in one.
 */
export function feedCacheKey(path: string, req: Request): string {
  return `${path}?${new URLSearchParams(feedParameters(req)).toString()}`;
}

export function filterFrom(req: Request): EventFilter {
  // A repeated parameter (?text=a&text=b) arrives as an array: only a single value is a filter.
  const q = Object.fromEntries(Object.entries(req.query).map(([name, value]) => [name, typeof value === 'string' ? value : undefined])) as Record<string, string | undefined>;
  for (const [field, value] of Object.entries(q)) {
    const problem = value === undefined ? null : textProblem(value);
    if (problem) throw new AppError('BAD_USER_INPUT', problem, { fields: [{ field, message: problem }] });
  }
  const list = (value: string | undefined) => (value ? value.split(',').map((v) => v.trim()).filter(Boolean) : undefined);
  const date = (value: string | undefined, field: string) => {
    if (!value) return undefined;
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime())) throw new AppError('BAD_USER_INPUT', `${field} must be an ISO date.`, { fields: [{ field, message: 'Not a date.' }] });
    return parsed;
  };
  const filter = Object.assign(new EventFilter(), {
    // A preset (TODAY, THIS_WEEKEND, NEXT_7_DAYS) as the GraphQL filter takes it; checked with the rest below.
    when: q.when as EventFilter['when'],
    from: date(q.from, 'from'),
    to: date(q.to, 'to'),
    epci: q.epci,
    commune: q.commune,
    categories: list(q.category),
    free: q.free === 'true' ? true : undefined,
    accessibility: list(q.accessibility),
    text: q.text,
    // The feed's language is also its search's (an invalid one is refused by languageFrom).
    language: isLanguage(q.lang) ? q.lang : undefined,
  });
  // CASE: the same bounds as the GraphQL filter (list sizes, text length): a feed is no way around them.
  const problems = flattenValidationErrors(validateSync(filter, { forbidUnknownValues: false }));
  if (problems.length) throw new AppError('BAD_USER_INPUT', 'A filter is not valid.', { fields: problems });
  if (filter.epci && !/^\d{9}$/.test(filter.epci)) throw new AppError('BAD_USER_INPUT', 'epci must be a SIREN.', { fields: [{ field: 'epci', message: 'Not a SIREN.' }] });
  if (filter.commune && !/^(?:\d{2}|2[AB])\d{3}$/.test(filter.commune)) throw new AppError('BAD_USER_INPUT', 'commune must be an INSEE code.', { fields: [{ field: 'commune', message: 'Not an INSEE code.' }] });
  return filter;
}

/**
 * The window a feed covers: from "from" (default now) to "to" (default, and at most, 12 months
 * later). A later "to" is brought back to the bound; every answer states the window it used (X-Window).
 */
export function feedWindow(filter: EventFilter, now: Date = new Date()): { from: Date; to: Date } {
  // A preset is resolved now, in Paris time; "from" and "to", when given, win (as in the GraphQL filter).
  const preset = filter.when ? presetRange(filter.when, DateTime.fromJSDate(now)) : undefined;
  const from = filter.from ?? preset?.from ?? now;
  if (!filter.to && preset) filter.to = preset.to;
  const bound = DateTime.fromJSDate(from).plus({ months: FEED_WINDOW_MONTHS }).toJSDate();
  const to = filter.to && filter.to < bound ? filter.to : bound;
  filter.from = from;
  filter.to = to;
  return { from, to };
}

interface Paging {
  totalCount: number;
  count: number;
  next: string | null;
  window: { from: Date; to: Date };
}

/** Honest paging, as the exports say it: dates in the window, dates in this answer, where the rest is. */
function sendPaged(res: Response, type: string, body: string, paging: Paging, disposition?: string): void {
  res.setHeader('Content-Type', type);
  if (disposition) res.setHeader('Content-Disposition', disposition);
  res.setHeader('Cache-Control', 'public, max-age=300');
  res.setHeader('X-Total-Count', String(paging.totalCount));
  res.setHeader('X-Result-Count', String(paging.count));
  res.setHeader('X-Window', `${paging.window.from.toISOString()}/${paging.window.to.toISOString()}`);
  const links = [`<${OPEN_LICENCE_URL}>; rel="license"`];
  if (paging.next) links.unshift(`<${paging.next}>; rel="next"`);
  res.setHeader('Link', links.join(', '));
  res.setHeader('Access-Control-Expose-Headers', 'X-Total-Count, X-Result-Count, X-Window, Link');
  res.send(body);
}

interface Answer {
  body: string;
  paging: Paging;
}

/** Calendar feeds: /feeds/agenda.ics (filtered, windowed, paged), /feeds/agenda.rss|atom, /feeds/events/<id>.ics. */
export function createFeedRouter({ dataSource, apiUrl, siteUrl, logger, cacheMs = 0, caches }: FeedRoutesOptions): Router {
  const router = Router();
  const reader = new EventReader(dataSource);
  // Calendar apps poll the same few feeds; rendering one (RRULEs, time zones) costs tens of
  // milliseconds. The key is the parameters the feed reads (the cursor among them), so each filter
  // and page is its own answer. When one expires, a single request renders it again (SharedAnswers).
  const rendered = new SharedAnswers<Answer>({ ttlMs: Math.max(1, cacheMs), maxSize: 64 * 1024 * 1024, sizeOf: (answer) => answer.body.length });
  caches?.register(rendered);

  async function occurrencesAndCommunes(events: AgendaEvent[]) {
    const occurrences = await reader.occurrencesOf(events.map((e) => e.id));
    const byEvent = new Map<string, EventOccurrence[]>();
    for (const occurrence of occurrences) byEvent.set(occurrence.eventId, [...(byEvent.get(occurrence.eventId) ?? []), occurrence]);
    // The reader reads each event's commune with it (event-rows.ts).
    return { byEvent, communes: new Map(events.map((e) => [e.communeInsee, e.commune as Commune])) };
  }

  const fail = (res: Response, error: unknown) => sendError(res, error, logger, 'feed');
  const urlOf = (path: string, query: Record<string, string>) => `${apiUrl}${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;

  /** A paged feed's request, read and checked before the cache: a bad parameter is a 400 even when a good answer is cached. */
  const pagedFeedRequest = (path: string, req: Request) => ({
    query: feedParameters(req),
    key: feedCacheKey(path, req),
    filter: filterFrom(req),
    language: languageFrom(req),
    after: cursorFrom(req),
  });

  router.get('/feeds/agenda.ics', async (req, res) => {
    try {
      const path = '/feeds/agenda.ics';
      const { query, key, filter, language, after } = pagedFeedRequest(path, req);
      const build = async (): Promise<Answer> => {
        const window = feedWindow(filter);
        const page = await reader.occurrences({ filter, first: ICS_PAGE_OCCURRENCES, after });
        const inPage = new Set(page.nodes.map((node) => String(node.id)));
        const candidates = new Map<string, AgendaEvent>();
        // The reader returns entities; the GraphQL type only describes them.
        for (const node of page.nodes) candidates.set(node.event.id, node.event as unknown as AgendaEvent);
        const { byEvent, communes } = await occurrencesAndCommunes([...candidates.values()]);
        // Each event is written once, whole, in the page that holds its first date of the window
        // (the reader's order: start, then id): an event whose first date an earlier page held is
        // already written there. So following rel=next to the end gives each date once.
        const inWindow = (o: EventOccurrence) => o.endsAt >= window.from && o.startsAt < window.to;
        const order = (a: EventOccurrence, b: EventOccurrence) => a.startsAt.getTime() - b.startsAt.getTime() || Number(BigInt(a.id) - BigInt(b.id));
        const events: AgendaEvent[] = [];
        let count = 0;
        for (const event of candidates.values()) {
          const dates = (byEvent.get(event.id) ?? []).filter(inWindow).sort(order);
          if (!dates[0] || !inPage.has(String(dates[0].id))) continue;
          events.push(event);
          count += dates.length;
        }
        const next = page.pageInfo.hasNextPage && page.pageInfo.endCursor ? urlOf(path, { ...query, after: page.pageInfo.endCursor }) : null;
        const body = buildCalendar({
          name: 'Agenda Nord Franche-Comté',
          events,
          occurrencesByEvent: byEvent,
          communes,
          siteUrl,
          language,
          source: urlOf(path, query),
          description: `${window.from.toISOString()}/${window.to.toISOString()}${next ? ` — ${next}` : ''}`,
        });
        return { body, paging: { totalCount: await page.totalCount, count, next, window } };
      };
      const answer = cacheMs > 0 ? (await rendered.get(key, build)).value : await build();
      sendPaged(res, 'text/calendar; charset=utf-8', answer.body, answer.paging, 'inline; filename="agenda-nord-franche-comte.ics"');
    } catch (error) {
      fail(res, error);
    }
  });

  /** RSS 2.0 and Atom of the window's dates, with the same filters, paged (RFC 5005): for readers and partners' sites. */
  router.get(['/feeds/agenda.rss', '/feeds/agenda.atom'], async (req, res) => {
    try {
      const format = req.path.endsWith('.rss') ? 'rss' : 'atom';
      const path = `/feeds/agenda.${format}`;
      const { query, key, filter, language, after } = pagedFeedRequest(path, req);
      const build = async (): Promise<Answer> => {
        const window = feedWindow(filter);
        const selection = await loadSelection(dataSource, apiUrl, filter, MAX_FEED_OCCURRENCES, after);
        const next = selection.after ? urlOf(path, { ...query, after: selection.after }) : null;
        const { after: _after, ...first } = query;
        const body = buildSyndication({ format, selection, language, siteUrl, selfUrl: urlOf(path, query), firstUrl: urlOf(path, first), nextUrl: next });
        return { body, paging: { totalCount: selection.totalCount, count: selection.occurrences.length, next, window } };
      };
      const answer = cacheMs > 0 ? (await rendered.get(key, build)).value : await build();
      sendPaged(res, format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8', answer.body, answer.paging);
    } catch (error) {
      fail(res, error);
    }
  });

  router.get('/feeds/events/:file', async (req, res) => {
    try {
      const id = /^([0-9a-f-]{36})\.ics$/i.exec(req.params.file ?? '')?.[1];
      const language = languageFrom(req);
      const event = id ? await reader.readable({ id }) : null;
      if (!event) throw new AppError('NOT_FOUND', 'No such event.');
      const { byEvent, communes } = await occurrencesAndCommunes([event]);
      const body = buildCalendar({ name: pickLanguage(event.title, language), events: [event], occurrencesByEvent: byEvent, communes, siteUrl, language });
      res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${event.slug}.ics"`);
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.send(body);
    } catch (error) {
      fail(res, error);
    }
  });

  return router;
}
