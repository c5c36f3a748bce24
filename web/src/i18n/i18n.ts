import { DEFAULT_LANGUAGE, LANGUAGES, isLanguage, type Language } from '@nfc/shared';
import { UI, type UiKey } from './ui';

export { LANGUAGES, type Language };

/**
 * The language of a request from its `[...lang]` route parameter: none for French
 * (served at /), "en" or "de"; anything else is not a page of ours.
 */
export function languageFromParam(param: string | undefined): Language | undefined {
  if (param === undefined || param === '') return DEFAULT_LANGUAGE;
  if (param !== DEFAULT_LANGUAGE && isLanguage(param)) return param;
  return undefined;
}

/** Translates a UI key, filling `{name}` placeholders. */
export function translate(language: Language, key: UiKey, values: Record<string, string | number> = {}): string {
  const text: string = UI[language][key] ?? UI[DEFAULT_LANGUAGE][key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** The URL of a page in a language: "/territoire" → "/en/territoire". French has no prefix. */
export function localizedPath(language: Language, path: string): string {
  const clean = path === '/' ? '' : path.replace(/\/+$/, '');
  return language === DEFAULT_LANGUAGE ? clean || '/' : `/${language}${clean}`;
}

/** The language-neutral path of a URL path: "/de/territoire/x" → "/territoire/x". */
export function neutralPath(pathname: string): string {
  const match = /^\/(en|de)(\/.*)?$/.exec(pathname);
  const path = match ? (match[2] ?? '/') : pathname;
  return path.length > 1 ? path.replace(/\/+$/, '') : '/';
}

export function formatNumber(language: Language, value: number): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : `${language}-FR`).format(value);
}
