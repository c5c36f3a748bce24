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

const territories = new WeakMap<MapData, DrawnTerritory>();
const areas = new WeakMap<MapData, Map<string, DrawnEpciArea | null>>();
const marks = new WeakMap<MapData, Map<string, ReturnType<typeof placeMarks>>>();

/** The whole territory, 600 units wide: the territory page, the EPCI pages, the agenda map, the event form. */
export function drawTerritory(data: MapData): DrawnTerritory {
  let drawn = territories.get(data);
  if (!drawn) {
    const projection = createProjection(data.epcis.flatMap((epci) => epci.communes.map((c) => c.geometry)));
    const communePaths = new Map<string, string>();
    for (const epci of data.epcis) for (const commune of epci.communes) communePaths.set(commune.inseeCode, toSvgPath(commune.geometry, projection));
    const epcis = data.epcis.map((epci) => ({
      siren: epci.siren,
      name: epci.name,
      colour: EPCI_COLOURS[epci.siren] ?? '#1f5f8b',
      path: epci.communes.map((commune) => communePaths.get(commune.inseeCode)!).join(''),
    }));
    drawn = { projection, communePaths, epcis, ground: epcis.map((epci) => epci.path).join('') };
    territories.set(data, drawn);
  }
  return drawn;
}

/** The towns named on the territory's map, placed once per list of names. */
export function territoryPlaceMarks(data: MapData, names: readonly string[]): ReturnType<typeof placeMarks> {
  let byNames = marks.get(data);
  if (!byNames) marks.set(data, (byNames = new Map()));
  const key = names.join('\u0000');
  let placed = byNames.get(key);
  if (!placed) byNames.set(key, (placed = placeMarks(data, names, drawTerritory(data).projection)));
  return placed;
}

/** The EPCI holding a commune, framed on its own (480 units wide): an event page's location map. Null for an unknown commune. */
export function drawEpciAround(data: MapData, inseeCode: string): DrawnEpciArea | null {
  let byCommune = areas.get(data);
  if (!byCommune) areas.set(data, (byCommune = new Map()));
  const epci = data.epcis.find((e) => e.communes.some((c) => c.inseeCode === inseeCode));
  if (!epci) return null;
  let area = byCommune.get(epci.siren);
  if (area === undefined) {
    const projection = createProjection(epci.communes.map((c) => c.geometry), 480, 24);
    area = { projection, communePaths: new Map(epci.communes.map((c) => [c.inseeCode, toSvgPath(c.geometry, projection)])) };
    byCommune.set(epci.siren, area);
  }
  return area;
}
