import { foldForSearch } from '@nfc/shared';

/** "Office de tourisme du Pays d'Héricourt" → "office-de-tourisme-du-pays-d-hericourt". */
export function slugify(text: string): string {
  return foldForSearch(text).replace(/ /g, '-').slice(0, 80).replace(/-+$/, '');
}
