import type { MapData } from './api';
import { createProjection, toSvgPath } from './map';
import { drawEpciAround, drawTerritory, territoryPlaceMarks } from './territory-map';

const square = (lon: number, lat: number) => ({ type: 'Polygon' as const, coordinates: [[[lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat + 0.1], [lon, lat]]] as Array<Array<[number, number]>> });
const boundaries = (): MapData => ({
  epcis: [
    { siren: '200069052', name: 'Grand Belfort', communes: [{ inseeCode: '90010', name: 'Belfort', geometry: square(6.8, 47.6) }, { inseeCode: '90052', name: 'Giromagny', geometry: square(6.8, 47.7) }] },
    { siren: '200065647', name: 'Pays de Montbéliard', communes: [{ inseeCode: '25388', name: 'Montbéliard', geometry: square(6.75, 47.45) }] },
  ],
});

describe('the territory drawn once per set of boundaries', () => {
  test('draws what a projection of every commune draws, one path per EPCI and the ground', () => {
    const data = boundaries();
    const drawn = drawTerritory(data);
    const projection = createProjection(data.epcis.flatMap((epci) => epci.communes.map((c) => c.geometry)));
    expect(drawn.projection.width).toBe(projection.width);
    expect(drawn.projection.height).toBe(projection.height);
    expect(drawn.communePaths.get('90010')).toBe(toSvgPath(square(6.8, 47.6), projection));
    expect(drawn.epcis.map((epci) => epci.siren)).toEqual(['200069052', '200065647']);
    expect(drawn.epcis[0]!.path).toBe(toSvgPath(square(6.8, 47.6), projection) + toSvgPath(square(6.8, 47.7), projection));
    expect(drawn.ground).toBe(drawn.epcis[0]!.path + drawn.epcis[1]!.path);
  });

  test('the same boundaries give the same drawing; new boundaries (the cache refreshed) are drawn anew', () => {
    const data = boundaries();
    expect(drawTerritory(data)).toBe(drawTerritory(data));
    expect(territoryPlaceMarks(data, ['Belfort'])).toBe(territoryPlaceMarks(data, ['Belfort']));
    expect(territoryPlaceMarks(data, ['Belfort', 'Montbéliard'])).toHaveLength(2);
    const fresh = boundaries();
    fresh.epcis[0]!.communes[0]!.geometry = square(6.9, 47.6);
    expect(drawTerritory(fresh)).not.toBe(drawTerritory(data));
    expect(drawTerritory(fresh).communePaths.get('90010')).not.toBe(drawTerritory(data).communePaths.get('90010'));
  });

  test('an event’s EPCI framed on its own, once per EPCI; an unknown commune has no map', () => {
    const data = boundaries();
    const area = drawEpciAround(data, '90052');
    expect(area).not.toBeNull();
    expect([...area!.communePaths.keys()]).toEqual(['90010', '90052']);
    expect(area!.projection.width).toBe(480);
    expect(drawEpciAround(data, '90010')).toBe(area);
    expect(drawEpciAround(data, '25388')).not.toBe(area);
    expect(drawEpciAround(data, '99999')).toBeNull();
  });
});
