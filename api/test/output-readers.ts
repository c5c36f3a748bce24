import { JSDOM } from 'jsdom';

/** What the output property tests read outputs with, and the door's rule they judge refusals by. */

/**
 * The characters the door (common/text-normalisation.ts) refuses, written independently of its
 * regular expression, by code point: the output property tests judge its answers with it.
 */
export function refusedByTheDoor(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i += 1;
        continue;
      }
      return true;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return true;
    if (unit === 0x09 || unit === 0x0a || unit === 0x0d) continue;
    if (unit < 0x20 || (unit >= 0x7f && unit <= 0x9f) || unit === 0xfffe || unit === 0xffff) return true;
  }
  return false;
}

/** HTML character data decoded as an HTML reader does (Atom's type="html", RSS by practice). */
export function decodeHtml(html: string): string {
  const textarea = new JSDOM('').window.document.createElement('textarea');
  textarea.innerHTML = html;
  return textarea.value;
}

/** An XML document as a strict XML 1.0 reader sees it. */
export function parseXml(xml: string): Document {
  // Strict XML 1.0: throws on any character XML forbids and on any well-formedness error.
  return new JSDOM(xml, { contentType: 'application/xml' }).window.document;
}

/**
 * Validates a feed against its grammar with libxml2 (compiled to WebAssembly: offline, no Java):
 * Atom against RFC 4287's RELAX NG schema, RSS against the RSS 2.0 specification's elements
 * (test/schemas). Returns libxml2's messages, empty when the document is valid.
 */
export async function validateFeed(xml: string, format: 'rss' | 'atom'): Promise<string[]> {
  const { XmlDocument, RelaxNGValidator, XmlValidateError } = await import('libxml2-wasm');
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const schema = XmlDocument.fromString(readFileSync(join(__dirname, 'schemas', format === 'atom' ? 'atom.rng' : 'rss-2.0.rng'), 'utf8'));
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
