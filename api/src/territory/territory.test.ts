import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { useTestApi } from '../../test/api';
import { seedTerritory } from './territory.seed';

const env = useTestApi();

const PAGE = `query Page($filter: CommuneFilter, $first: Int!, $after: String) {
  communes(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    nodes { inseeCode name postalCodes population epci { siren name } department { code name } }
  }
}`;

describe('the territory', () => {
  test('holds the five EPCI and their 197 communes with the INSEE population', async () => {
    const { data, errors } = await env.api.graphql(`{ territory { name communeCount population epcis { siren kind communeCount population } } }`);
    expect(errors).toBeUndefined();
    expect(data!.territory.name).toBe('Nord Franche-Comté');
    expect(data!.territory.communeCount).toBe(197);
    expect(data!.territory.population).toBeGreaterThan(280_000);
    expect(data!.territory.population).toBeLessThan(320_000);
    const counts = Object.fromEntries(data!.territory.epcis.map((e: any) => [e.siren, e.communeCount]));
    expect(counts).toEqual({ '200065647': 73, '200069052': 52, '247000722': 23, '249000241': 27, '200069060': 22 });
    expect(data!.territory.epcis.map((e: any) => e.kind).sort()).toEqual(['CA', 'CA', 'CC', 'CC', 'CC']);
  });

  test('the seed is idempotent: a second run changes nothing', async () => {
    const before = await env.db.dataSource.query(`SELECT count(*)::int AS n, sum(population)::int AS p, md5(string_agg(insee_code || name || epci_siren, ',' ORDER BY insee_code)) AS h FROM commune`);
    await seedTerritory(env.db.dataSource);
    const after = await env.db.dataSource.query(`SELECT count(*)::int AS n, sum(population)::int AS p, md5(string_agg(insee_code || name || epci_siren, ',' ORDER BY insee_code)) AS h FROM commune`);
    expect(after).toEqual(before);
  });

  test('every commune has a boundary and a centroid inside it', async () => {
    const rows: Array<{ geometry: any; centroid_lat: number; centroid_lon: number }> = await env.db.dataSource.query(`SELECT geometry, centroid_lat, centroid_lon FROM commune`);
    expect(rows).toHaveLength(197);
    for (const row of rows) expect(booleanPointInPolygon([row.centroid_lon, row.centroid_lat], row.geometry)).toBe(true);
  });
});

describe('epci', () => {
  test('by SIREN, with its communes', async () => {
    const { data } = await env.api.graphql(`{ epci(siren: "247000722") { name kind communes { name } } }`);
    expect(data!.epci.name).toBe("CC du Pays d'Héricourt");
    expect(data!.epci.communes.map((c: any) => c.name)).toContain('Héricourt');
  });

  test.each([
    ['an unknown SIREN', '123456789', 'NOT_FOUND'],
    ['a SIREN outside the Pôle (Grand Besançon)', '242500361', 'NOT_FOUND'],
    ['a malformed SIREN', '12AB', 'BAD_USER_INPUT'],
  ])('%s gives %s', async (_case, siren, code) => {
    const { errors } = await env.api.graphql(`query($s: String!) { epci(siren: $s) { name } }`, { s: siren });
    expect(errors?.[0]?.extensions?.code).toBe(code);
  });
});

