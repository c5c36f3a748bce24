import { isLanguage, type Language } from '@nfc/shared';
import type { Request } from 'express';
import { In, type DataSource } from 'typeorm';
import { AppError } from '../common/errors';
import { MediaVariant } from '../media/media-variant.entity';
import { variantUrl } from '../media/media.service';
import { Organisation } from '../organisations/organisation.entity';
import { Commune } from '../territory/commune.entity';
import type { AgendaEvent } from './event.entities';
import { EventReader } from './event.reader';
import type { EventFilter } from './event.types';

/** One date of the selection, in the reader's order (starts_at, id). */
export interface ExportOccurrence {
  startsAt: Date;
  endsAt: Date;
  item: ExportItem;
}

/** An event of the selection with what every export format needs beside it. */
export interface ExportItem {
  event: AgendaEvent;
  /** Its dates in this page of the selection (the feed's window), in order. */
  occurrences: Array<{ startsAt: Date; endsAt: Date }>;
  commune: Commune | null;
  publisher: { id: string; name: string } | null;
  /** The largest JPEG variant of its image, public and immutable. */
  imageUrl: string | null;
}

export interface ExportSelection {
  occurrences: ExportOccurrence[];
  /** Events in the order of their first date in the page. */
  items: ExportItem[];
  /** Dates matching the filter in the whole window (not only this page). */
  totalCount: number;
  /** The cursor of the next page, when there is one. */
  after: string | null;
  window: { from: Date; to: Date | null };
  /** The page size asked for: the format's bound. */
  limit: number;
}

/** The language of an export's texts: `lang`, French by default. */
export function languageFrom(req: Request): Language {
  const lang = req.query.lang;
  if (lang === undefined) return 'fr';
  if (typeof lang !== 'string' || !isLanguage(lang)) throw new AppError('BAD_USER_INPUT', 'lang must be fr, en or de.', { fields: [{ field: 'lang', message: 'Not fr, en or de.' }] });
  return lang;
}

/** The cursor of a page after the first (`after`, from the previous page's Link rel=next). */
export function cursorFrom(req: Request): string | null {
  const after = req.query.after;
  if (after === undefined) return null;
  if (typeof after !== 'string' || !after || after.length > 500) throw new AppError('BAD_USER_INPUT', 'after must be the cursor of a Link rel=next.', { fields: [{ field: 'after', message: 'Malformed.' }] });
  return after;
}

/**
 * A page of public, published dates matching the feeds' filter, with their events, communes,
 * publishing offices and image URLs: four statements whatever the page size.
 */
export async function loadSelection(dataSource: DataSource, publicApiUrl: string, filter: EventFilter, limit: number, after: string | null): Promise<ExportSelection> {
  const reader = new EventReader(dataSource);
  const page = await reader.occurrences({ filter, first: limit, after });
  const totalCount = await page.totalCount;
  const events = new Map<string, AgendaEvent>();
  // The reader returns entities; the GraphQL type only describes them.
  for (const node of page.nodes) events.set(node.event.id, node.event as unknown as AgendaEvent);
  const list = [...events.values()];
  const [publishers, variants] = await Promise.all([
    list.length ? dataSource.getRepository(Organisation).findBy({ id: In([...new Set(list.map((e) => e.publisherId))]) }) : [],
    list.some((e) => e.imageMediaId) ? dataSource.getRepository(MediaVariant).find({ where: { mediaId: In(list.flatMap((e) => (e.imageMediaId ? [e.imageMediaId] : []))), format: 'jpeg' }, order: { width: 'ASC' } }) : [],
  ]);
  // The reader reads each event's commune with it (event-rows.ts).
  const communeBy = new Map(list.map((e) => [e.communeInsee, e.commune as Commune]));
  const publisherBy = new Map(publishers.map((o) => [o.id, { id: o.id, name: o.name }]));
  const imageBy = new Map<string, string>();
  // Ordered by width: the last one written is the largest.
  for (const variant of variants) imageBy.set(variant.mediaId, variantUrl(publicApiUrl, variant));
  const items = new Map<string, ExportItem>();
  const occurrences: ExportOccurrence[] = [];
  for (const node of page.nodes) {
    const event = events.get(node.event.id)!;
    let item = items.get(event.id);
    if (!item) {
      item = {
        event,
        occurrences: [],
        commune: communeBy.get(event.communeInsee) ?? null,
        publisher: publisherBy.get(event.publisherId) ?? null,
        imageUrl: event.imageMediaId ? (imageBy.get(event.imageMediaId) ?? null) : null,
      };
      items.set(event.id, item);
    }
    item.occurrences.push({ startsAt: node.startsAt, endsAt: node.endsAt });
    occurrences.push({ startsAt: node.startsAt, endsAt: node.endsAt, item });
  }
  return {
    occurrences,
    items: [...items.values()],
    totalCount,
    after: page.pageInfo.hasNextPage ? page.pageInfo.endCursor ?? null : null,
    window: { from: filter.from ?? new Date(), to: filter.to ?? null },
    limit,
  };
}
