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

  const root = new JSDOM(clean, { contentType: 'image/svg+xml' }).window.document.documentElement;
  const viewBox = (root.getAttribute('viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  const width = viewBox.length === 4 && viewBox.every(Number.isFinite) ? viewBox[2]! : parseFloat(root.getAttribute('width') ?? '');
  const height = viewBox.length === 4 && viewBox.every(Number.isFinite) ? viewBox[3]! : parseFloat(root.getAttribute('height') ?? '');
  if (!(width > 0) || !(height > 0)) throw fileRejected('CORRUPT_FILE', 'The SVG needs a viewBox (or width and height).');
  return { svg: text, width, height };
}
