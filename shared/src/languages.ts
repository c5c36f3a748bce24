/** Languages of the platform, French first: the territory's own language, then its visitors'. */
export const LANGUAGES = ['fr', 'en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'fr';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A text given in each language; French is required, the others fall back to it. */
export type LocalizedText = { fr: string } & Partial<Record<Exclude<Language, 'fr'>, string>>;

/** Picks the text in `language`, falling back to French. */
export function pickLanguage(text: LocalizedText, language: Language): string {
  return text[language] ?? text.fr;
}
