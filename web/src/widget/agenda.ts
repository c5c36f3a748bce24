/**
 * <nfc-agenda>: the shared agenda on a partner's site. A custom element with a shadow root that
 * reads the public GraphQL API from the visitor's browser (cross-origin, no credentials) and
 * renders with DOM calls only (textContent), so no text from the API is ever parsed as HTML.
 * Bundled by esbuild into one ES module (see vite-plugin.mjs) and served by /widget/agenda.js,
 * which writes the API's public address in place of the marker below at request time.
 */
import { EVENT_CATEGORIES } from '@nfc/shared';
import { formatWhen } from './format';
import { CSS } from './styles';
import { pickLanguage, text, type TextKey, type WidgetLanguage } from './texts';

const API_URL: string = '__NFC_API_URL__';
/** The site that served this script: event pages and the map live there. */
const SCRIPT_URL = import.meta.url;
const SVG = 'http://www.w3.org/2000/svg';

interface Occurrence {
  id: string;
  startsAt: string;
  endsAt: string;
  event: {
    id: string;
    slug: string;
    title: string;
    status: string;
    allDay: boolean;
    categories: Array<{ id: string; label: string }>;
    place: { commune: { inseeCode: string; name: string } };
  };
}

interface EpciCommunes {
  siren: string;
  name: string;
  communes: Array<{ inseeCode: string; name: string }>;
}

interface MapData {
  width: number;
  height: number;
  credit: string;
  communes: Array<{ code: string; name: string; d: string }>;
}

const EVENTS_QUERY = `query NfcWidget($lang: Language, $f: EventFilter, $n: Int) { events(filter: $f, first: $n) { nodes { id startsAt endsAt event { id slug title(lang: $lang) status allDay categories(lang: $lang) { id label } place { commune { inseeCode name } } } } } }`;
const COMMUNES_QUERY = `query NfcWidgetCommunes { epcis { siren name communes { inseeCode name } } }`;

class ApiFailure extends Error {
  constructor(
    readonly code: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
  }
}