describe('communes', () => {
  test.each([
    ['heric', ['Héricourt']],
    ['HÉRIC', ['Héricourt']],
    ['montbeliard', ['Montbéliard']],
    ['rougemont le chateau', ['Rougemont-le-Château']],
  ])('search "%s" ignores case and accents', async (search, expected) => {
    const { data } = await env.api.graphql(PAGE, { filter: { search }, first: 10 });
    expect(data!.communes.nodes.map((c: any) => c.name)).toEqual(expect.arrayContaining(expected));
  });

  test('filters by EPCI and department', async () => {
    const byEpci = await env.api.graphql(PAGE, { filter: { epci: '200065647' }, first: 100 });
    expect(byEpci.data!.communes.totalCount).toBe(73);
    expect(byEpci.data!.communes.nodes.every((c: any) => c.epci.siren === '200065647')).toBe(true);
    const byDepartment = await env.api.graphql(PAGE, { filter: { department: '90' }, first: 100 });
    expect(byDepartment.data!.communes.nodes.every((c: any) => c.department.code === '90')).toBe(true);
    const [{ n }] = await env.db.dataSource.query(`SELECT count(*)::int AS n FROM commune WHERE department_code = '90'`);
    expect(byDepartment.data!.communes.totalCount).toBe(n);
    expect(byDepartment.data!.communes.pageInfo.hasNextPage).toBe(n > 100);
  });

  test('pages through all 197 communes without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const response: any = await env.api.graphql(PAGE, { first: 50, after });
      expect(response.errors).toBeUndefined();
      seen.push(...response.data.communes.nodes.map((c: any) => c.inseeCode));
      if (!response.data.communes.pageInfo.hasNextPage) break;
      after = response.data.communes.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(197);
    expect(new Set(seen).size).toBe(197);
  });

  test('a page runs a fixed number of SQL statements, whatever its size', async () => {
    const countFor = async (first: number) => {
      env.db.statements.length = 0;
      const { errors } = await env.api.graphql(PAGE, { first });
      expect(errors).toBeUndefined();
      return env.db.statements.length;
    };
    const small = await countFor(5);
    const large = await countFor(100);
    expect(large).toBe(small);
    // page + count + one batched query per relation (EPCI, department)
    expect(large).toBeLessThanOrEqual(4);
  });

  test('pages larger than 100 are refused', async () => {
    const { errors } = await env.api.graphql(PAGE, { first: 101 });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('a forged cursor is refused', async () => {
    const { errors } = await env.api.graphql(PAGE, { first: 5, after: 'bm90LWEtY3Vyc29y' });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('by INSEE code and by postal code', async () => {
    const { data } = await env.api.graphql(`{ commune(inseeCode: "90010") { name epci { name } } communesByPostalCode(postalCode: "70400") { name } }`);
    expect(data!.commune).toEqual({ name: 'Belfort', epci: { name: 'CA Grand Belfort' } });
    expect(data!.communesByPostalCode.map((c: any) => c.name)).toContain('Héricourt');
  });

  test.each([
    ['commune(inseeCode: "75056")', 'NOT_FOUND'],
    ['commune(inseeCode: "9001")', 'BAD_USER_INPUT'],
    ['commune(inseeCode: "ABCDE")', 'BAD_USER_INPUT'],
    ['communesByPostalCode(postalCode: "9000")', 'BAD_USER_INPUT'],
    ['communesByPostalCode(postalCode: "9000A")', 'BAD_USER_INPUT'],
  ])('%s gives %s', async (field, code) => {
    const { errors } = await env.api.graphql(`{ result: ${field} { name } }`);
    expect(errors?.[0]?.extensions?.code).toBe(code);
  });
});

describe('communeAt', () => {
  test.each([
    [47.6380, 6.8628, 'Belfort'],
    [47.5100, 6.7980, 'Montbéliard'],
    [47.5770, 6.7620, 'Héricourt'],
  ])('(%f, %f) is in %s', async (lat, lon, name) => {
    const { data } = await env.api.graphql(`query($lat: Float!, $lon: Float!) { communeAt(lat: $lat, lon: $lon) { name } }`, { lat, lon });
    expect(data!.communeAt?.name).toBe(name);
  });

  test('a point outside the territory (Paris) gives null', async () => {
    const { data, errors } = await env.api.graphql(`{ communeAt(lat: 48.8566, lon: 2.3522) { name } }`);
    expect(errors).toBeUndefined();
    expect(data!.communeAt).toBeNull();
  });

  test('an impossible latitude is refused', async () => {
    const { errors } = await env.api.graphql(`{ communeAt(lat: 123, lon: 6.8) { name } }`);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
