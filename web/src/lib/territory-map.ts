import type { MapData } from './api';
import { EPCI_COLOURS, createProjection, placeMarks, toSvgPath, type Projection } from './map';

/**
 * The territory's maps, projected once per set of boundaries rather than on every request.
 * Boundaries reach the site through getMapData, whose answer is one object for as long as the
 * read cache keeps it (ten minutes); projecting 197 communes to SVG paths is the costly part of
 * a map page, so the drawing is kept beside that object and goes with it.
 */
export interface DrawnTerritory {
  projection: Projection;
  /** Each commune's outline, by INSEE code. */
  communePaths: ReadonlyMap<string, string>;
  /** One path per EPCI (its communes' outlines, borders drawn by the stroke), in the API's order. */
  epcis: ReadonlyArray<{ siren: string; name: string; colour: string; path: string }>;
  /** Every commune as one quiet shape (the agenda map's ground). */
  ground: string;
}

export interface DrawnEpciArea {
  projection: Projection;
  communePaths: ReadonlyMap<string, string>;
}

const drawings = new WeakMap<object, Map<string, unknown>>();

/**
 * What `build` makes from these boundaries, made once and kept beside them under `key`: it goes
 * when they go (the read cache's next answer is a new object, drawn anew).
 */
export function keptBeside<T>(data: object, key: string, build: () => T): T {
  let kept = drawings.get(data);
  if (!kept) drawings.set(data, (kept = new Map()));
  if (!kept.has(key)) kept.set(key, build());
  return kept.get(key) as T;
}

/** The whole territory, 600 units wide: the territory page, the EPCI pages, the agenda map, the event form. */
export function drawTerritory(data: MapData): DrawnTerritory {
  return keptBeside(data, 'territory', () => {
    const projection = createProjection(data.epcis.flatMap((epci) => epci.communes.map((c) => c.geometry)));
    const communePaths = new Map<string, string>();
    for (const epci of data.epcis) for (const commune of epci.communes) communePaths.set(commune.inseeCode, toSvgPath(commune.geometry, projection));
    const epcis = data.epcis.map((epci) => ({
      siren: epci.siren,
      name: epci.name,
      colour: EPCI_COLOURS[epci.siren] ?? '#1f5f8b',
      path: epci.communes.map((commune) => communePaths.get(commune.inseeCode)!).join(''),
    }));
    return { projection, communePaths, epcis, ground: epcis.map((epci) => epci.path).join('') };
  });
}

/** The towns named on the territory's map, placed once per list of names. */
export function territoryPlaceMarks(data: MapData, names: readonly string[]): ReturnType<typeof placeMarks> {
  return keptBeside(data, `marks\u0000${names.join('\u0000')}`, () => placeMarks(data, names, drawTerritory(data).projection));
}

/** The EPCI holding a commune, framed on its own (480 units wide): an event page's location map. Null for an unknown commune. */
export function drawEpciAround(data: MapData, inseeCode: string): DrawnEpciArea | null {
  const epci = data.epcis.find((e) => e.communes.some((c) => c.inseeCode === inseeCode));
  if (!epci) return null;
  return keptBeside(data, `epci\u0000${epci.siren}`, () => {
    const projection = createProjection(epci.communes.map((c) => c.geometry), 480, 24);
    return { projection, communePaths: new Map(epci.communes.map((c) => [c.inseeCode, toSvgPath(c.geometry, projection)])) };
  });
}
