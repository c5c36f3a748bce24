import { EVENT_CATEGORIES, type EventCategory, type Language } from '@nfc/shared';
import { getNamedType, isObjectType, type FieldNode, type GraphQLObjectType, type GraphQLOutputType, type GraphQLResolveInfo } from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields';
import type { DataSource, EntityMetadata } from 'typeorm';
import { arrayJson, createScope, DeferredParams, finishedJson, inList, isoInstant, parseFinished, leafJson, objectJson, subObjectJson, textParam, type SqlJsonField, type SqlJsonResolver, type SqlJsonScope, type SqlJsonTable } from '../common/sql-json';
import { markdownToHtml, markdownToText } from './markdown';
import type { SqlPlanner } from '../http/answers-in-sql';
import { EXTENSION_BY_FORMAT } from '../media/media.service';
import { Commune } from '../territory/commune.entity';
import { Epci } from '../territory/epci.entity';
import { AgendaEvent } from './event.entities';

/**
 * The public agenda's types as SQL (common/sql-json.ts): what EventFieldsResolver, the place, the
 * commune and the EPCI resolvers answer, written as expressions over the rows `e` (event), `c`
 * (its commune) and `p` (the commune's EPCI). A field missing here is answered by the resolvers
 * (the whole query then is). Only anonymous reads come here (http/answers-in-sql.ts), so what
 * depends on the viewer is what the public gets: `editing` is null.
 * event-json.test.ts asks each field here both ways, in every language, and compares.
 */

export interface PlaceAliases {
  /** The event row. */
  e: string;
  /** Its commune. */
  c: string;
  /** The commune's EPCI. */
  p: string;
}

/** The joins that give an event `e` its commune `c` and EPCI `p`. */
export const PLACE_JOINS = 'JOIN commune c ON c.insee_code = e.commune_insee JOIN epci p ON p.siren = c.epci_siren';
export const PLACE_ALIASES: PlaceAliases = { e: 'e', c: 'c', p: 'p' };

/** The fields that are a column of the entity as it is (no resolver of their own), as their GraphQL type writes them. */
function columnFields<Aliases>(metadata: EntityMetadata, alias: (aliases: Aliases) => string, properties: readonly string[]): Record<string, SqlJsonResolver<Aliases>> {
  return Object.fromEntries(
    properties.map((property) => {
      const column = metadata.findColumnWithPropertyName(property);
      if (!column) throw new Error(`${metadata.name} has no column ${property}`);
      const type = typeof column.type === 'string' ? column.type : 'other';
      const resolver: SqlJsonResolver<Aliases> = ({ definition }, aliases) => leafJson(`${alias(aliases)}.${column.databaseName}`, definition.type, type);
      return [property, resolver];
    }),
  );
}

/** A localized jsonb column in the asked language, French when that one is missing (pickLanguage). */
function localized(column: string, field: SqlJsonField): string {
  const language = textParam(field.scope, (field.args['lang'] as string | null | undefined) ?? 'fr');
  return `coalesce(${column}->>${language}, ${column}->>'fr')`;
}

/** A constant of our own code as a SQL string literal (quotes doubled; standard_conforming_strings is on). */
function sqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A value computed when first asked, then kept. */
function once(make: () => string): () => string {
  let made: string | undefined;
  return () => (made ??= make());
}

type CategoryField = (category: EventCategory, language: Language) => unknown;

const CATEGORY_FIELDS: Readonly<Record<string, CategoryField>> = {
  id: (category) => category.id,
  label: (category, language) => category.label[language],
  schemaOrgType: (category) => category.schemaOrgType,
  dataTourismeType: (category) => category.dataTourismeType,
};

/**
 * EventFieldsResolver.categories: the catalogue's entries the event names, in the catalogue's
 * order, as the query asks them. The catalogue is a constant of the code: PostgreSQL writes the
 * event's ids and Node the rest (a subquery per event was half the page's SQL time, measured).
 */
function categoriesJson(field: SqlJsonField, e: string): string | null {
  const type = getNamedType(field.definition.type);
  if (!isObjectType(type)) return null;
  const entries: Array<[string, CategoryField]> = [];
  for (const [key, nodes] of collectSubfields(field.scope.schema, field.scope.fragments, field.scope.variables, type, field.nodes as FieldNode[])) {
    const name = nodes[0]!.name.value;
    const read = name === '__typename' ? () => type.name : Object.hasOwn(CATEGORY_FIELDS, name) ? CATEGORY_FIELDS[name] : undefined;
    if (!read) return null;
    entries.push([key, read]);
  }
  const language = ((field.args['lang'] as Language | null | undefined) ?? 'fr') as Language;
  return finishedJson(field.scope, `${e}.categories`, (ids) =>
    EVENT_CATEGORIES.filter((category) => (ids as string[]).includes(category.id)).map((category) => {
      const object: Record<string, unknown> = {};
      for (const [key, read] of entries) object[key] = read(category, language);
      return object;
    }),
  );
}

