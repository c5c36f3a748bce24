import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeXml, paginate, renderIndex, renderUrlset, type SitemapResource } from './sitemap-xml';

const ORIGIN = 'https://www.nord-franche-comte.example';

/** libxml2 (WebAssembly) against the sitemaps.org grammar of test/schemas/sitemap.rng: its messages, empty when valid. */
async function validate(xml: string): Promise<string[]> {
  const { XmlDocument, RelaxNGValidator, XmlValidateError } = await import('libxml2-wasm');
  const schema = XmlDocument.fromString(readFileSync(join(__dirname, '..', '..', 'test', 'schemas', 'sitemap.rng'), 'utf8'));
  const validator = RelaxNGValidator.fromDoc(schema);
  const document = XmlDocument.fromString(xml);
  try {
    validator.validate(document);
    return [];
  } catch (error) {
    if (error instanceof XmlValidateError) return error.details.map((d) => `${d.line}: ${d.message.trim()}`);
    throw error;
  } finally {
    document.dispose();
    validator.dispose();
    schema.dispose();
  }
}

test.each([
  ['a & b', 'a &amp; b'],
  ['<x y="1">', '&lt;x y=&quot;1&quot;&gt;'],
  ["l'été", 'l&apos;été'],
  ['plain', 'plain'],
])('escapeXml(%j) is %j', (text, escaped) => {
  expect(escapeXml(text)).toBe(escaped);
});

test('a page is listed in each language with its alternates and x-default, and an & in a path is escaped', async () => {
  const xml = renderUrlset([{ path: '/agenda/a&b', lastmod: '2026-12-01T10:00:00.000Z' }], ORIGIN);
  expect(await validate(xml)).toEqual([]);
  expect(xml).toContain(`<loc>${ORIGIN}/agenda/a&amp;b</loc>`);
  expect(xml).toContain(`<loc>${ORIGIN}/en/agenda/a&amp;b</loc>`);
  expect(xml).toContain(`<xhtml:link rel="alternate" hreflang="x-default" href="${ORIGIN}/agenda/a&amp;b"/>`);
  expect(xml.match(/<url>/g)).toHaveLength(3);
  expect(xml.match(/<xhtml:link /g)).toHaveLength(12);
  expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
});

test('the check can fail: a relative loc is refused by the grammar', async () => {
  expect((await validate(renderUrlset([{ path: '/' }], ORIGIN).replace(`<loc>${ORIGIN}/</loc>`, '<loc>/</loc>'))).length).toBeGreaterThan(0);
});

const pages = (n: number): SitemapResource[] => Array.from({ length: n }, (_, i) => ({ path: `/p${i}` }));

test.each([
  // [pages, URLs per file, expected files, pages in the last file]
  [0, 45_000, 1, 0],
  [10, 45_000, 1, 10],
  [15_000, 45_000, 1, 15_000],
  [15_001, 45_000, 2, 1],
  [10, 9, 4, 1],
  [10, 10, 4, 1],
  [10, 30, 1, 10],
])('%i pages, %i URLs a file: %i files (the last with %i pages), never a page split across files', (count, perFile, files, last) => {
  const result = paginate(pages(count), perFile);
  expect(result).toHaveLength(files);
  expect(result.at(-1)).toHaveLength(last);
  expect(result.flat()).toEqual(pages(count));
  for (const file of result) expect(file.length * 3).toBeLessThanOrEqual(perFile);
});

test('the index lists its files by absolute URL and is valid', async () => {
  const xml = renderIndex(3, ORIGIN);
  expect(await validate(xml)).toEqual([]);
  expect([...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1])).toEqual([1, 2, 3].map((n) => `${ORIGIN}/sitemap/${n}.xml`));
});
