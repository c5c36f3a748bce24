import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TERRITORY, type EpciKind } from '@nfc/shared';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import centerOfMass from '@turf/center-of-mass';
import pointOnFeature from '@turf/point-on-feature';
import type { DataSource } from 'typeorm';
import type { CommuneGeometry } from './commune.entity';

interface EtalabRegion { code: string; nom: string }
interface EtalabDepartment { code: string; nom: string; region: string }
interface EtalabEpci { code: string; nom: string; type: string; populationMunicipale: number; membres: Array<{ code: string }> }
interface EtalabCommune { code: string; nom: string; type: string; departement: string; region: string; codesPostaux?: string[]; population?: number }
interface BoundaryFeature { properties: { code: string; nom: string; epci: string }; geometry: CommuneGeometry }

export const BOUNDARIES_FILE = join(__dirname, '..', '..', 'data', 'nord-franche-comte-communes.geojson');

function loadEtalab<T>(name: string): T[] {
  // The package is data only: JSON files read once, at seed time.
  return JSON.parse(readFileSync(require.resolve(`@etalab/decoupage-administratif/data/${name}.json`), 'utf8')) as T[];
}

function bbox(geometry: CommuneGeometry): [number, number, number, number] {
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  for (const ring of rings) {
    for (const [lon, lat] of ring) {
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}

/** A point inside the commune: its centre of mass, or for odd shapes a point on its surface. */
function interiorPoint(geometry: CommuneGeometry): [number, number] {
  const feature = { type: 'Feature' as const, properties: {}, geometry };
  const centre = centerOfMass(feature);
  if (booleanPointInPolygon(centre, feature)) return centre.geometry.coordinates as [number, number];
  return pointOnFeature(feature).geometry.coordinates as [number, number];
}

export interface TerritorySeedResult { regions: number; departments: number; epcis: number; communes: number }

/**
 * Loads the territory from INSEE/Etalab data and the IGN boundaries. Idempotent:
 * every row is upserted in one set-based statement per table, in one transaction,
 * so running it twice (or after an INSEE update) converges to the same state.
 */
export async function seedTerritory(dataSource: DataSource): Promise<TerritorySeedResult> {
  const memberSirens = new Set<string>(TERRITORY.memberEpciSirens);
  const epcis = loadEtalab<EtalabEpci>('epci').filter((epci) => memberSirens.has(epci.code));
  if (epcis.length !== memberSirens.size) throw new Error('The Etalab data lacks a member EPCI of the Pôle');

  const memberCodes = new Map<string, string>();
  for (const epci of epcis) for (const member of epci.membres) memberCodes.set(member.code, epci.code);

  const communes = loadEtalab<EtalabCommune>('communes').filter(
    (commune) => commune.type === 'commune-actuelle' && memberCodes.has(commune.code),
  );
  const boundaries = JSON.parse(readFileSync(BOUNDARIES_FILE, 'utf8')) as { features: BoundaryFeature[] };
  const boundaryByCode = new Map(boundaries.features.map((feature) => [feature.properties.code, feature]));

  // CASE: the two sources must describe the same communes, or the map and the data disagree.
  const missing = communes.filter((commune) => !boundaryByCode.has(commune.code)).map((c) => c.code);
  if (missing.length || communes.length !== memberCodes.size || boundaryByCode.size !== communes.length) {
    throw new Error(`Boundaries and INSEE data disagree (missing boundaries: ${missing.join(', ') || 'none'})`);
  }

  const departmentCodes = new Set(communes.map((commune) => commune.departement));
  const departments = loadEtalab<EtalabDepartment>('departements').filter((d) => departmentCodes.has(d.code));
  const regionCodes = new Set(departments.map((department) => department.region));
  const regions = loadEtalab<EtalabRegion>('regions').filter((region) => regionCodes.has(region.code));

  const communeRows = communes.map((commune) => {
    const geometry = boundaryByCode.get(commune.code)!.geometry;
    const [minLon, minLat, maxLon, maxLat] = bbox(geometry);
    const [centroidLon, centroidLat] = interiorPoint(geometry);
    return {
      insee_code: commune.code,
      name: commune.nom,
      postal_codes: commune.codesPostaux ?? [],
      population: commune.population ?? 0,
      department_code: commune.departement,
      epci_siren: memberCodes.get(commune.code),
      geometry,
      centroid_lat: centroidLat,
      centroid_lon: centroidLon,
      min_lon: minLon,
      min_lat: minLat,
      max_lon: maxLon,
      max_lat: maxLat,
    };
  });

  await dataSource.transaction(async (db) => {
    await db.query(
      `INSERT INTO region (code, name)
       SELECT code, name FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name`,
      [JSON.stringify(regions.map((r) => ({ code: r.code, name: r.nom })))],
    );
    await db.query(
      `INSERT INTO department (code, name, region_code)
       SELECT code, name, region_code FROM jsonb_to_recordset($1::jsonb) AS d(code text, name text, region_code text)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, region_code = EXCLUDED.region_code`,
      [JSON.stringify(departments.map((d) => ({ code: d.code, name: d.nom, region_code: d.region })))],
    );
    await db.query(
      `INSERT INTO epci (siren, name, kind, population)
       SELECT siren, name, kind::epci_kind, population FROM jsonb_to_recordset($1::jsonb) AS e(siren text, name text, kind text, population int)
       ON CONFLICT (siren) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, population = EXCLUDED.population`,
      [JSON.stringify(epcis.map((e) => ({ siren: e.code, name: e.nom, kind: e.type as EpciKind, population: e.populationMunicipale })))],
    );
    await db.query(
      `INSERT INTO commune (insee_code, name, postal_codes, population, department_code, epci_siren, geometry,
                            centroid_lat, centroid_lon, min_lon, min_lat, max_lon, max_lat)
       SELECT insee_code, name, ARRAY(SELECT jsonb_array_elements_text(postal_codes)), population, department_code, epci_siren, geometry,
              centroid_lat, centroid_lon, min_lon, min_lat, max_lon, max_lat
       FROM jsonb_to_recordset($1::jsonb) AS c(insee_code text, name text, postal_codes jsonb, population int, department_code text,
            epci_siren text, geometry jsonb, centroid_lat float8, centroid_lon float8, min_lon float8, min_lat float8, max_lon float8, max_lat float8)
       ON CONFLICT (insee_code) DO UPDATE SET
         name = EXCLUDED.name, postal_codes = EXCLUDED.postal_codes, population = EXCLUDED.population,
         department_code = EXCLUDED.department_code, epci_siren = EXCLUDED.epci_siren, geometry = EXCLUDED.geometry,
         centroid_lat = EXCLUDED.centroid_lat, centroid_lon = EXCLUDED.centroid_lon,
         min_lon = EXCLUDED.min_lon, min_lat = EXCLUDED.min_lat, max_lon = EXCLUDED.max_lon, max_lat = EXCLUDED.max_lat`,
      [JSON.stringify(communeRows)],
    );
  });
  return { regions: regions.length, departments: departments.length, epcis: epcis.length, communes: communeRows.length };
}
