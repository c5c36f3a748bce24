import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Commune } from './commune.entity';
import { Department } from './department.entity';
import { Epci } from './epci.entity';
import { Region } from './region.entity';
import { Organisation } from '../organisations/organisation.entity';

/** Batches one query per relation per request, whatever the number of parents in a list. */
export function createTerritoryLoaders(dataSource: DataSource) {
  const byKey = <T, K extends keyof T>(rows: T[], key: K) => new Map(rows.map((row) => [row[key], row]));
  return {
    regionByCode: new DataLoader<string, Region | null>(async (codes) => {
      const map = byKey(await dataSource.getRepository(Region).findBy({ code: In([...codes]) }), 'code');
      return codes.map((code) => map.get(code) ?? null);
    }),
    departmentByCode: new DataLoader<string, Department | null>(async (codes) => {
      const map = byKey(await dataSource.getRepository(Department).findBy({ code: In([...codes]) }), 'code');
      return codes.map((code) => map.get(code) ?? null);
    }),
    epciBySiren: new DataLoader<string, Epci | null>(async (sirens) => {
      const map = byKey(await dataSource.getRepository(Epci).findBy({ siren: In([...sirens]) }), 'siren');
      return sirens.map((siren) => map.get(siren) ?? null);
    }),
    organisationById: new DataLoader<string, Organisation | null>(async (ids) => {
      const map = byKey(await dataSource.getRepository(Organisation).findBy({ id: In([...ids]) }), 'id');
      return ids.map((id) => map.get(id) ?? null);
    }),
    communeByInsee: new DataLoader<string, Commune | null>(async (codes) => {
      const map = byKey(await dataSource.getRepository(Commune).findBy({ inseeCode: In([...codes]) }), 'inseeCode');
      return codes.map((code) => map.get(code) ?? null);
    }),
    communeGeometryByInsee: new DataLoader<string, Commune['geometry'] | null>(async (codes) => {
      const rows: Array<{ insee_code: string; geometry: Commune['geometry'] }> = await dataSource.query(`SELECT insee_code, geometry FROM commune WHERE insee_code = ANY($1)`, [[...codes]]);
      const map = new Map(rows.map((row) => [row.insee_code, row.geometry]));
      return codes.map((code) => map.get(code) ?? null);
    }),
    communesByEpci: new DataLoader<string, Commune[]>(async (sirens) => {
      const rows = await dataSource
        .getRepository(Commune)
        .createQueryBuilder('c')
        .where('c.epci_siren IN (:...sirens)', { sirens: [...sirens] })
        .orderBy('nfc_fold(c.name)')
        .addOrderBy('c.insee_code')
        .getMany();
      return sirens.map((siren) => rows.filter((row) => row.epciSiren === siren));
    }),
    communeCountByEpci: new DataLoader<string, number>(async (sirens) => {
      const rows: Array<{ siren: string; count: number }> = await dataSource.query(
        `SELECT epci_siren AS siren, count(*)::int AS count FROM commune WHERE epci_siren = ANY($1) GROUP BY epci_siren`,
        [[...sirens]],
      );
      const map = new Map(rows.map((row) => [row.siren, row.count]));
      return sirens.map((siren) => map.get(siren) ?? 0);
    }),
  };
}

export type TerritoryLoaders = ReturnType<typeof createTerritoryLoaders>;
