/**
 * Folds a text for accent- and case-insensitive matching ("Héricourt" → "hericourt").
 * Twin of the SQL function nfc_fold() (migrations), which backs the search indexes:
 * both lower-case, strip accents and turn every run of other characters into one space.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
