import { createProjection, toSvgPath } from './map';

const square = { type: 'Polygon' as const, coordinates: [[[6.8, 47.6], [6.9, 47.6], [6.9, 47.7], [6.8, 47.7], [6.8, 47.6]]] as Array<Array<[number, number]>> };

describe('map projection', () => {
  test('fits the shapes in the width, north up, keeping proportions at this latitude', () => {
    const projection = createProjection([square], 600, 0);
    expect(projection.project(6.8, 47.7)).toEqual([0, 0]);
    const [x, y] = projection.project(6.9, 47.6);
    expect(x).toBeCloseTo(600);
    // 0.1° of longitude is cos(47.65°) ≈ 0.674 times 0.1° of latitude.
    expect(x / y).toBeCloseTo(Math.cos((47.65 * Math.PI) / 180), 3);
    expect(projection.height).toBe(Math.ceil(y));
  });

  test('draws closed paths, dropping repeated points', () => {
    const projection = createProjection([square], 100, 0);
    const ring = square.coordinates[0]!;
    // The same corner twice in a row, and a point that rounds onto its neighbour.
    const noisy = { type: 'Polygon' as const, coordinates: [[ring[0]!, ring[0]!, [6.8000001, 47.6] as [number, number], ...ring.slice(1)]] };
    const path = toSvgPath(noisy, projection);
    expect(path).toMatch(/^M0,\d+(\.\d)?L/);
    expect(path.endsWith('Z')).toBe(true);
    expect(path.split('L')).toHaveLength(5);
  });

  test('draws every part of a MultiPolygon', () => {
    const multi = { type: 'MultiPolygon' as const, coordinates: [square.coordinates, square.coordinates] };
    expect(toSvgPath(multi, createProjection([multi])).match(/M/g)).toHaveLength(2);
  });
});
