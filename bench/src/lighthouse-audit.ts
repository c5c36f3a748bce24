// Lighthouse on the website's pages: the default config (mobile, simulated throttling), through
// its node API, in one headless Chromium started by chrome-launcher (Lighthouse's own launcher).
// Both are ESM-only; the native import() loads them from CommonJS.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median as middle } from './fixtures';
import { track } from './processes';

export interface FailingAudit {
  category: string;
  id: string;
  title: string;
  /** null: the audit itself errored. */
  score: number | null;
  displayValue?: string;
  /** The elements (CSS selectors) or resources the audit names, the first few. */
  culprits: string[];
}

export interface PageAudit {
  path: string;
  scores: { performance: number; accessibility: number; bestPractices: number; seo: number };
  lcpMs: number;
  cls: number;
  tbtMs: number;
  fcpMs: number;
  /** Bytes the page loaded (Lighthouse's total-byte-weight; uncompressed here, the node server does not compress). */
  totalBytes: number;
  /** The same-origin scripts and stylesheets Lighthouse saw the page load. */
  scriptsAndStyles: string[];
  failing: FailingAudit[];
  /** Audits that did not pass in other runs of this page but passed in the median run, with how many runs they failed in. */
  failingInOtherRuns: Array<FailingAudit & { runs: number }>;
  /** Over the runs of this page (each figure above is the median of its runs; the audits are the median run's, by performance score). */
  runs: number;
  performanceRange: [number, number];
  clsRange: [number, number];
  lcpRange: [number, number];
}

/** The parts of a Lighthouse result read here. */
interface Lhr {
  lighthouseVersion: string;
  finalDisplayedUrl: string;
  runtimeError?: { code: string; message: string };
  environment: { hostUserAgent: string; benchmarkIndex: number };
  configSettings: { formFactor: string; throttlingMethod: string; throttling: { rttMs?: number; throughputKbps?: number; cpuSlowdownMultiplier?: number }; screenEmulation: { width?: number; height?: number } };
  categories: Record<string, { title: string; score: number | null; auditRefs: Array<{ id: string; group?: string }> }>;
  audits: Record<string, { id: string; title: string; score: number | null; scoreDisplayMode: string; numericValue?: number; displayValue?: string; errorMessage?: string; details?: unknown }>;
}

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

/** Chromium as the browser tests find it (web/test/browser.ts): CHROMIUM_PATH, else Debian's; an empty CHROMIUM_PATH says there is none. */
export function chromiumPath(): string | undefined {
  return process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
}

/** The site's origin and the API's (its pictures and brand files), named in culprits without their ephemeral ports. */
export interface Origins {
  site: string;
  API: string;
}

