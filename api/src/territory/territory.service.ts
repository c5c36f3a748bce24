import { BOUNDARIES_CREDIT, INSEE_CODE_PATTERN, POSTAL_CODE_PATTERN, SIREN_PATTERN, TERRITORY } from '@nfc/shared';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { DataSource } from 'typeorm';
import { badUserInput, notFound } from '../common/errors';
import { decodeCursor, encodeCursor, toPage } from '../common/pagination';
import { Commune } from './commune.entity';
import { Epci } from './epci.entity';
import type { CommuneConnection, CommuneFilter, Territory } from './territory.types';

export interface ListCommunesOptions {
  filter?: CommuneFilter | null;
  first: number;
  after?: string | null;
}

function assertPattern(value: string, pattern: RegExp, field: string, what: string): void {
  if (!pattern.test(value)) throw badUserInput(`${field} must be ${what}.`, [{ field, message: `Expected ${what}.` }]);
}

/** Reads of the territory. Public data: no viewer needed. */
export class TerritoryService {
  constructor(private readonly dataSource: DataSource) {}

  async getTerritory(): Promise<Territory> {
    const [totals] = await this.dataSource.query(`SELECT count(*)::int AS count, coalesce(sum(population), 0)::int AS population FROM commune`);
    return {
      name: TERRITORY.name,
      officialName: TERRITORY.officialName,
      population: totals.population,
      communeCount: totals.count,
      boundariesCredit: BOUNDARIES_CREDIT,
    };
  }

  listEpcis(): Promise<Epci[]> {
    return this.dataSource.getRepository(Epci).find({ order: { population: 'DESC' } });
  }

  async getEpci(siren: string): Promise<Epci> {
    assertPattern(siren, SIREN_PATTERN, 'siren', 'a SIREN of 9 digits');
    const epci = await this.dataSource.getRepository(Epci).findOneBy({ siren });
    if (!epci) throw notFound('EPCI', siren);
    return epci;
  }

  async getCommune(inseeCode: string): Promise<Commune> {
    assertPattern(inseeCode, INSEE_CODE_PATTERN, 'inseeCode', 'an INSEE code of 5 characters');
    const commune = await this.dataSource.getRepository(Commune).findOneBy({ inseeCode });
    if (!commune) throw notFound('Commune', inseeCode);
    return commune;
  }

  async communesByPostalCode(postalCode: string): Promise<Commune[]> {
    assertPattern(postalCode, POSTAL_CODE_PATTERN, 'postalCode', 'a postal code of 5 digits');
    return this.dataSource
      .getRepository(Commune)
      .createQueryBuilder('c')
      .where('c.postal_codes @> ARRAY[:postalCode]::text[]', { postalCode })
      .orderBy('nfc_fold(c.name)')
      .getMany();
  }

  /** The commune of the territory containing the point, or null outside the territory. */
  async communeAt(lat: number, lon: number): Promise<Commune | null> {
    if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw badUserInput('lat must be between -90 and 90.', [{ field: 'lat', message: 'Out of range.' }]);
    if (!Number.isFinite(lon) || lon < -180 || lon > 180) throw badUserInput('lon must be between -180 and 180.', [{ field: 'lon', message: 'Out of range.' }]);
    // The bounding boxes narrow 197 communes to a handful; the exact test runs on those.
    const candidates = await this.dataSource
      .getRepository(Commune)
      .createQueryBuilder('c')
      .where('c.min_lon <= :lon AND c.max_lon >= :lon AND c.min_lat <= :lat AND c.max_lat >= :lat', { lat, lon })
      .getMany();
    const point: [number, number] = [lon, lat];
    return candidates.find((commune) => booleanPointInPolygon(point, commune.geometry)) ?? null;
  }

  async listCommunes({ filter, first, after }: ListCommunesOptions): Promise<CommuneConnection> {
    const query = this.dataSource.getRepository(Commune).createQueryBuilder('c');
    if (filter?.epci) query.andWhere('c.epci_siren = :epci', { epci: filter.epci });
    if (filter?.department) query.andWhere('c.department_code = :department', { department: filter.department });
    if (filter?.search?.trim()) {
      // Folded by the same SQL function as the index; folding turns LIKE's % and _ into spaces.
      query.andWhere(`nfc_fold(c.name) LIKE '%' || nfc_fold(:search) || '%'`, { search: filter.search });
    }
    const countQuery = query.clone();

    if (after) {
      const [name, code] = decodeCursor(after, ['string', 'string']);
      query.andWhere('(nfc_fold(c.name), c.insee_code) > (:name, :code)', { name, code });
    }
    const { entities, raw } = await query
      .addSelect('nfc_fold(c.name)', 'sort_name')
      .orderBy('nfc_fold(c.name)')
      .addOrderBy('c.insee_code')
      .limit(first + 1)
      .getRawAndEntities<{ sort_name: string }>();
    // The cursor carries the sort key exactly as PostgreSQL computed it.
    const sortNames = new Map(entities.map((commune, index) => [commune, raw[index]!.sort_name]));
    const page = toPage(entities, first, Boolean(after), (c) => encodeCursor([sortNames.get(c)!, c.inseeCode]));
    return {
      ...page,
      // Counted only when the client asks for it.
      get totalCount() {
        return countQuery.getCount();
      },
    };
  }
}
