import type { MapData } from '../lib/api';
import { createProjection, toSvgPath } from '../lib/map';

/** The map's width in SVG units: paths keep a tenth of a unit, so 600 steps across (enough for a widget). */
export const WIDGET_MAP_WIDTH = 60;

export interface WidgetMap {
  width: number;
  height: number;
  credit: string;
  communes: Array<{ code: string; name: string; d: string }>;
}

/** The communes of the territory (or of one EPCI) as coarse SVG paths, for the widget's small map. */
export function widgetMap(data: MapData, credit: string, epci?: string): WidgetMap {
  const epcis = data.epcis.filter((candidate) => !epci || candidate.siren === epci);
  const communes = epcis.flatMap((candidate) => candidate.communes);
  const projection = createProjection(communes.map((commune) => commune.geometry), WIDGET_MAP_WIDTH, 0.5);
  return {
    width: projection.width,
    height: projection.height,
    credit,
    communes: communes.map((commune) => ({ code: commune.inseeCode, name: commune.name, d: toSvgPath(commune.geometry, projection) })),
  };
}