/** One POST to the public API: JSON, no cookies, no credentials. */
async function graphql<T>(query: string, variables: Record<string, unknown>, signal: AbortSignal): Promise<T> {
  const response = await fetch(`${API_URL}/graphql`, {
    method: 'POST',
    mode: 'cors',
    credentials: 'omit',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: Array<{ extensions?: { code?: string; retryAfterSeconds?: number } }> };
  const error = body.errors?.[0];
  if (error || !body.data) {
    const code = error?.extensions?.code ?? (response.status === 429 ? 'RATE_LIMITED' : 'INTERNAL');
    throw new ApiFailure(code, error?.extensions?.retryAfterSeconds ?? (Number(response.headers.get('retry-after')) || undefined));
  }
  return body.data;
}

/** A small element factory: attributes set as attributes, children as text or nodes. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function sheet(): CSSStyleSheet | null {
  try {
    const styles = new CSSStyleSheet();
    styles.replaceSync(CSS);
    return styles;
  } catch {
    return null;
  }
}

let sharedSheet: CSSStyleSheet | null | undefined;
let uid = 0;

export class NfcAgenda extends HTMLElement {
  static observedAttributes = ['epci', 'commune', 'category', 'lang', 'size', 'map', 'filters', 'heading', 'heading-level'];

  private readonly root: ShadowRoot;
  private readonly key = `nfc-${(uid += 1)}`;
  private controller: AbortController | null = null;
  private scheduled = false;
  private communes: EpciCommunes[] | null = null;
  private mapData: Promise<MapData | null> | null = null;
  private mapFor = '';
  /** The visitor's choices in the filters, over the attributes. */
  private chosen: { category?: string; commune?: string } = {};

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    sharedSheet ??= sheet();
    if (sharedSheet) this.root.adoptedStyleSheets = [sharedSheet];
  }

  connectedCallback(): void {
    this.schedule();
  }

  disconnectedCallback(): void {
    this.controller?.abort();
  }

  attributeChangedCallback(): void {
    // A partner changing an attribute resets the visitor's choices to it.
    this.chosen = {};
    if (this.isConnected) this.schedule();
  }

  private get language(): WidgetLanguage {
    return pickLanguage(this.getAttribute('lang'), this.parentElement?.closest('[lang]')?.getAttribute('lang'), document.documentElement.lang, navigator.language);
  }

  private t(key: TextKey, values?: Record<string, string | number>): string {
    return text(this.language, key, values);
  }

  private get size(): number {
    const size = Number.parseInt(this.getAttribute('size') ?? '', 10);
    return Number.isFinite(size) ? Math.min(Math.max(size, 1), 20) : 6;
  }

  private get headingLevel(): number {
    const level = Number.parseInt(this.getAttribute('heading-level') ?? '', 10);
    return Number.isFinite(level) ? Math.min(Math.max(level, 2), 5) : 2;
  }

  private attr(name: string, pattern: RegExp): string | undefined {
    const value = (this.getAttribute(name) ?? '').trim();
    return pattern.test(value) ? value : undefined;
  }

  private get epci(): string | undefined {
    return this.attr('epci', /^\d{9}$/);
  }

  private get commune(): string | undefined {
    return this.chosen.commune !== undefined ? this.chosen.commune || undefined : this.attr('commune', /^(?:\d{2}|2[AB])\d{3}$/);
  }

  private get categories(): string[] {
    if (this.chosen.category !== undefined) return this.chosen.category ? [this.chosen.category] : [];
    return (this.getAttribute('category') ?? '')
      .split(',')
      .map((value) => value.trim())
      .filter((value) => EVENT_CATEGORIES.some((category) => category.id === value));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.render();
      void this.load();
    });
  }

  /** The frame: heading, filters, live status, list, map, links. Rebuilt when an attribute changes. */
  private render(): void {
    const level = this.headingLevel;
    const headingId = `${this.key}-h`;
    // Its own language, which may differ from the page's (screen readers switch voices).
    const section = el('section', { 'aria-labelledby': headingId, lang: this.language });
    section.append(el(`h${level}` as 'h2', { id: headingId, class: 'h' }, this.getAttribute('heading') || this.t('heading')));
    if (this.hasAttribute('filters')) section.append(this.filterForm());
    section.append(el('p', { class: 's', role: 'status', 'aria-live': 'polite', part: 'status' }));
    section.append(el('ul', { class: 'e', 'aria-labelledby': headingId, 'aria-busy': 'true' }));
    if (this.hasAttribute('map')) section.append(el('figure', { class: 'map' }));
    const more = new URL(`${this.language === 'fr' ? '' : `/${this.language}`}/agenda`, SCRIPT_URL);
    if (this.epci) more.searchParams.set('epci', this.epci);
    if (this.categories.length === 1) more.searchParams.set('categorie', this.categories[0]!);
    section.append(el('p', { class: 'f' }, el('a', { href: more.href }, this.t('allEvents'))), el('p', { class: 'f' }, this.t('credit')));
    this.root.replaceChildren(section);
  }

  private filterForm(): HTMLFormElement {
    const language = this.language;
    const categorySelect = el('select', { name: 'category' }, el('option', { value: '' }, this.t('anyCategory')));
    for (const category of [...EVENT_CATEGORIES].sort((a, b) => a.label[language].localeCompare(b.label[language], language))) {
      categorySelect.append(el('option', { value: category.id }, category.label[language]));
    }
    categorySelect.value = this.categories.length === 1 ? this.categories[0]! : '';
    const communeSelect = el('select', { name: 'commune' }, el('option', { value: '' }, this.t('anyCommune')));
    this.fillCommunes(communeSelect);
    const form = el(
      'form',
      { role: 'search', 'aria-label': this.t('filters') },
      el('label', {}, this.t('category'), categorySelect),
      el('label', {}, this.t('commune'), communeSelect),
    );
    // Each change reloads at once: no submit button to find, and the status says what changed.
    form.addEventListener('change', (event) => {
      const target = event.target as HTMLSelectElement;
      if (target.name === 'category') this.chosen.category = target.value;
      if (target.name === 'commune') this.chosen.commune = target.value;
      void this.load();
    });
    form.addEventListener('submit', (event) => event.preventDefault());
    return form;
  }

  private fillCommunes(select: HTMLSelectElement): void {
    const selected = this.commune ?? '';
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'fr');
    const epcis = (this.communes ?? []).filter((epci) => !this.epci || epci.siren === this.epci);
    for (const epci of epcis) {
      const options = [...epci.communes].sort(byName).map((commune) => el('option', { value: commune.inseeCode }, commune.name));
      select.append(...(epcis.length > 1 ? [el('optgroup', { label: epci.name }, ...options)] : options));
    }
    // Before the list arrives, the partner's commune is still shown as chosen.
    if (selected && !select.querySelector(`option[value="${selected}"]`)) select.append(el('option', { value: selected }, selected));
    select.value = selected;
  }

  private async load(): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const status = this.root.querySelector<HTMLElement>('.s');
    const list = this.root.querySelector<HTMLUListElement>('.e');
    if (!status || !list) return;
    list.setAttribute('aria-busy', 'true');
    status.textContent = this.t('loading');
    this.root.querySelector('.r')?.remove();
    const filter: Record<string, unknown> = {};
    if (this.epci) filter.epci = this.epci;
    if (this.commune) filter.commune = this.commune;
    if (this.categories.length) filter.categories = this.categories;
    try {
      const [events] = await Promise.all([
        graphql<{ events: { nodes: Occurrence[] } }>(EVENTS_QUERY, { lang: this.language, f: filter, n: this.size }, controller.signal),
        this.hasAttribute('filters') && !this.communes ? this.loadCommunes(controller.signal) : null,
      ]);
      if (controller.signal.aborted) return;
      const nodes = events.events.nodes;
      list.replaceChildren(...nodes.map((node) => this.item(node)));
      list.removeAttribute('aria-busy');
      status.textContent = nodes.length === 0 ? this.t('none') : nodes.length === 1 ? this.t('loadedOne') : this.t('loaded', { count: nodes.length });
      if (this.hasAttribute('map')) void this.drawMap(nodes);
    } catch (error) {
      if (controller.signal.aborted) return;
      list.removeAttribute('aria-busy');
      const failure = error instanceof ApiFailure ? error : new ApiFailure('SERVICE_UNAVAILABLE');
      status.textContent = failure.code === 'RATE_LIMITED' ? this.t('rateLimited', { seconds: failure.retryAfterSeconds ?? 60 }) : this.t('failed');
      const retry = el('button', { type: 'button', class: 'r' }, this.t('retry'));
      retry.addEventListener('click', () => void this.load());
      status.after(retry);
    }
  }

  private async loadCommunes(signal: AbortSignal): Promise<void> {
    const data = await graphql<{ epcis: EpciCommunes[] }>(COMMUNES_QUERY, {}, signal);
    this.communes = data.epcis;
    const select = this.root.querySelector<HTMLSelectElement>('select[name="commune"]');
    if (select) {
      select.replaceChildren(el('option', { value: '' }, this.t('anyCommune')));
      this.fillCommunes(select);
    }
  }

  private item(node: Occurrence): HTMLLIElement {
    const { event } = node;
    const language = this.language;
    const page = new URL(`${language === 'fr' ? '' : `/${language}`}/agenda/${encodeURIComponent(event.slug)}`, SCRIPT_URL);
    const statusKey = (['CANCELLED', 'POSTPONED', 'RESCHEDULED', 'FULL', 'MOVED_ONLINE'] as const).find((status) => status === event.status);
    const when = formatWhen({ language, startsAt: node.startsAt, endsAt: node.endsAt, allDay: event.allDay, readerTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
    const item = el(
      'li',
      statusKey === 'CANCELLED' ? { class: 'x' } : {},
      el(`h${Math.min(this.headingLevel + 1, 6)}` as 'h3', {}, el('a', { href: page.href }, event.title)),
      el('p', {}, el('time', { datetime: node.startsAt }, when), ...(statusKey ? [' ', el('strong', { class: 'g' }, this.t(statusKey))] : [])),
      el('p', { class: 'm' }, [event.place.commune.name, ...event.categories.map((category) => category.label)].join(' · ')),
      el('a', { class: 'c', href: `${API_URL}/feeds/events/${encodeURIComponent(event.id)}.ics` }, this.t('addToCalendar'), el('span', { class: 'v' }, ` : ${event.title}`)),
    );
    return item;
  }

  private async drawMap(nodes: Occurrence[]): Promise<void> {
    const figure = this.root.querySelector('.map');
    if (!figure) return;
    const scope = this.epci ?? '';
    if (!this.mapData || this.mapFor !== scope) {
      this.mapFor = scope;
      const url = new URL('map.json', SCRIPT_URL);
      if (scope) url.searchParams.set('epci', scope);
      this.mapData = fetch(url, { credentials: 'omit' })
        .then((response) => (response.ok ? (response.json() as Promise<MapData>) : null))
        .catch(() => null);
    }
    const data = await this.mapData;
    if (!data) return figure.replaceChildren();
    const places = new Map(nodes.map((node) => [node.event.place.commune.inseeCode, node.event.place.commune.name]));
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${data.width} ${data.height}`);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', places.size ? this.t('map', { names: [...places.values()].join(', ') }) : this.t('mapEmpty'));
    for (const commune of data.communes) {
      const path = document.createElementNS(SVG, 'path');
      path.setAttribute('d', commune.d);
      if (places.has(commune.code)) path.setAttribute('class', 'on');
      // A pointer's tooltip; screen readers get the names in the map's label instead.
      const title = document.createElementNS(SVG, 'title');
      title.textContent = commune.name;
      path.append(title);
      svg.append(path);
    }
    figure.replaceChildren(svg, el('figcaption', { class: 'f' }, data.credit));
  }
}

if (!customElements.get('nfc-agenda')) customElements.define('nfc-agenda', NfcAgenda);
