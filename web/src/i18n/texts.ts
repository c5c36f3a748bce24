import type { Language } from '@nfc/shared';

/**
 * A dictionary of interface texts in the three languages, French first. The English and German
 * tables are typed by the French keys, so a missing translation fails the typecheck.
 */
export type Texts<K extends string> = Record<Language, Record<K, string>>;

/**
 * The lookup function of a dictionary: fills `{name}` placeholders; with a numeric `count`, uses
 * the singular form (`key.one`) where the language's plural rules ask for it.
 */
export function textsLookup<K extends string>(texts: Texts<K>) {
  return (language: Language, key: K, values: Record<string, string | number> = {}): string => {
    const table = texts[language];
    const singular = `${key}.one` as K;
    const form = typeof values.count === 'number' && singular in table && new Intl.PluralRules(language).select(values.count) === 'one' ? singular : key;
    return table[form].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
  };
}
