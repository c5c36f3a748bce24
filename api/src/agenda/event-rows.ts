import type { DataSource, EntityMetadata } from 'typeorm';
import { Commune } from '../territory/commune.entity';
import { Epci } from '../territory/epci.entity';
import { AgendaEvent } from './event.entities';

/**
 * Events read by plain SQL for the hot read paths (lists, the event page, feeds, changes): the
 * profile of an agenda page showed TypeORM's query building and hydration, and the commune and
 * EPCI each fetched by a statement of their own, costing more than PostgreSQL's work. Here one
 * statement returns each event with its commune (without its boundary, which a list never shows:
 * Commune.geometry loads it when asked) and the commune's EPCI, as plain objects in the
 * entities' shapes, with the values pg gives for each column type, as TypeORM's own (numeric as
 * text, timestamps as Date, jsonb parsed), so the field resolvers read them as they read entities.
 */

interface Column {
  /** The key in the row pg returns. */
  key: string;
  /** The property of the object it fills. */
  property: string;
}

interface Part {
  select: string;
  columns: Column[];
}

/** `alias.column AS "prefix.property"` for each column of an entity that a read selects. */
function part(metadata: EntityMetadata, alias: string, prefix: string, leaveOut: readonly string[] = []): Part {
  const columns = metadata.columns.filter((column) => column.isSelect && !leaveOut.includes(column.propertyName));
  return {
    select: columns.map((column) => `${alias}.${column.databaseName} AS "${prefix}${column.propertyName}"`).join(', '),
    columns: columns.map((column) => ({ key: `${prefix}${column.propertyName}`, property: column.propertyName })),
  };
}

/** What a Commune read with its event carries: everything but the boundary. */
export type CommuneWithoutBoundary = Omit<Commune, 'geometry'> & { geometry?: Commune['geometry'] };

export interface EventSelect {
  /** The select list for `FROM event e JOIN commune c ON c.insee_code = e.commune_insee JOIN epci p ON p.siren = c.epci_siren`. */
  columns: string;
  /** The joins the select list reads. */
  joins: string;
  /** An event object, its commune and EPCI nested, from a row of that select. */
  eventOf(row: Record<string, unknown>): AgendaEvent;
}

const selects = new WeakMap<DataSource, EventSelect>();

/** The select list of an event with its place, built once per data source from the entities' metadata. */
export function eventSelect(dataSource: DataSource): EventSelect {
  let select = selects.get(dataSource);
  if (select) return select;
  const event = part(dataSource.getMetadata(AgendaEvent), 'e', 'e.');
  const commune = part(dataSource.getMetadata(Commune), 'c', 'c.', ['geometry']);
  const epci = part(dataSource.getMetadata(Epci), 'p', 'p.');
  const fill = (target: Record<string, unknown>, row: Record<string, unknown>, columns: Column[]) => {
    for (const { key, property } of columns) target[property] = row[key];
    return target;
  };
  select = {
    columns: `${event.select}, ${commune.select}, ${epci.select}`,
    joins: 'JOIN commune c ON c.insee_code = e.commune_insee JOIN epci p ON p.siren = c.epci_siren',
    eventOf(row) {
      const place = fill({}, row, commune.columns) as unknown as Commune;
      place.epci = fill({}, row, epci.columns) as unknown as Epci;
      const read = fill({}, row, event.columns) as unknown as AgendaEvent;
      read.commune = place;
      return read;
    },
  };
  selects.set(dataSource, select);
  return select;
}

/** Events by id with their place, in one statement; the caller's row filter (with its parameters after $1) applies. */
export async function eventsByIds(dataSource: DataSource, ids: readonly string[], filter = 'true', params: unknown[] = []): Promise<Map<string, AgendaEvent>> {
  if (!ids.length) return new Map();
  const select = eventSelect(dataSource);
  const rows: Array<Record<string, unknown>> = await dataSource.query(`SELECT ${select.columns} FROM event e ${select.joins} WHERE e.id = ANY($1::uuid[]) AND ${filter}`, [[...new Set(ids)], ...params]);
  return new Map(rows.map((row) => [row['e.id'] as string, select.eventOf(row)]));
}