/** The long description in the asked language, rendered by Node (markdown.ts) from what PostgreSQL picks. */
function renderedJson(field: SqlJsonField, e: string, render: (markdown: string) => string): string {
  const picked = finishedJson(field.scope, localized(`${e}.long_description`, field), (markdown) => (typeof markdown === 'string' ? render(markdown) : null));
  return `CASE WHEN ${e}.long_description IS NULL THEN NULL ELSE ${picked} END`;
}

interface VariantAliases {
  v: string;
  /** The API's public address, as a parameter added when first read. */
  base: () => string;
}

const VARIANT_TABLE: SqlJsonTable<VariantAliases> = {
  format: (_, { v }) => `${v}.format::text`,
  width: (_, { v }) => `${v}.width`,
  height: (_, { v }) => `${v}.height`,
  // variantUrl(): the API's public address, the file's hash and its extension.
  url: (_, { v, base }) =>
    `${base()} || '/media/' || ${v}.sha256 || '.' || CASE ${v}.format::text ${Object.entries(EXTENSION_BY_FORMAT)
      .map(([format, extension]) => `WHEN ${sqlText(format)} THEN ${sqlText(extension)}`)
      .join(' ')} END`,
};

interface ImageAliases {
  e: string;
  publicApiUrl: () => string;
  /** The language image(lang:) asks, for its alt (a parameter added when read). */
  language: () => string;
}

interface OccurrenceAliases {
  /** The occurrence row. */
  o: string;
  /** Its event's, when they are joined (the lists); otherwise the event is its own. */
  event: PlaceAliases;
}

/** The tables, built once per data source from the entities' metadata. */
export interface AgendaJsonTables {
  event: SqlJsonTable<PlaceAliases>;
  occurrence: SqlJsonTable<OccurrenceAliases>;
  commune: SqlJsonTable<PlaceAliases>;
}

const built = new WeakMap<DataSource, AgendaJsonTables>();

