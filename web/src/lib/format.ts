import type { Language } from '@nfc/shared';

/** "1,2 Mo" / "1.2 MB" / "1,2 MB" */
export function formatBytes(language: Language, bytes: number): string {
  const locale = language === 'en' ? 'en-GB' : `${language}-FR`;
  const units = language === 'fr' ? ['o', 'ko', 'Mo', 'Go'] : ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit ? 1 : 0 }).format(value)} ${units[unit]}`;
}
