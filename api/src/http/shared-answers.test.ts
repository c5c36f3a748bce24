import { SharedAnswers } from './shared-answers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const make = (ttlMs: number, extra: { staleMs?: number; waitLimitMs?: number } = {}) =>
  new SharedAnswers<string>({ ttlMs, maxSize: 1_000_000, sizeOf: (v) => v.length, ...extra });

test('requests arriving together for a missing answer build it once and all receive it', async () => {
  const answers = make(1000);
  let builds = 0;
  const build = async () => {
    builds += 1;
    await sleep(30);
    return 'page';
  };
  const results = await Promise.all(Array.from({ length: 40 }, () => answers.get('k', build)));
  expect(builds).toBe(1);
  expect(results.map((r) => r.value)).toEqual(Array(40).fill('page'));
  expect(results.filter((r) => r.state === 'LEAD')).toHaveLength(1);
  expect(results.filter((r) => r.state === 'WAIT')).toHaveLength(39);
  expect((await answers.get('k', build)).state).toBe('HIT');
});

test('an expired answer is rebuilt by one request while the others get the previous one', async () => {
  const answers = make(40);
  await answers.get('k', async () => 'v1');
  await sleep(60);
  let builds = 0;
  const rebuild = async () => {
    builds += 1;
    await sleep(30);
    return 'v2';
  };
  const results = await Promise.all(Array.from({ length: 10 }, () => answers.get('k', rebuild)));
  expect(builds).toBe(1);
  expect(results.find((r) => r.state === 'LEAD')?.value).toBe('v2');
  expect(results.filter((r) => r.state === 'STALE').map((r) => r.value)).toEqual(Array(9).fill('v1'));
  expect(await answers.get('k', rebuild)).toEqual({ value: 'v2', state: 'HIT' });
});

test('an answer is never served past its time plus the stale allowance', async () => {
  const answers = make(20, { staleMs: 20 });
  await answers.get('k', async () => 'old');
  await sleep(60);
  const leader = answers.claim('k');
  expect(leader.state).toBe('LEAD');
  // Someone is rebuilding, but the old answer is too old to hand out: wait for the new one.
  const follower = answers.claim('k');
  expect(follower.state).toBe('WAIT');
  if (leader.state === 'LEAD') leader.settle('new');
  if (follower.state === 'WAIT') expect(await follower.answer).toBe('new');
});

test('a failed build is not kept: the waiting requests build on their own, and the next one tries again', async () => {
  const answers = make(1000);
  let calls = 0;
  const failing = async () => {
    calls += 1;
    await sleep(20);
    throw new Error('database down');
  };
  const results = await Promise.allSettled(Array.from({ length: 5 }, () => answers.get('k', failing)));
  expect(results.every((r) => r.status === 'rejected')).toBe(true);
  // One leader, then each of the four followers once (their leader failed): no retry storm.
  expect(calls).toBe(5);
  expect(await answers.get('k', async () => 'back')).toEqual({ value: 'back', state: 'LEAD' });
});

test('a leader that never answers releases its followers after the wait limit', async () => {
  const answers = make(1000, { waitLimitMs: 50 });
  const leader = answers.claim('k');
  expect(leader.state).toBe('LEAD');
  const follower = answers.claim('k');
  expect(follower.state).toBe('WAIT');
  if (follower.state === 'WAIT') expect(await follower.answer).toBeUndefined();
  expect(answers.claim('k').state).toBe('LEAD');
});
