import { EVENT_CATEGORY_IDS, LIMITS } from '@nfc/shared';
import { useTestApi } from '../../test/api';

/** Feeds are read by anyone: they keep the GraphQL filter's bounds and spend the caller's budget. */
const env = useTestApi({ config: { rateLimit: { anonymousPerMinute: 4 } } });

test.each([
  ['more categories than exist', `category=${Array(EVENT_CATEGORY_IDS.length + 1).fill(EVENT_CATEGORY_IDS[0]).join(',')}`],
  ['a text longer than a search', `text=${'a'.repeat(LIMITS.searchMaxLength + 1)}`],
])('a feed filter with %s is refused before any SQL', async (_case, query) => {
  const response = await fetch(`${env.api.url}/feeds/agenda.rss?${query}`);
  expect(response.status).toBe(400);
  expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
});

test('feeds and generated brand files spend the per-address budget, then answer 429 with Retry-After', async () => {
  const statuses: number[] = [];
  for (const path of ['/feeds/agenda.atom', '/feeds/agenda.ics?x=1', '/brand/palette.css', '/feeds/agenda.ics?x=2']) statuses.push((await fetch(`${env.api.url}${path}`)).status);
  // The two refused filters above spent two points of the same address's four.
  expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
  const refused = await fetch(`${env.api.url}/feeds/agenda.rss`);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(((await refused.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('RATE_LIMITED');
});
