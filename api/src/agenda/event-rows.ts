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

/**
 * The event's JSON columns that lists rarely show, with the EventView fields that read them: a read
 * whose query asks none of a column's fields leaves it out (real long descriptions are kilobytes in
 * three languages; the editor's schedule and the merge's bookkeeping are never shown in a list).
 * Every other column is always read. A field that reads one of these columns must be listed here:
 * event-rows.test.ts asks each field alone and with every field, and compares.
 */
export const OPTIONAL_COLUMNS = {
  longDescription: ['longDescription', 'longDescriptionHtml', 'longDescriptionText', 'jsonLd', 'editing'],
  shortDescription: ['shortDescription', 'jsonLd', 'editing'],
  schedule: ['editing'],
  translationOrigin: ['machineTranslated', 'editing'],
  imageAlt: ['image', 'editing'],
  mergeContribution: [],
} as const satisfies Partial<Record<keyof AgendaEvent, readonly string[]>>;

export type OptionalColumn = keyof typeof OPTIONAL_COLUMNS;

/** The optional columns no asked field reads; none when the fields asked are not known (feeds, exports, services). */
export function columnsNotAsked(fields: ReadonlySet<string> | undefined): OptionalColumn[] {
  if (!fields) return [];
  return (Object.entries(OPTIONAL_COLUMNS) as Array<[OptionalColumn, readonly string[]]>).filter(([, readers]) => !readers.some((field) => fields.has(field))).map(([column]) => column);
}

export interface EventSelect {
  /** The select list for `FROM event e JOIN commune c ON c.insee_code = e.commune_insee JOIN epci p ON p.siren = c.epci_siren`. */
  columns: string;
  /** The joins the select list reads. */
  joins: string;
  /** An event object, its commune and EPCI nested, from a row of that select. */
  eventOf(row: Record<string, unknown>): AgendaEvent;
}

const selects = new WeakMap<DataSource, Map<string, EventSelect>>();

/** The select list of an event with its place (but the columns left out), built once per data source from the entities' metadata. */
export function eventSelect(dataSource: DataSource, leaveOut: readonly OptionalColumn[] = []): EventSelect {
  let built = selects.get(dataSource);
  if (!built) selects.set(dataSource, (built = new Map()));
  const key = [...leaveOut].sort().join(',');
  let select = built.get(key);
  if (select) return select;
  const event = part(dataSource.getMetadata(AgendaEvent), 'e', 'e.', leaveOut);
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
  built.set(key, select);
  return select;
}

/** Events by id with their place, in one statement (the optional columns left out that no asked field reads). */
export async function eventsByIds(dataSource: DataSource, ids: readonly string[], leaveOut: readonly OptionalColumn[] = []): Promise<Map<string, AgendaEvent>> {
  if (!ids.length) return new Map();
  const select = eventSelect(dataSource, leaveOut);
  const rows: Array<Record<string, unknown>> = await dataSource.query(`SELECT ${select.columns} FROM event e ${select.joins} WHERE e.id = ANY($1::uuid[])`, [[...new Set(ids)]]);
  return new Map(rows.map((row) => [row['e.id'] as string, select.eventOf(row)]));
}
