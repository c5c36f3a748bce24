import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../common/validation-errors';
import { Router, type Request } from 'express';
import { In, type DataSource } from 'typeorm';
import { AppError } from '../common/errors';
import { escapeHtml, outputText, textProblem } from '../common/text-normalisation';
import { sendError } from '../common/http-errors';
import type { Logger } from '../logger';
import { Commune } from '../territory/commune.entity';
import { AgendaEvent } from './event.entities';
import { EventReader } from './event.reader';
import { EventFilter } from './event.types';
import { SharedAnswers } from '../http/shared-answers';
import { buildCalendar } from './ics';

export interface FeedRoutesOptions {
  dataSource: DataSource;
  /** How long a rendered agenda feed is served again from memory (0: off). */
  cacheMs?: number;
  siteUrl: string;
  logger: Logger;
}

export const MAX_FEED_OCCURRENCES = 100;

/** The same filters as events(), from query parameters. */
/** The query parameters a feed reads; any other is ignored, and kept out of cache keys and self links. */
export const FEED_PARAMETERS = ['from', 'to', 'epci', 'commune', 'category', 'free', 'accessibility', 'text', 'lang', 'after'] as const;

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
    from: date(q.from, 'from'),
    to: date(q.to, 'to'),
    epci: q.epci,
    commune: q.commune,
    categories: list(q.category),
    free: q.free === 'true' ? true : undefined,
    accessibility: list(q.accessibility),
    text: q.text,
  });
  // CASE: the same bounds as the GraphQL filter (list sizes, text length): a feed is no way around them.
  const problems = flattenValidationErrors(validateSync(filter, { forbidUnknownValues: false }));
  if (problems.length) throw new AppError('BAD_USER_INPUT', 'A filter is not valid.', { fields: problems });
  if (filter.epci && !/^\d{9}$/.test(filter.epci)) throw new AppError('BAD_USER_INPUT', 'epci must be a SIREN.', { fields: [{ field: 'epci', message: 'Not a SIREN.' }] });
  if (filter.commune && !/^(?:\d{2}|2[AB])\d{3}$/.test(filter.commune)) throw new AppError('BAD_USER_INPUT', 'commune must be an INSEE code.', { fields: [{ field: 'commune', message: 'Not an INSEE code.' }] });
  return filter;
}

/** Calendar feeds: /feeds/agenda.ics (filtered) and /feeds/events/<id>.ics ("add to my calendar"). */
export function createFeedRouter({ dataSource, siteUrl, logger, cacheMs = 0 }: FeedRoutesOptions): Router {
  const router = Router();
  const reader = new EventReader(dataSource);
  // Calendar apps poll the same few feeds; rendering one (RRULEs, time zones) costs tens of
  // milliseconds. The key is the whole query string, so each filter is its own feed.
  // When one expires, a single request renders it again (SharedAnswers), never each poller at once.
  const rendered = new SharedAnswers<string>({ ttlMs: Math.max(1, cacheMs), maxSize: 64 * 1024 * 1024, sizeOf: (body) => body.length });

  async function render(events: AgendaEvent[], name: string): Promise<string> {
    const ids = events.map((e) => e.id);
    const occurrences = await reader.occurrencesOf(ids);
    const byEvent = new Map<string, typeof occurrences>();
    for (const occurrence of occurrences) byEvent.set(occurrence.eventId, [...(byEvent.get(occurrence.eventId) ?? []), occurrence]);
    const communes = new Map((await dataSource.getRepository(Commune).findBy({ inseeCode: In([...new Set(events.map((e) => e.communeInsee))]) })).map((c) => [c.inseeCode, c]));
    return buildCalendar({ name, events, occurrencesByEvent: byEvent, communes, siteUrl });
  }

  const fail = (res: import('express').Response, error: unknown) => sendError(res, error, logger, 'feed');

  router.get('/feeds/agenda.ics', async (req, res) => {
    try {
      const key = feedCacheKey('/feeds/agenda.ics', req);
      const filter = filterFrom(req);
      const build = async () => {
        const page = await reader.occurrences({ filter, first: MAX_FEED_OCCURRENCES });
        const seen = new Map<string, AgendaEvent>();
        // The reader returns entities; the GraphQL type only describes them.
        for (const node of page.nodes) seen.set(node.event.id, node.event as unknown as AgendaEvent);
        return render([...seen.values()], 'Agenda Nord Franche-Comté');
      };
      const body = cacheMs > 0 ? (await rendered.get(key, build)).value : await build();
      res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
      res.setHeader('Content-Disposition', `inline; filename="agenda-nord-franche-comte.ics"`);
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.send(body);
    } catch (error) {
      fail(res, error);
    }
  });

  /** RSS 2.0 and Atom of the next dates, with the same filters: for readers and partners' sites. */
  router.get(['/feeds/agenda.rss', '/feeds/agenda.atom'], async (req, res) => {
    try {
      const format = req.path.endsWith('.rss') ? 'rss' : 'atom';
      const page = await reader.occurrences({ filter: filterFrom(req), first: MAX_FEED_OCCURRENCES });
      // feed is ESM-only; the native import() loads it from CommonJS.
      const { Feed } = await import('feed');
      const feed = new Feed({
        id: `${siteUrl}/agenda`,
        link: `${siteUrl}/agenda`,
        title: 'Agenda Nord Franche-Comté',
        description: 'Les prochains événements des offices de tourisme de Nord Franche-Comté.',
        language: 'fr',
        copyright: 'Pôle métropolitain Nord Franche-Comté',
        updated: new Date(),
        feedLinks: { [format]: `${siteUrl}/feeds/agenda.${format}` },
      });
      for (const node of page.nodes) {
        const event = node.event as unknown as AgendaEvent;
        const when = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'full', timeStyle: event.allDay ? undefined : 'short' }).format(node.startsAt);
        const status = event.status === 'CANCELLED' ? 'ANNULÉ — ' : event.status === 'POSTPONED' ? 'REPORTÉ — ' : '';
        feed.addItem({
          // Atom wants an IRI: the event page, one fragment per date.
          id: `${siteUrl}/agenda/${event.slug}#${node.startsAt.toISOString()}`,
          link: `${siteUrl}/agenda/${event.slug}`,
          // Atom declares these type="html" and RSS readers take them as HTML: plain text is
          // entity-escaped, which also keeps "]]>" out of the CDATA sections the generator writes.
          title: escapeHtml(outputText(`${status}${event.title.fr} — ${when}`)),
          description: escapeHtml(outputText(event.shortDescription?.fr ?? when)),
          date: event.updatedAt,
          published: event.createdAt,
          category: event.categories.map((name) => ({ name })),
        });
      }
      res.setHeader('Content-Type', format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8');
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.send(format === 'rss' ? feed.rss2() : feed.atom1());
    } catch (error) {
      fail(res, error);
    }
  });

  router.get('/feeds/events/:file', async (req, res) => {
    try {
      const id = /^([0-9a-f-]{36})\.ics$/i.exec(req.params.file ?? '')?.[1];
      const event = id ? await reader.readable({ id }) : null;
      if (!event) throw new AppError('NOT_FOUND', 'No such event.');
      const body = await render([event], pickTitle(event));
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

function pickTitle(event: AgendaEvent): string {
  return event.title.fr;
}
