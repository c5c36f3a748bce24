import { LANGUAGES, MERGE_FIELDS, type LocalizedText, type MergeField, type MergeSide } from '@nfc/shared';
import { badUserInput } from '../common/errors';
import type { AgendaEvent } from './event.entities';
import { sameValue } from './same-value';

export interface MergeChoice {
  field: MergeField;
  from: MergeSide;
}

type Values = Partial<AgendaEvent>;

interface FieldRule {
  columns: ReadonlyArray<keyof AgendaEvent>;
  /** True when the event holds nothing for this field: the other event's value fills it. */
  empty?: (event: AgendaEvent) => boolean;
  /** Localized texts: the languages the chosen side lacks come from the other. */
  texts?: ReadonlyArray<keyof AgendaEvent>;
}

/** The columns behind each field of MERGE_FIELDS (in shared/, so the espace pro offers the same choices). */
const RULES: Record<MergeField, FieldRule> = {
  TITLE: { columns: ['title'], texts: ['title'] },
  SHORT_DESCRIPTION: { columns: ['shortDescription'], texts: ['shortDescription'] },
  LONG_DESCRIPTION: { columns: ['longDescription'], texts: ['longDescription'] },
  // The dates: the schedule, and the occurrences the service copies with it.
  DATES: { columns: ['schedule', 'allDay'] },
  STATUS: { columns: ['status', 'previousStartDate', 'attendanceMode', 'onlineUrl'] },
  PLACE: { columns: ['placeName', 'streetAddress', 'postalCode', 'communeInsee', 'lat', 'lon', 'locationApproximate'] },
  IMAGE: { columns: ['imageMediaId', 'imageSourceUrl', 'imageCredit', 'imageAlt'], empty: (e) => !e.imageMediaId, texts: ['imageAlt'] },
  PRICE: { columns: ['isFree', 'priceMin', 'priceMax', 'currency'], empty: (e) => !e.isFree && e.priceMin == null && e.priceMax == null },
  BOOKING: { columns: ['bookingUrl', 'registrationContact', 'registrationContactPublic'], empty: (e) => !e.bookingUrl && !e.registrationContact },
  ORGANISER: { columns: ['organiserName', 'organiserContact', 'organiserContactPublic'], empty: (e) => !e.organiserName && !e.organiserContact },
  CATEGORIES: { columns: ['categories'], empty: (e) => !e.categories.length },
  AUDIENCE: { columns: ['minAge', 'maxAge', 'accessibility'], empty: (e) => e.minAge == null && e.maxAge == null && !e.accessibility.length },
};

/** The choices as a map, refusing a field chosen twice (the answer would depend on the order). */
export function choicesByField(choices: readonly MergeChoice[]): Map<MergeField, MergeSide> {
  const chosen = new Map<MergeField, MergeSide>();
  for (const [index, choice] of choices.entries()) {
    if (chosen.has(choice.field)) throw badUserInput('Each field is chosen once.', [{ field: `choices.${index}.field`, message: `${choice.field} is chosen twice.` }]);
    chosen.set(choice.field, choice.from);
  }
  return chosen;
}

/** `primary`'s text, with the languages it lacks taken from `secondary`; which side gave each language. */
function fillText(primary: LocalizedText | null, secondary: LocalizedText | null): { text: LocalizedText | null; from: Record<string, 'primary' | 'secondary'> } {
  if (!primary && !secondary) return { text: null, from: {} };
  const text: Record<string, string> = {};
  const from: Record<string, 'primary' | 'secondary'> = {};
  for (const language of LANGUAGES) {
    const own = primary?.[language];
    const other = secondary?.[language];
    if (own) [text[language], from[language]] = [own, 'primary'];
    else if (other) [text[language], from[language]] = [other, 'secondary'];
  }
  // French is required: a side without any text never reaches here with an empty French.
  return { text: text.fr ? (text as LocalizedText) : primary ?? secondary, from };
}

type Contribution = NonNullable<AgendaEvent['mergeContribution']>;
type Stored = string | number | boolean | object | null;

function pick(source: object | null | undefined, columns: readonly string[]): Record<string, Stored> {
  const row = (source ?? {}) as Record<string, Stored | undefined>;
  return Object.fromEntries(columns.map((column) => [column, row[column] ?? null]));
}

/** The languages `now` holds that `before` did not: what a merge added to a text. */
function languagesAdded(now: unknown, before: unknown): Record<string, string> {
  const [after, was] = [(now ?? {}) as Record<string, string>, (before ?? {}) as Record<string, string>];
  return Object.fromEntries(Object.entries(after).filter(([language]) => !was[language]));
}

export interface MergePlan {
  /** Columns to write on the kept event. */
  values: Values;
  /** Whether the kept event takes the merged event's dates (its occurrences are copied). */
  datesFromMerged: boolean;
  /** Which event each field's value came from, after filling. */
  sources: Record<MergeField, MergeSide>;
}