export function agendaJsonTables(dataSource: DataSource): AgendaJsonTables {
  let tables = built.get(dataSource);
  if (tables) return tables;
  const eventMeta = dataSource.getMetadata(AgendaEvent);
  const communeMeta = dataSource.getMetadata(Commune);
  const epciMeta = dataSource.getMetadata(Epci);

  const epci: SqlJsonTable<PlaceAliases> = columnFields<PlaceAliases>(epciMeta, (a) => a.p, ['siren', 'name', 'kind', 'population']);
  const geoPoint: SqlJsonTable<PlaceAliases> = { lat: (_, { c }) => `${c}.centroid_lat`, lon: (_, { c }) => `${c}.centroid_lon` };
  const box: SqlJsonTable<PlaceAliases> = {
    minLon: (_, { c }) => `${c}.min_lon`,
    minLat: (_, { c }) => `${c}.min_lat`,
    maxLon: (_, { c }) => `${c}.max_lon`,
    maxLat: (_, { c }) => `${c}.max_lat`,
  };
  const commune: SqlJsonTable<PlaceAliases> = {
    ...columnFields<PlaceAliases>(communeMeta, (a) => a.c, ['inseeCode', 'name', 'postalCodes', 'population']),
    epci: (field, aliases) => subObjectJson(field, epci, aliases),
    centroid: (field, aliases) => subObjectJson(field, geoPoint, aliases),
    bbox: (field, aliases) => subObjectJson(field, box, aliases),
  };
  const place: SqlJsonTable<PlaceAliases> = {
    name: (_, { e }) => `${e}.place_name`,
    streetAddress: (_, { e }) => `${e}.street_address`,
    postalCode: (_, { e }) => `${e}.postal_code::text`,
    lat: (_, { e }) => `${e}.lat`,
    lon: (_, { e }) => `${e}.lon`,
    approximate: (_, { e }) => `${e}.location_approximate`,
    commune: (field, aliases) => subObjectJson(field, commune, aliases),
  };
  const image: SqlJsonTable<ImageAliases> = {
    credit: (_, { e }) => `${e}.image_credit`,
    alt: (_, { e, language }) => `CASE WHEN ${e}.image_alt IS NULL THEN NULL ELSE coalesce(${e}.image_alt->>${language()}, ${e}.image_alt->>'fr') END`,
    variants: (field, { e, publicApiUrl }) => {
      const v = field.scope.alias('v');
      const object = inList(field.scope, () => subObjectJson(field, VARIANT_TABLE, { v, base: publicApiUrl }));
      return object && arrayJson(object, `media_variant ${v} WHERE ${v}.media_id = ${e}.image_media_id`, `${v}.width, ${v}.format`);
    },
  };
  /** The next date not yet over, else the last one (EventFieldsResolver.nextStartsAt). */
  const nextOrLast = (e: string, scope: SqlJsonScope) => {
    const x = scope.alias('x');
    return (
      `coalesce((SELECT ${x}.starts_at FROM event_occurrence ${x} WHERE ${x}.event_id = ${e}.id AND ${x}.ends_at >= now() ORDER BY ${x}.starts_at, ${x}.id LIMIT 1),` +
      ` (SELECT ${x}.starts_at FROM event_occurrence ${x} WHERE ${x}.event_id = ${e}.id ORDER BY ${x}.starts_at DESC, ${x}.id DESC LIMIT 1))`
    );
  };

  const event: Record<string, SqlJsonResolver<PlaceAliases>> = {
    ...columnFields<PlaceAliases>(eventMeta, (a) => a.e, [
      'id',
      'slug',
      'status',
      'isFree',
      'currency',
      'accessibility',
      'attendanceMode',
      'minAge',
      'maxAge',
      'onlineUrl',
      'bookingUrl',
      'organiserName',
      'allDay',
      'previousStartDate',
      'sequence',
      'updatedAt',
      'publisherId',
      'reviewedAt',
      'moderation',
      'priceMin',
      'priceMax',
    ]),
    title: (field, { e }) => localized(`${e}.title`, field),
    shortDescription: (field, { e }) => localized(`${e}.short_description`, field),
    longDescription: (field, { e }) => localized(`${e}.long_description`, field),
    machineTranslated: (field, { e }) => {
      const t = field.scope.alias('t');
      // Object.entries order: jsonb's own, as pg's text gives it to JSON.parse.
      return `CASE WHEN jsonb_typeof(${e}.translation_origin) = 'object' THEN ${arrayJson(`${t}.key`, `jsonb_each_text(${e}.translation_origin) WITH ORDINALITY ${t}(key, value, n) WHERE ${t}.value = 'MACHINE'`, `${t}.n`)} ELSE '[]'::json END`;
    },
    categories: (field, { e }) => categoriesJson(field, e),
    longDescriptionHtml: (field, { e }) => renderedJson(field, e, markdownToHtml),
    longDescriptionText: (field, { e }) => renderedJson(field, e, markdownToText),
    place: (field, aliases) => subObjectJson(field, place, aliases),
    image: (field, { e }) => {
      const object = subObjectJson(field, image, {
        e,
        publicApiUrl: once(() => textParam(field.scope, field.scope.publicApiUrl)),
        language: once(() => textParam(field.scope, (field.args['lang'] as string | null | undefined) ?? 'fr')),
      });
      return object && `CASE WHEN ${e}.image_media_id IS NULL THEN NULL ELSE ${object} END`;
    },
    publisherName: (field, { e }) => {
      const g = field.scope.alias('g');
      return `coalesce((SELECT ${g}.name FROM organisation ${g} WHERE ${g}.id = ${e}.publisher_id), '')`;
    },
    rejectionReason: (_, { e }) => `CASE WHEN ${e}.moderation = 'REJECTED' THEN ${e}.rejection_reason END`,
    nextStartsAt: (field, { e }) => isoInstant(nextOrLast(e, field.scope)),
    registrationContact: (_, { e }) => `CASE WHEN ${e}.registration_contact_public THEN ${e}.registration_contact END`,
    organiserContact: (_, { e }) => `CASE WHEN ${e}.organiser_contact_public THEN ${e}.organiser_contact END`,
    // Only anonymous reads are answered here: nobody may edit.
    editing: () => 'NULL::json',
    occurrences: (field, aliases) => {
      const x = field.scope.alias('x');
      const object = inList(field.scope, () => subObjectJson(field, occurrence, { o: x, event: aliases }));
      return object && arrayJson(object, `event_occurrence ${x} WHERE ${x}.event_id = ${aliases.e}.id`, `${x}.starts_at, ${x}.id`);
    },
  };
  const occurrence: SqlJsonTable<OccurrenceAliases> = {
    id: (_, { o }) => `${o}.id::text`,
    startsAt: (_, { o }) => isoInstant(`${o}.starts_at`),
    endsAt: (_, { o }) => isoInstant(`${o}.ends_at`),
    event: (field, aliases) => subObjectJson(field, event, aliases.event),
  };
  tables = { event, occurrence, commune };
  built.set(dataSource, tables);
  return tables;
}


