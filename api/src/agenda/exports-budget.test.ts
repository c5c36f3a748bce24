import { useTestApi } from '../../test/api';

/** The exports live under /feeds: they spend the same per-address budget as the calendar feeds. */
const env = useTestApi({ config: { rateLimit: { anonymousPerMinute: 3 } } });

test('the exports spend the anonymous budget, then answer 429 with Retry-After and a stable code', async () => {
  const statuses: number[] = [];
  for (const path of ['/feeds/programme.pdf', '/feeds/agenda.xlsx', '/feeds/datatourisme.jsonld']) statuses.push((await fetch(`${env.api.url}${path}`)).status);
  expect(statuses).toEqual([200, 200, 200]);
  const refused = await fetch(`${env.api.url}/feeds/openagenda.json`);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(((await refused.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('RATE_LIMITED');
});