/** The elements and resources an audit's details name (nodes by selector, requests by path), the first `limit`. */
function culprits(details: unknown, origins: Origins, limit = 3): string[] {
  const found: string[] = [];
  const walk = (value: unknown, depth: number) => {
    if (found.length >= limit || depth > 6 || !value || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((v) => walk(v, depth + 1));
    const item = value as Record<string, unknown>;
    if (item.type === 'node' && typeof item.selector === 'string') {
      if (!found.includes(item.selector)) found.push(item.selector);
      return;
    }
    const url = item.url;
    if (typeof url === 'string' && /^https?:/.test(url)) {
      const own = Object.entries(origins).find(([, origin]) => url.startsWith(`${origin}/`));
      const label = own ? `${own[0] === 'site' ? '' : `${own[0]} `}${url.slice(own[1].length)}` : url;
      if (!found.includes(label)) found.push(label);
      return;
    }
    for (const key of ['items', 'node', 'subItems', 'value']) walk(item[key], depth + 1);
  };
  walk(details, 0);
  return found;
}

/** Audits that did not pass, each once (under the first category that lists it). */
function failingAudits(lhr: Lhr, origins: Origins): FailingAudit[] {
  const seen = new Set<string>();
  const failing: FailingAudit[] = [];
  for (const category of CATEGORIES) {
    for (const ref of lhr.categories[category]!.auditRefs) {
      const audit = lhr.audits[ref.id];
      // Hidden audits are not shown in Lighthouse's report (an insight says the same).
      if (!audit || seen.has(ref.id) || ref.group === 'hidden') continue;
      seen.add(ref.id);
      if (['notApplicable', 'manual', 'informative'].includes(audit.scoreDisplayMode)) continue;
      const failed = audit.scoreDisplayMode === 'error' || (audit.score !== null && audit.score < (audit.scoreDisplayMode === 'binary' ? 1 : 0.9));
      const where = category === 'performance' && ref.group ? `performance ${ref.group.replace(/s$/, '')}` : category;
      if (failed) failing.push({ category: where, id: audit.id, title: audit.title, score: audit.scoreDisplayMode === 'error' ? null : audit.score, displayValue: audit.displayValue || audit.errorMessage, culprits: culprits(audit.details, origins) });
    }
  }
  return failing;
}

type RunSummary = Omit<PageAudit, 'runs' | 'performanceRange' | 'clsRange' | 'lcpRange' | 'failingInOtherRuns'>;

function summarise(path: string, lhr: Lhr, origins: Origins): RunSummary {
  if (lhr.runtimeError) throw new Error(`Lighthouse could not audit ${path}: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const score = (id: (typeof CATEGORIES)[number]) => {
    const value = lhr.categories[id]?.score;
    if (value === null || value === undefined) throw new Error(`Lighthouse gave ${path} no ${id} score`);
    return Math.round(value * 100);
  };
  const metric = (id: string) => {
    const value = lhr.audits[id]?.numericValue;
    if (value === undefined) throw new Error(`Lighthouse gave ${path} no ${id} (${lhr.audits[id]?.errorMessage ?? 'missing'})`);
    return value;
  };
  const requests = (lhr.audits['network-requests']?.details as { items?: Array<{ url: string; resourceType?: string }> } | undefined)?.items ?? [];
  const scriptsAndStyles = requests.filter((r) => (r.resourceType === 'Script' || r.resourceType === 'Stylesheet') && r.url.startsWith(`${origins.site}/`)).map((r) => r.url);
  return {
    path,
    scores: { performance: score('performance'), accessibility: score('accessibility'), bestPractices: score('best-practices'), seo: score('seo') },
    lcpMs: metric('largest-contentful-paint'),
    cls: metric('cumulative-layout-shift'),
    tbtMs: metric('total-blocking-time'),
    fcpMs: metric('first-contentful-paint'),
    totalBytes: metric('total-byte-weight'),
    scriptsAndStyles,
    failing: failingAudits(lhr, origins),
  };
}

/**
 * Audits each page of the site at `base` in turn, `runs` times, in one Chromium; each figure is the
 * median of its runs, with their spread, and the failing audits are the median run's (by performance score). A page Lighthouse cannot audit
 * (its runtimeError: a page that does not load, an error status, no paint) fails the run.
 */
export async function auditPages(base: string, apiBase: string, paths: string[], chromium: string, runs: number, reportsDir?: string) {
  const { default: lighthouse } = await import('lighthouse');
  const { launch } = await import('chrome-launcher');
  const chrome = await launch({ chromePath: chromium, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-gpu'], logLevel: 'silent' });
  track(chrome.process);
  const origins: Origins = { site: new URL(base).origin, API: new URL(apiBase).origin };
  const pages: PageAudit[] = [];
  let first: Lhr | undefined;
  let browser: string | undefined;
  try {
    browser = ((await (await fetch(`http://127.0.0.1:${chrome.port}/json/version`)).json()) as { Browser?: string }).Browser;
    for (const path of paths) {
      const done: Array<{ summary: RunSummary; report: string }> = [];
      for (let run = 0; run < runs; run += 1) {
        const started = Date.now();
        const result = await lighthouse(new URL(path, base).href, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
        if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
        const lhr = result.lhr as unknown as Lhr;
        first ??= lhr;
        const summary = summarise(path, lhr, origins);
        done.push({ summary, report: typeof result.report === 'string' ? result.report : JSON.stringify(lhr) });
        console.log(
          `  ${path}${runs > 1 ? ` (run ${run + 1}/${runs})` : ''}: performance ${summary.scores.performance}, accessibility ${summary.scores.accessibility}, best practices ${summary.scores.bestPractices}, SEO ${summary.scores.seo}; LCP ${summary.lcpMs.toFixed(0)} ms, CLS ${summary.cls.toFixed(3)}, TBT ${summary.tbtMs.toFixed(0)} ms (${((Date.now() - started) / 1000).toFixed(0)} s)${summary.failing.length ? `; not passed: ${summary.failing.map((f) => f.id).join(', ')}` : ''}`,
        );
      }
      const sorted = [...done].sort((a, b) => a.summary.scores.performance - b.summary.scores.performance || b.summary.lcpMs - a.summary.lcpMs);
      const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
      const range = (pick: (r: RunSummary) => number): [number, number] => [Math.min(...done.map((d) => pick(d.summary))), Math.max(...done.map((d) => pick(d.summary)))];
      const inMedian = new Set(median.summary.failing.map((f) => f.id));
      const elsewhere = new Map<string, FailingAudit & { runs: number }>();
      for (const { summary } of done) {
        if (summary === median.summary) continue;
        for (const audit of summary.failing.filter((f) => !inMedian.has(f.id))) {
          const seen = elsewhere.get(audit.id);
          if (seen) seen.runs += 1;
          else elsewhere.set(audit.id, { ...audit, runs: 1 });
        }
      }
      // Each figure is the median of its own runs; the audits listed are the median run's (by performance score).
      const mid = (pick: (r: RunSummary) => number) => middle(done.map((d) => pick(d.summary)));
      const scores = { performance: mid((r) => r.scores.performance), accessibility: mid((r) => r.scores.accessibility), bestPractices: mid((r) => r.scores.bestPractices), seo: mid((r) => r.scores.seo) };
      const figures = { scores, lcpMs: mid((r) => r.lcpMs), cls: mid((r) => r.cls), tbtMs: mid((r) => r.tbtMs), fcpMs: mid((r) => r.fcpMs), totalBytes: mid((r) => r.totalBytes) };
      pages.push({ ...median.summary, ...figures, failingInOtherRuns: [...elsewhere.values()], runs, performanceRange: range((r) => r.scores.performance), clsRange: range((r) => r.cls), lcpRange: range((r) => r.lcpMs) });
      if (reportsDir) {
        mkdirSync(reportsDir, { recursive: true });
        const name = path.replace(/^\/$/, 'home').replace(/^\//, '').replace(/[^a-zA-Z0-9-]+/g, '_');
        writeFileSync(join(reportsDir, `${name}.json`), median.report);
      }
    }
  } finally {
    chrome.kill();
  }
  const s = first!.configSettings;
  const t = s.throttling;
  return {
    pages,
    runs,
    version: first!.lighthouseVersion,
    browser: browser?.replace('HeadlessChrome/', 'Chromium ') ?? first!.environment.hostUserAgent,
    benchmarkIndex: first!.environment.benchmarkIndex,
    settings: `default config: ${s.formFactor} (${s.screenEmulation.width ?? '?'} × ${s.screenEmulation.height ?? '?'} px), ${s.throttlingMethod} throttling (RTT ${t.rttMs} ms, ${(t.throughputKbps ?? 0).toFixed(0)} kbit/s, CPU ÷${t.cpuSlowdownMultiplier})`,
  };
}