/**
 * The canonical event after a merge. Each field comes from the side chosen (the kept event by
 * default); what that side lacks comes from the other, so nothing either office wrote is lost:
 * a language missing from a text, an image, a price, contacts, an age range. Translations keep
 * their origin (machine or human) from the side that wrote them.
 */
export function planMerge(kept: AgendaEvent, merged: AgendaEvent, choices: readonly MergeChoice[]): MergePlan {
  const chosen = choicesByField(choices);
  const values: Record<string, unknown> = {};
  const sources = {} as Record<MergeField, MergeSide>;
  const origin: Record<string, 'HUMAN' | 'MACHINE'> = {};
  for (const field of MERGE_FIELDS) {
    const rule = RULES[field];
    let side: MergeSide = chosen.get(field) ?? 'KEPT';
    const [primary, secondary] = side === 'KEPT' ? [kept, merged] : [merged, kept];
    if (rule.empty?.(primary) && !rule.empty(secondary)) side = side === 'KEPT' ? 'MERGED' : 'KEPT';
    const source = side === 'KEPT' ? kept : merged;
    const other = side === 'KEPT' ? merged : kept;
    sources[field] = side;
    for (const column of rule.columns) values[column] = source[column];
    for (const column of rule.texts ?? []) {
      const filled = fillText(source[column] as LocalizedText | null, other[column] as LocalizedText | null);
      values[column] = filled.text;
      if (column === 'title') {
        for (const [language, by] of Object.entries(filled.from)) {
          const writer = by === 'primary' ? source : other;
          if (writer.translationOrigin?.[language]) origin[language] = writer.translationOrigin[language]!;
        }
      }
    }
  }
  values.translationOrigin = origin;
  // What the merge brought in, with what the canonical event held before (the oldest value wins:
  // after merges of merges, it is still what the canonical office's own system knows).
  const contribution: Contribution = { ...(kept.mergeContribution ?? {}) };
  for (const field of MERGE_FIELDS) {
    const columns = RULES[field].columns as readonly string[];
    if (contribution[field] || sameValue(pick(values, columns), pick(kept, columns))) continue;
    contribution[field] = pick(kept, columns);
  }
  values.mergeContribution = contribution;
  return { values: values as Values, datesFromMerged: sources.DATES === 'MERGED', sources };
}

/**
 * An office's write to an event that merges enriched. A field sent as the event held it before the
 * merge (the office's system resending its own item) or as it is now keeps what the merge brought:
 * a nightly sync never erases the other office's translations, price or contacts, and a resend
 * stays UNCHANGED. A field sent with a new value is the office's choice and replaces it; a new text
 * still keeps the languages the merge added, unless it writes them itself.
 */
export function adoptMergeContributions(current: AgendaEvent, incoming: Values): { values: Values; datesKept: boolean } {
  const contributions = current.mergeContribution ?? {};
  if (!Object.keys(contributions).length) return { values: incoming, datesKept: false };
  const values: Record<string, unknown> = { ...incoming };
  const kept: Contribution = { ...contributions };
  const origin: Record<string, 'HUMAN' | 'MACHINE'> = { ...((incoming.translationOrigin ?? {}) as Record<string, 'HUMAN' | 'MACHINE'>) };
  const keepOrigins = (languages: Record<string, string>) => {
    for (const language of Object.keys(languages)) {
      const from = current.translationOrigin?.[language];
      if (from && !incoming.translationOrigin?.[language]) origin[language] = from;
    }
  };
  let datesKept = false;
  for (const [field, before] of Object.entries(contributions) as Array<[MergeField, Record<string, Stored>]>) {
    const rule = RULES[field];
    if (!rule) continue;
    const columns = (rule.columns as readonly string[]).filter((column) => column in incoming);
    if (!columns.length) continue;
    const [sent, now, was] = [pick(incoming, columns), pick(current, columns), pick(before, columns)];
    if (sameValue(sent, was) || sameValue(sent, now)) {
      Object.assign(values, now);
      if (field === 'DATES') datesKept = true;
      for (const column of rule.texts ?? []) keepOrigins(languagesAdded(now[column], was[column]));
      continue;
    }
    if (!rule.texts) {
      delete kept[field];
      continue;
    }
    for (const column of rule.texts) {
      const added = languagesAdded(now[column], was[column]);
      const written = values[column] as Record<string, string> | null;
      const fill = Object.fromEntries(Object.entries(added).filter(([language]) => !written?.[language]));
      if (written && Object.keys(fill).length) values[column] = { ...fill, ...written };
      keepOrigins(fill);
    }
    // The office's new text is now what its system sends: a resend of it keeps the added languages.
    kept[field] = sent;
  }
  values.translationOrigin = origin;
  values.mergeContribution = kept;
  return { values: values as Values, datesKept };
}