/** The JSON columns of a page's statement, named j0, j1, … over the rows o (occurrence), e, c and p. */
type Column = { name: string; sql: string };

type PageInfoKey = 'hasNextPage' | 'hasPreviousPage' | 'startCursor' | 'endCursor';

type Constant = { key: string; kind: 'constant'; value: string };
type EdgeEntry = { key: string; kind: 'cursor' } | { key: string; kind: 'node'; column: string };
type PageInfoEntry = { key: string; kind: 'field'; field: PageInfoKey };

type Shape =
  | Constant
  | { key: string; kind: 'count' }
  | { key: string; kind: 'nodes'; column: string }
  | { key: string; kind: 'edges'; entries: Array<Constant | EdgeEntry> }
  | { key: string; kind: 'pageInfo'; entries: Array<Constant | PageInfoEntry> };

const PAGE_INFO_KEYS: readonly PageInfoKey[] = ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'];
const isPageInfoKey = (field: string): field is PageInfoKey => (PAGE_INFO_KEYS as readonly string[]).includes(field);

/** The fields of a small object the plan puts together itself (an edge, pageInfo); null when one is not a field it knows. */
function entriesOf<Entry>(info: PlanInfo, type: GraphQLObjectType, nodes: readonly FieldNode[], entry: (field: string, key: string, nodes: readonly FieldNode[]) => Entry | null): Array<Constant | Entry> | null {
  const entries: Array<Constant | Entry> = [];
  for (const [key, fieldNodes] of collectSubfields(info.schema, info.fragments, info.variableValues, type, nodes as FieldNode[])) {
    const field = fieldNodes[0]!.name.value;
    const made = field === '__typename' ? ({ key, kind: 'constant', value: type.name } as Constant) : entry(field, key, fieldNodes);
    if (!made) return null;
    entries.push(made);
  }
  return entries;
}

/** A page row as the statement returns it: the keyset, then the JSON columns. */
export interface PageRow {
  id: string;
  starts_at: Date;
  rank: number;
  [column: string]: unknown;
}

/**
 * An agenda page (Query.events) answered by one statement: the occurrences' JSON as the query asks
 * it, and around it the connection (edges, cursors, pageInfo, the count) put together here.
 */
export interface OccurrencePagePlan {
  columns: Column[];
  /** The parameters the columns use, $1 onwards (the page's filters come after). */
  params: unknown[];
  /** Whether totalCount is asked. */
  count: boolean;
  assemble(rows: PageRow[], page: { first: number; hadCursor: boolean; total: number | undefined; cursorOf: (row: PageRow) => string }): Record<string, unknown>;
}

/** What the planners read of a resolver's info. */
export type PlanInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments' | 'variableValues' | 'schema' | 'returnType'>;

function objectTypeOf(type: GraphQLOutputType): GraphQLObjectType | null {
  const named = getNamedType(type);
  return isObjectType(named) ? named : null;
}

