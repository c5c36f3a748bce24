// Where the API's time goes under load: a V8 CPU profile (the inspector's, as --cpu-prof writes)
// taken in the API process while the parent loads it, summed by self time per package (graphql,
// type-graphql, typeorm, pg, our own folders, the garbage collector) and per function.
import { Session } from 'node:inspector/promises';

/** The parts of a V8 CPU profile this summary reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>;
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  /** Milliseconds profiled, idle included. */
  totalMs: number;
  /** Self time per package or folder, busiest first, as a share of the busy (non-idle) time. */
  byPart: Array<{ part: string; ms: number; share: number }>;
  /** The busiest functions by self time. */
  topFunctions: Array<{ name: string; part: string; ms: number; share: number }>;
}

/** Starts profiling this process; the returned function stops and gives the profile. */
export async function startProfiling(): Promise<() => Promise<CpuProfile>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  // 250 µs: fine enough for resolvers of a few microseconds once summed, coarse enough to add little.
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    await session.post('Profiler.disable');
    session.disconnect();
    return profile as unknown as CpuProfile;
  };
}

/** The package or folder a function belongs to, from its script's URL. */
export function partOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : 'native';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + 'node_modules/'.length).split('/');
    return first!.startsWith('@') ? `${first}/${second}` : first!;
  }
  const ours = /\/(api|shared)\/dist\/([^/]+)/.exec(url);
  if (ours) return ours[1] === 'shared' ? 'ours: shared' : `ours: ${ours[2]!.replace(/\.js$/, '')}`;
  if (url.startsWith('node:')) return 'node internals';
  return url.split('/').at(-1) ?? url;
}

/** Self time per part and per function, from each sample's own time delta. */
export function summariseProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample's delta is the time since the previous one: it belongs to the previous sample's node.
  for (let i = 1; i < samples.length; i += 1) selfUs.set(samples[i - 1]!, (selfUs.get(samples[i - 1]!) ?? 0) + deltas[i]!);
  const parts = new Map<string, number>();
  const functions = new Map<string, { part: string; us: number }>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const part = partOf(node.callFrame.url, node.callFrame.functionName);
    if (part === '(idle)') continue;
    busyUs += us;
    parts.set(part, (parts.get(part) ?? 0) + us);
    const file = node.callFrame.url.split('/').at(-1) ?? '';
    const name = `${node.callFrame.functionName || '(anonymous)'}${file ? ` (${file}:${node.callFrame.lineNumber + 1})` : ''}`;
    const entry = functions.get(name) ?? { part, us: 0 };
    entry.us += us;
    functions.set(name, entry);
  }
  const share = (us: number) => (busyUs ? us / busyUs : 0);
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    byPart: [...parts].map(([part, us]) => ({ part, ms: us / 1000, share: share(us) })).sort((a, b) => b.ms - a.ms),
    topFunctions: [...functions]
      .map(([name, { part, us }]) => ({ name, part, ms: us / 1000, share: share(us) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top),
  };
}

/** The summary as Markdown: parts above 1 % of the busy time, then the top functions. */
export function profileTable(summary: ProfileSummary, requests: number): string {
  const perRequest = (ms: number) => (requests ? ((ms / requests) * 1000).toFixed(0) : '—');
  const parts = summary.byPart.filter((p) => p.share >= 0.01);
  const rest = summary.byPart.filter((p) => p.share < 0.01).reduce((n, p) => n + p.ms, 0);
  const busy = summary.byPart.reduce((n, p) => n + p.ms, 0);
  return [
    `Busy ${busy.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms profiled, ${requests} requests: ${perRequest(busy)} µs of the API's CPU per request.`,
    '',
    '| part (self time) | share | µs per request |',
    '|---|---|---|',
    ...parts.map((p) => `| ${p.part} | ${(p.share * 100).toFixed(1)} % | ${perRequest(p.ms)} |`),
    ...(rest ? [`| everything below 1 % | ${((rest / (busy || 1)) * 100).toFixed(1)} % | ${perRequest(rest)} |`] : []),
    '',
    '| function (self time) | part | share |',
    '|---|---|---|',
    ...summary.topFunctions.map((f) => `| \`${f.name.replace(/\|/g, '\\|')}\` | ${f.part} | ${(f.share * 100).toFixed(1)} % |`),
  ].join('\n');
}
