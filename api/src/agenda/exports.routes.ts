import type { Forgetful } from '../http/read-invalidation';
import { Router, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { sendError } from '../common/http-errors';
import { SharedAnswers } from '../http/shared-answers';
import type { Logger } from '../logger';
import { Commune } from '../territory/commune.entity';
import { Epci } from '../territory/epci.entity';
import { dataTourismeFeed, OPEN_LICENCE_URL } from './datatourisme';
import { cursorFrom, languageFrom, loadSelection, type ExportSelection } from './export-selection';
import { feedCacheKey, feedParameters, feedWindow, filterFrom, MAX_FEED_OCCURRENCES } from './feeds.routes';
import { openAgendaFeed } from './openagenda';
import { buildProgramme, MAX_PROGRAMME_OCCURRENCES } from './programme';
import { buildCsv, buildXlsx } from './spreadsheet';

export interface ExportRoutesOptions {
  dataSource: DataSource;
  siteUrl: string;
  /** The API's public address: the feeds' own links (Link rel=next) point there. */
  apiUrl: string;
  logger: Logger;
  /** How long a rendered export is served again from memory (0: off), like the calendar feeds. */
  cacheMs?: number;
  /** Where the rendered answers are registered, to be forgotten when any process writes (http/read-invalidation.ts). */
  caches?: { register(cache: Forgetful): void };
}

/** Dates per file of a spreadsheet: a week of the whole territory fits in one. */
export const MAX_SPREADSHEET_OCCURRENCES = 500;

interface Rendered {
  body: Buffer;
  type: string;
  filename: string;
  disposition: 'inline' | 'attachment';
  totalCount: number;
  count: number;
  next: string | null;
  window: string;
}

interface Format {
  path: string;
  limit: number;
  render: (selection: ExportSelection, context: { req: Request; feedUrl: string; nextUrl: string | null }) => Promise<Omit<Rendered, 'totalCount' | 'count' | 'next' | 'window'>>;
}

/**
 * The open-data exports (Licence Ouverte 2.0): DATAtourisme JSON-LD, an OpenAgenda-shaped JSON,
 * CSV, XLSX and a printable PDF programme. Each reads the public's published events through the
 * calendar feeds' filter and reader (same parameters, same checks), spends the same anonymous
 * budget (mounted under /feeds), states its window and paging in headers (X-Total-Count counts
 * dates; Link rel=next carries the cursor), and is cached like them, keyed by its query string.
 */
export function createExportRouter({ dataSource, siteUrl, apiUrl, logger, cacheMs = 0, caches }: ExportRoutesOptions): Router {
  const router = Router();
  const rendered = new SharedAnswers<Rendered>({ ttlMs: Math.max(1, cacheMs), maxSize: 64 * 1024 * 1024, sizeOf: (answer) => answer.body.length });
  caches?.register(rendered);

  const formats: Format[] = [
    {
      path: '/feeds/datatourisme.jsonld',
      limit: MAX_FEED_OCCURRENCES,
      render: async (selection, { feedUrl, nextUrl }) => ({
        body: Buffer.from(JSON.stringify(dataTourismeFeed(selection, { siteUrl, feedUrl, nextUrl }))),
        type: 'application/ld+json; charset=utf-8',
        filename: 'agenda-nord-franche-comte.jsonld',
        disposition: 'inline',
      }),
    },
    {
      path: '/feeds/openagenda.json',
      limit: MAX_FEED_OCCURRENCES,
      render: async (selection, { nextUrl }) => ({
        body: Buffer.from(JSON.stringify(openAgendaFeed(selection, siteUrl, nextUrl))),
        type: 'application/json; charset=utf-8',
        filename: 'agenda-nord-franche-comte.json',
        disposition: 'inline',
      }),
    },
    {
      path: '/feeds/agenda.csv',
      limit: MAX_SPREADSHEET_OCCURRENCES,
      render: async (selection, { req }) => ({
        body: buildCsv(selection, languageFrom(req), siteUrl),
        type: 'text/csv; charset=utf-8; header=present',
        filename: 'agenda-nord-franche-comte.csv',
        disposition: 'attachment',
      }),
    },
    {
      path: '/feeds/agenda.xlsx',
      limit: MAX_SPREADSHEET_OCCURRENCES,
      render: async (selection, { req, feedUrl, nextUrl }) => ({
        body: await buildXlsx(selection, languageFrom(req), siteUrl, feedUrl, nextUrl),
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        filename: 'agenda-nord-franche-comte.xlsx',
        disposition: 'attachment',
      }),
    },
    {
      path: '/feeds/programme.pdf',
      limit: MAX_PROGRAMME_OCCURRENCES,
      render: async (selection, { req }) => {
        const filter = filterFrom(req);
        const scope = filter.commune
          ? ((await dataSource.getRepository(Commune).findOneBy({ inseeCode: filter.commune }))?.name ?? null)
          : filter.epci
            ? ((await dataSource.getRepository(Epci).findOneBy({ siren: filter.epci }))?.name ?? null)
            : null;
        const online = new URLSearchParams();
        if (filter.epci) online.set('epci', filter.epci);
        if (filter.categories?.[0]) online.set('categorie', filter.categories[0]);
        const language = languageFrom(req);
        const agendaPath = language === 'fr' ? '/agenda' : `/${language}/agenda`;
        return {
          body: await buildProgramme(selection, { language, scope, onlineUrl: `${siteUrl}${agendaPath}${online.size ? `?${online}` : ''}` }),
          type: 'application/pdf',
          filename: 'programme-nord-franche-comte.pdf',
          disposition: 'inline',
        };
      },
    },
  ];

  for (const format of formats) {
    router.get(format.path, async (req, res) => {
      try {
        // Only the parameters a feed reads: in the key and in the self and next links of a shared answer.
        const query = feedParameters(req);
        const key = feedCacheKey(format.path, req);
        // Checked before the cache, so that a bad parameter is a 400 even when a good answer is cached.
        const filter = filterFrom(req);
        languageFrom(req);
        const after = cursorFrom(req);
        const build = async (): Promise<Rendered> => {
          // The calendar feeds' window: from "from" (or now), twelve months at most; stated as used.
          feedWindow(filter);
          const selection = await loadSelection(dataSource, apiUrl, filter, format.limit, after);
          const feedUrl = `${apiUrl}${format.path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
          const nextUrl = selection.after ? `${apiUrl}${format.path}?${new URLSearchParams({ ...query, after: selection.after })}` : null;
          const output = await format.render(selection, { req, feedUrl, nextUrl });
          return {
            ...output,
            totalCount: selection.totalCount,
            count: selection.occurrences.length,
            next: nextUrl,
            window: `${selection.window.from.toISOString()}/${selection.window.to?.toISOString() ?? '..'}`,
          };
        };
        const answer = cacheMs > 0 ? (await rendered.get(key, build)).value : await build();
        send(res, answer);
      } catch (error) {
        sendError(res, error, logger, 'export');
      }
    });
  }
  return router;
}

function send(res: Response, answer: Rendered): void {
  res.setHeader('Content-Type', answer.type);
  res.setHeader('Content-Disposition', `${answer.disposition}; filename="${answer.filename}"`);
  res.setHeader('Cache-Control', 'public, max-age=300');
  // Honest paging: how many dates match in the window, how many this answer holds, where the rest is.
  res.setHeader('X-Total-Count', String(answer.totalCount));
  res.setHeader('X-Result-Count', String(answer.count));
  // An ISO 8601 interval; ".." is an open end.
  res.setHeader('X-Window', answer.window);
  const links = [`<${OPEN_LICENCE_URL}>; rel="license"`];
  if (answer.next) links.unshift(`<${answer.next}>; rel="next"`);
  res.setHeader('Link', links.join(', '));
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'X-Total-Count, X-Result-Count, X-Window, Link');
  res.send(answer.body);
}