export function planOccurrencePage(dataSource: DataSource, info: PlanInfo, publicApiUrl: string): OccurrencePagePlan | null {
  const connection = objectTypeOf(info.returnType);
  if (!connection) return null;
  const tables = agendaJsonTables(dataSource);
  const params = new DeferredParams();
  const scope = createScope({ schema: info.schema, fragments: info.fragments, variables: info.variableValues, params, publicApiUrl });
  const columns: Column[] = [];
  const nodeColumn = (fieldType: GraphQLOutputType, nodes: readonly FieldNode[]): string | null => {
    const type = objectTypeOf(fieldType);
    const sql = type && objectJson(type, nodes, tables.occurrence, { o: 'o', event: PLACE_ALIASES }, scope);
    if (!sql) return null;
    const name = `j${columns.length}`;
    columns.push({ name, sql });
    return name;
  };
  const shapes: Shape[] = [];
  let count = false;
  for (const [key, nodes] of collectSubfields(info.schema, info.fragments, info.variableValues, connection, info.fieldNodes as FieldNode[])) {
    const name = nodes[0]!.name.value;
    const definition = connection.getFields()[name];
    if (name === '__typename') {
      shapes.push({ key, kind: 'constant', value: connection.name });
    } else if (name === 'totalCount') {
      count = true;
      shapes.push({ key, kind: 'count' });
    } else if (name === 'nodes' && definition) {
      const column = nodeColumn(definition.type, nodes);
      if (!column) return null;
      shapes.push({ key, kind: 'nodes', column });
    } else if (name === 'edges' && definition) {
      const edge = objectTypeOf(definition.type);
      const entries =
        edge &&
        entriesOf<EdgeEntry>(info, edge, nodes, (field, entryKey, entryNodes) => {
          if (field === 'cursor') return { key: entryKey, kind: 'cursor' };
          const column = field === 'node' ? nodeColumn(edge.getFields()['node']!.type, entryNodes) : null;
          return column ? { key: entryKey, kind: 'node', column } : null;
        });
      if (!entries) return null;
      shapes.push({ key, kind: 'edges', entries });
    } else if (name === 'pageInfo' && definition) {
      const pageInfo = objectTypeOf(definition.type);
      const entries = pageInfo && entriesOf<PageInfoEntry>(info, pageInfo, nodes, (field, entryKey) => (isPageInfoKey(field) ? { key: entryKey, kind: 'field', field } : null));
      if (!entries) return null;
      shapes.push({ key, kind: 'pageInfo', entries });
    } else {
      return null;
    }
  }
  return {
    columns,
    params: params.values,
    count,
    assemble(rows, { first, hadCursor, total, cursorOf }) {
      const nodes = rows.slice(0, first);
      // Only the cursors asked are made (a page usually asks its last one alone).
      const cursors = new Map<number, string>();
      const cursorAt = (index: number) => {
        let cursor = cursors.get(index);
        if (cursor === undefined) cursors.set(index, (cursor = cursorOf(nodes[index]!)));
        return cursor;
      };
      const pageInfo: Record<PageInfoKey, unknown> = {
        hasNextPage: rows.length > first,
        hasPreviousPage: hadCursor,
        get startCursor() {
          return nodes.length ? cursorAt(0) : null;
        },
        get endCursor() {
          return nodes.length ? cursorAt(nodes.length - 1) : null;
        },
      };
      const answer: Record<string, unknown> = {};
      for (const shape of shapes) {
        if (shape.kind === 'constant') answer[shape.key] = shape.value;
        else if (shape.kind === 'count') answer[shape.key] = total;
        else if (shape.kind === 'nodes') answer[shape.key] = nodes.map((row) => parseFinished(row[shape.column] as string, scope.finishers));
        else if (shape.kind === 'edges') {
          answer[shape.key] = nodes.map((row, index) => {
            const edge: Record<string, unknown> = {};
            for (const entry of shape.entries) edge[entry.key] = entry.kind === 'constant' ? entry.value : entry.kind === 'cursor' ? cursorAt(index) : parseFinished(row[entry.column] as string, scope.finishers);
            return edge;
          });
        } else {
          const read: Record<string, unknown> = {};
          for (const entry of shape.entries) read[entry.key] = entry.kind === 'constant' ? entry.value : pageInfo[entry.field];
          answer[shape.key] = read;
        }
      }
      return answer;
    },
  };
}

/** An event (Query.event, Query.eventBySlug) as one JSON column over e, c and p. */
export interface EventPlan {
  sql: string;
  params: unknown[];
  /** Its JSON text as the answer's value. */
  parse(text: string): Record<string, unknown>;
}

export function planEvent(dataSource: DataSource, info: PlanInfo, publicApiUrl: string): EventPlan | null {
  const type = objectTypeOf(info.returnType);
  if (!type) return null;
  const params = new DeferredParams();
  const scope = createScope({ schema: info.schema, fragments: info.fragments, variables: info.variableValues, params, publicApiUrl });
  const sql = objectJson(type, info.fieldNodes, agendaJsonTables(dataSource).event, PLACE_ALIASES, scope);
  return sql ? { sql, params: params.values, parse: (text) => parseFinished(text, scope.finishers) as Record<string, unknown> } : null;
}

/** The agenda's root fields that PostgreSQL can answer (http/answers-in-sql.ts). */
export function agendaSqlPlanners(dataSource: DataSource): Readonly<Record<string, SqlPlanner>> {
  return {
    events: (info, context) => planOccurrencePage(dataSource, info, context.publicApiUrl),
    event: (info, context) => planEvent(dataSource, info, context.publicApiUrl),
    eventBySlug: (info, context) => planEvent(dataSource, info, context.publicApiUrl),
  };
}
