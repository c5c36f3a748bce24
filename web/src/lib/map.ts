import type { Geometry } from './api';

/**
 * Projects WGS 84 boundaries to SVG paths. At this scale (40 km across) an
 * equirectangular projection scaled by cos(latitude) is indistinguishable from
 * Lambert-93 and needs no library.
 */
export interface ProjectedShape {
  id: string;
  path: string;
}

export interface Projection {
  width: number;
  height: number;
  project(lon: number, lat: number): [number, number];
}

export function createProjection(geometries: Geometry[], width = 600, padding = 8): Projection {
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  for (const geometry of geometries) {
    for (const ring of rings(geometry)) {
      for (const [lon, lat] of ring) {
        minLon = Math.min(minLon, lon);
        maxLon = Math.max(maxLon, lon);
        minLat = Math.min(minLat, lat);
        maxLat = Math.max(maxLat, lat);
      }
    }
  }
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = (width - 2 * padding) / ((maxLon - minLon) * kx);
  const height = Math.ceil((maxLat - minLat) * scale + 2 * padding);
  return {
    width,
    height,
    project: (lon, lat) => [padding + (lon - minLon) * kx * scale, padding + (maxLat - lat) * scale],
  };
}

function rings(geometry: Geometry): Array<Array<[number, number]>> {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/** One SVG path for a boundary, rounded to a tenth of a unit (the map is 600 units wide). */
export function toSvgPath(geometry: Geometry, projection: Projection): string {
  return rings(geometry)
    .map((ring) => {
      let previous = '';
      const points: string[] = [];
      for (const [lon, lat] of ring) {
        const [x, y] = projection.project(lon, lat);
        const point = `${Math.round(x * 10) / 10},${Math.round(y * 10) / 10}`;
        if (point !== previous) points.push(point);
        previous = point;
      }
      return `M${points.join('L')}Z`;
    })
    .join('');
}

/** Colours of the five EPCI on the map: distinct, and dark enough for white borders and text (WCAG AA). */
export const EPCI_COLOURS: Record<string, string> = {
  '200065647': '#1f5f8b',
  '200069052': '#8a3b12',
  '247000722': '#2f6b3a',
  '249000241': '#6b3d7a',
  '200069060': '#7a5a00',
};

/** The towns a visitor looks for first on the territory's map: the EPCI seats and the larger towns. */
export const MAP_PLACES = ['Belfort', 'Montbéliard', 'Héricourt', 'Delle', 'Giromagny', 'Audincourt', 'Valentigney', 'Beaucourt'] as const;

/** Where each named town goes: the centre of its commune's outline; the label on the side with more room. */
export function placeMarks(data: { epcis: Array<{ communes: Array<{ name: string; geometry: Geometry }> }> }, names: readonly string[], projection: Projection): Array<{ name: string; x: number; y: number; anchor: 'start' | 'end' }> {
  const communes = data.epcis.flatMap((epci) => epci.communes);
  return names.flatMap((name) => {
    const commune = communes.find((c) => c.name === name);
    if (!commune) return [];
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const ring of rings(commune.geometry)) {
      for (const [lon, lat] of ring) {
        const [x, y] = projection.project(lon, lat);
        [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
      }
    }
    const x = Math.round(((minX + maxX) / 2) * 10) / 10;
    const y = Math.round(((minY + maxY) / 2) * 10) / 10;
    return [{ name, x, y, anchor: x > projection.width * 0.62 ? 'end' : 'start' }];
  });
}
