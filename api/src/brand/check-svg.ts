import type { JSDOM as JSDOMType } from 'jsdom';
import type createDOMPurifyType from 'dompurify';
import { fileRejected } from '../media/media-errors';

export interface CheckedSvg {
  svg: string;
  /** Intrinsic size from the viewBox (or width/height), in CSS pixels. */
  width: number;
  height: number;
}

// jsdom is large: it is loaded on the first SVG upload, not when the API starts.
let dom: { JSDOM: typeof JSDOMType; purify: ReturnType<typeof createDOMPurifyType> } | undefined;
function loadDom() {
  if (!dom) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
    const { JSDOM } = require('jsdom') as { JSDOM: typeof JSDOMType };
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- idem
    const createDOMPurify = require('dompurify') as typeof createDOMPurifyType;
    dom = { JSDOM, purify: createDOMPurify(new JSDOM('').window as unknown as Parameters<typeof createDOMPurifyType>[0]) };
  }
  return dom;
}

/** CSS with its comments removed and its escapes decoded (`\\75 rl(` is `url(`), as a browser reads it. */
function normaliseCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\\([0-9a-f]{1,6})[ \t\n\r\f]?/gi, (_match, hex: string) => String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff) || 0xfffd))
    .replace(/\\(.)/g, '$1');
}

/** CSS functions that fetch something; only url(#id), a reference inside the file, is allowed. */
const FETCHING_FUNCTION = /(-webkit-image-set|image-set|cross-fade|image|url|src)\s*\(\s*(['"]?)\s*([^'")]*)/gi;

/** What in a piece of CSS (a <style> element, a style="" or presentation attribute) points outside the file. */
export function cssExternalReferences(css: string): string[] {
  const text = normaliseCss(css);
  const found: string[] = [];
  if (/@import/i.test(text)) found.push('@import');
  if (/@font-face/i.test(text)) found.push('@font-face');
  for (const match of text.matchAll(FETCHING_FUNCTION)) {
    const [, name, , target] = match;
    if (name!.toLowerCase() === 'url' && /^#[^\s]/.test(target!.trim())) continue;
    found.push(`${name}(${target!.slice(0, 40)})`);
  }
  return found;
}

/**
 * Every reference to something outside the file, read from the document as an SVG renderer
 * reads it (XML): processing instructions (`<?xml-stylesheet?>`), href/src attributes in any
 * namespace that are not `#id`, and fetching CSS anywhere: <style> elements, style=""
 * attributes, presentation attributes such as fill="url(http://…)".
 */
function externalReferences(JSDOM: typeof JSDOMType, text: string): string[] {
  let document: Document;
  try {
    document = new JSDOM(text, { contentType: 'image/svg+xml' }).window.document;
  } catch {
    throw fileRejected('CORRUPT_FILE', 'The SVG is not well-formed XML.');
  }
  const found: string[] = [];
  const walker = document.createTreeWalker(document, 0x1 | 0x40 /* elements, processing instructions */);
  for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
    if (node.nodeType === 7) {
      found.push(`<?${(node as ProcessingInstruction).target}?>`);
      continue;
    }
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    if (element.localName.toLowerCase() === 'style') found.push(...cssExternalReferences(element.textContent ?? ''));
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.localName.toLowerCase();
      if ((name === 'href' || name === 'src') && !attribute.value.trim().startsWith('#')) found.push(`${attribute.name}="${attribute.value.slice(0, 40)}"`);
      else found.push(...cssExternalReferences(attribute.value));
    }
  }
  return found;
}

/**
 * Accepts an SVG master only if sanitising would change nothing: a logo is never altered
 * silently. DOCTYPE and ENTITY declarations are refused before parsing (XXE, billion
 * laughs); DOMPurify's SVG profile then finds scripts, event handlers, foreignObject and
 * javascript: URLs; references outside the file are refused too.
 */
export function checkSvg(bytes: Buffer): CheckedSvg {
  const text = bytes.toString('utf8');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw fileRejected('UNSAFE_SVG', 'DOCTYPE and ENTITY declarations are not allowed.');
  if (!/^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(text)) throw fileRejected('UNSUPPORTED_TYPE', '(not an SVG document)');

  const { JSDOM, purify } = loadDom();
  const removed: string[] = [];
  // DOMPurify parses into an HTML body of its own: those wrapper elements are not the file's.
  const wrapper = new Set(['html', 'head', 'body', '#text', '#comment']);
  purify.addHook('uponSanitizeElement', (_node, data) => {
    if (data.tagName && !wrapper.has(data.tagName) && !data.allowedTags[data.tagName]) removed.push(`<${data.tagName}>`);
  });
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    const value = String(data.attrValue ?? '');
    if (/^(?:xlink:)?href$/i.test(data.attrName) && value && !value.startsWith('#')) removed.push(`${data.attrName}="${value.slice(0, 40)}"`);
  });
  let clean: string;
  try {
    // <use> is common in logos; its href must point inside the file (checked by the hook above).
    clean = purify.sanitize(text, { USE_PROFILES: { svg: true, svgFilters: true }, ADD_TAGS: ['use'], ADD_ATTR: ['role'], WHOLE_DOCUMENT: false }) as string;
  } finally {
    purify.removeAllHooks();
  }
  for (const item of purify.removed) {
    const entry = item as { element?: Element; attribute?: Attr | null; from?: Element };
    if (entry.attribute) removed.push(`${entry.attribute.name}="${entry.attribute.value.slice(0, 40)}"`);
    else if (entry.element && entry.element.nodeType === 1 && !wrapper.has(entry.element.nodeName.toLowerCase())) removed.push(`<${entry.element.nodeName.toLowerCase()}>`);
  }
  if (removed.length) throw fileRejected('UNSAFE_SVG', `Found: ${[...new Set(removed)].slice(0, 5).join(', ')}.`);

  const external = externalReferences(JSDOM, text);
  if (external.length) throw fileRejected('UNSAFE_SVG', `External references are not allowed. Found: ${[...new Set(external)].slice(0, 5).join(', ')}.`);

  const root = new JSDOM(clean, { contentType: 'image/svg+xml' }).window.document.documentElement;
  const viewBox = (root.getAttribute('viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  const width = viewBox.length === 4 && viewBox.every(Number.isFinite) ? viewBox[2]! : parseFloat(root.getAttribute('width') ?? '');
  const height = viewBox.length === 4 && viewBox.every(Number.isFinite) ? viewBox[3]! : parseFloat(root.getAttribute('height') ?? '');
  if (!(width > 0) || !(height > 0)) throw fileRejected('CORRUPT_FILE', 'The SVG needs a viewBox (or width and height).');
  return { svg: text, width, height };
}
