import type { JSDOM as JSDOMType } from 'jsdom';
import type createDOMPurifyType from 'dompurify';
import MarkdownIt from 'markdown-it';

/**
 * The one place where a long description (Markdown) becomes HTML or plain text.
 *
 * markdown-it parses with raw HTML off (a `<tag>` in the text stays text), then DOMPurify
 * (on jsdom) keeps only a small allow-list of elements and attributes, whatever the parser
 * produced: the renderer is safe on its own, without the write-time check. Links keep only
 * http, https, mailto and tel targets (any other link is dropped, its text kept) and carry
 * rel="nofollow noopener"; images are dropped; headings move under the page's own (h3, h4).
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });
// Every target reaches the sanitiser, which alone decides (one rule, not two that disagree).
markdown.validateLink = () => true;

const ALLOWED_LINK = /^(?:https?:\/\/[^\s/]|mailto:[^\s]|tel:[+\d(])/i;

/** True when a link target is one the site may show: http(s), mailto or tel. */
export function isAllowedLink(href: string): boolean {
  return ALLOWED_LINK.test(href.trim());
}

const ALLOWED_TAGS = ['p', 'br', 'strong', 'em', 'del', 's', 'ul', 'ol', 'li', 'a', 'blockquote', 'code', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr'];
const HEADING: Record<string, string> = { H1: 'h3', H2: 'h3', H3: 'h4', H5: 'h4', H6: 'h4' };

// jsdom is large: loaded on the first description rendered, with a DOMPurify of its own.
let dom: { window: JSDOMType['window']; purify: ReturnType<typeof createDOMPurifyType> } | undefined;
function loadDom() {
  if (!dom) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
    const { JSDOM } = require('jsdom') as { JSDOM: typeof JSDOMType };
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- idem
    const createDOMPurify = require('dompurify') as typeof createDOMPurifyType;
    const { window } = new JSDOM('');
    dom = { window, purify: createDOMPurify(window as unknown as Parameters<typeof createDOMPurifyType>[0]) };
  }
  return dom;
}

/** Sanitised HTML of a Markdown text, ready to insert into a page. */
export function markdownToHtml(source: string): string {
  const { window, purify } = loadDom();
  const fragment = purify.sanitize(markdown.render(source), {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href', 'start'],
    ALLOWED_URI_REGEXP: ALLOWED_LINK,
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
  const document = window.document;
  for (const link of [...fragment.querySelectorAll('a')]) {
    const href = link.getAttribute('href');
    if (href && isAllowedLink(href)) {
      link.setAttribute('href', href.trim());
      link.setAttribute('rel', 'nofollow noopener');
    } else {
      link.replaceWith(...link.childNodes);
    }
  }
  for (const heading of [...fragment.querySelectorAll('h1, h2, h3, h5, h6')]) {
    const moved = document.createElement(HEADING[heading.tagName]!);
    moved.append(...heading.childNodes);
    heading.replaceWith(moved);
  }
  const container = document.createElement('div');
  container.append(fragment);
  return container.innerHTML.trim();
}

type Token = ReturnType<typeof markdown.parse>[number];

/**
 * Plain text of a Markdown text: paragraphs separated by a blank line, list items on their
 * own line with "- " (or "1. "), a link's target after its text, no markup characters.
 */
export function markdownToText(source: string): string {
  const blocks: string[] = [];
  let line = '';
  const orderedStack: Array<number | null> = [];
  const inline = (children: Token[]) => {
    const hrefs: string[] = [];
    for (const token of children) {
      if (token.type === 'text' || token.type === 'code_inline') line += token.content;
      else if (token.type === 'softbreak' || token.type === 'hardbreak') line += '\n';
      else if (token.type === 'image') line += token.content;
      else if (token.type === 'link_open') hrefs.push(String(token.attrGet('href') ?? ''));
      else if (token.type === 'link_close') {
        const href = hrefs.pop() ?? '';
        const text = line;
        if (isAllowedLink(href) && !text.endsWith(href.replace(/^mailto:/i, ''))) line += ` (${href.replace(/^mailto:/i, '')})`;
      }
    }
  };
  const flush = () => {
    if (line.trim()) blocks.push(line.trimEnd());
    line = '';
  };
  for (const token of markdown.parse(source, {})) {
    switch (token.type) {
      case 'bullet_list_open':
        orderedStack.push(null);
        break;
      case 'ordered_list_open':
        orderedStack.push(Number(token.attrGet('start') ?? 1));
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        orderedStack.pop();
        break;
      case 'list_item_open': {
        const depth = orderedStack.length - 1;
        const number = orderedStack[depth];
        line = `${'  '.repeat(Math.max(depth, 0))}${number == null ? '- ' : `${number}. `}`;
        if (number != null) orderedStack[depth] = number + 1;
        break;
      }
      case 'inline':
        inline(token.children ?? []);
        break;
      case 'code_block':
      case 'fence':
        line += token.content.replace(/\n$/, '');
        flush();
        break;
      case 'paragraph_close':
      case 'heading_close':
        flush();
        break;
      default:
        break;
    }
  }
  flush();
  // Paragraphs apart from each other; list items one per line.
  return blocks.reduce((text, block, index) => (index === 0 ? block : `${text}${/^\s*(?:- |\d+\. )/.test(block) && /^\s*(?:- |\d+\. )/.test(blocks[index - 1]!) ? '\n' : '\n\n'}${block}`), '');
}
