import { JSDOM } from 'jsdom';
import { markdownToHtml, markdownToText } from './markdown';

/** Every element and attribute of a fragment, as the browser's parser sees it. */
function parse(html: string) {
  const body = new JSDOM(`<!doctype html><body>${html}</body>`).window.document.body;
  return { body, elements: [...body.querySelectorAll('*')] };
}

test('Markdown becomes a small set of elements: emphasis, lists, links with rel, headings under the page', () => {
  const html = markdownToHtml('# Programme\n\nUn **grand** *concert*.\n\n- Entrée libre\n- Buvette\n\nInfos : [le site](https://example.org/a?b=1&c=2), <contact@example.org>, [appeler](tel:+33384000000).');
  expect(html).toContain('<h3>Programme</h3>');
  expect(html).toContain('<strong>grand</strong>');
  expect(html).toContain('<em>concert</em>');
  expect(html).toContain('<li>Entrée libre</li>');
  const links = parse(html).elements.filter((e) => e.tagName === 'A');
  expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.org/a?b=1&c=2', 'mailto:contact@example.org', 'tel:+33384000000']);
  for (const a of links) expect(a.getAttribute('rel')).toBe('nofollow noopener');
});

test.each([
  ['a javascript: link', '[clic](javascript:alert(1))', 'clic'],
  ['an entity-encoded javascript: link', '[clic](jav&#x61;script:alert(1))', 'clic'],
  ['a data: link', '[clic](data:text/html;base64,PHNjcmlwdD4=)', 'clic'],
  ['a relative link', '[clic](/admin)', 'clic'],
  ['a protocol-relative link', '[clic](//evil.example)', 'clic'],
  ['an ftp link', '[clic](ftp://example.org)', 'clic'],
  ['an autolink to javascript:', '<javascript:alert(1)>', ''],
  ['raw HTML', '<script>alert(1)</script><img src=x onerror=alert(1)>', '<script>'],
  ['an image (tracking pixel)', '![pixel](https://tracker.example/p.gif)', ''],
  ['an HTML comment', '<!-- x --> texte', 'texte'],
])('%s leaves no active content', (_name, source, text) => {
  const html = markdownToHtml(source);
  const { body, elements } = parse(html);
  for (const element of elements) {
    expect(['P', 'BR', 'STRONG', 'EM', 'DEL', 'S', 'UL', 'OL', 'LI', 'A', 'BLOCKQUOTE', 'CODE', 'PRE', 'H3', 'H4', 'HR']).toContain(element.tagName);
    for (const attribute of element.getAttributeNames()) expect(['href', 'rel', 'start']).toContain(attribute);
    if (element.tagName === 'A') expect(element.getAttribute('href')).toMatch(/^(https?:\/\/|mailto:|tel:)/);
  }
  expect(elements.filter((e) => e.tagName === 'A')).toHaveLength(0);
  expect(body.textContent).toContain(text);
});

test('the plain text keeps words, list items and link targets, without markup characters', () => {
  expect(markdownToText('Un **grand** *concert*.\n\n- Entrée libre\n- Buvette\n\nInfos : [le site](https://example.org), tarif `5 €`.')).toBe(
    'Un grand concert.\n\n- Entrée libre\n- Buvette\n\nInfos : le site (https://example.org), tarif 5 €.',
  );
  expect(markdownToText('1. un\n2. deux')).toBe('1. un\n2. deux');
  expect(markdownToText('a <b>c</b> & d')).toBe('a <b>c</b> & d');
  expect(markdownToText('[clic](javascript:alert(1))')).toBe('clic');
});
