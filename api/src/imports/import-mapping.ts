import { foldForSearch } from '@nfc/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { EventDateInput, EventInput, EventLongTextInput, EventPlaceInput, EventRecurrenceInput, EventScheduleInput, EventShortTextInput, EventTitleInput } from '../agenda/event.inputs';
import { TerritoryService } from '../territory/territory.service';
import type { ImportSource } from './import.entities';
import type { SourceItem, Text } from './import.model';

function instance<T extends object>(Type: new () => T, values: Partial<T>): T {
  return Object.assign(new Type(), Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)));
}

/** Our model needs French: a source that has only English or German gives that as the French text too. */
function text<T extends { fr: string; en?: string; de?: string }>(Type: new () => T, value: Text | undefined): T | undefined {
  const fr = value?.fr ?? value?.en ?? value?.de;
  return fr ? instance(Type, { fr, en: value?.en, de: value?.de } as Partial<T>) : undefined;
}

/** The source's categories through the source's table (case and accents ignored), or its default. */
export function mapCategories(source: Pick<ImportSource, 'categoryMapping' | 'defaultCategory'>, categories: string[]): string[] {
  const table = new Map(Object.entries(source.categoryMapping ?? {}).map(([from, to]) => [foldForSearch(from), to]));
  const mapped = [...new Set(categories.map((category) => table.get(foldForSearch(category))).filter((value): value is string => Boolean(value)))];
  return (mapped.length ? mapped : [source.defaultCategory]).slice(0, 5);
}

/**
 * Finds the commune of an item: its INSEE code when it is one of ours; else the point (the
 * territory's point-in-polygon); else its postal code and name. Anything else is left as the
 * source gave it, so that the event's own check says why (outside the territory, unknown).
 */
export class CommuneFinder {
  private readonly territory: TerritoryService;
  private communes?: Promise<Array<{ insee_code: string; name: string; postal_codes: string[] }>>;

  constructor(private readonly dataSource: DataSource) {
    this.territory = new TerritoryService(dataSource);
  }

  private all() {
    return (this.communes ??= this.dataSource.query(`SELECT insee_code, name, postal_codes FROM commune`));
  }

  async find(place: SourceItem['place']): Promise<string> {
    const communes = await this.all();
    if (place.communeInsee && communes.some((c) => c.insee_code === place.communeInsee)) return place.communeInsee;
    if (place.lat !== undefined && place.lon !== undefined && Math.abs(place.lat) <= 90 && Math.abs(place.lon) <= 180) {
      const commune = await this.territory.communeAt(place.lat, place.lon);
      if (commune) return commune.inseeCode;
    }
    if (place.postalCode) {
      const candidates = communes.filter((c) => (c.postal_codes ?? []).includes(place.postalCode!));
      const name = foldForSearch(place.communeName ?? '');
      const named = candidates.filter((c) => name.includes(foldForSearch(c.name)));
      if (named.length === 1) return named[0]!.insee_code;
      if (candidates.length === 1) return candidates[0]!.insee_code;
    }
    return place.communeInsee ?? '';
  }
}

/** One item as our EventInput, checked afterwards by the event service like any other. */
export async function toEventInput(item: SourceItem, source: Pick<ImportSource, 'categoryMapping' | 'defaultCategory'>, communes: CommuneFinder, imageUploadId?: string): Promise<EventInput> {
  const schedule = item.schedule!;
  const communeInsee = await communes.find(item.place);
  return instance(EventInput, {
    title: text(EventTitleInput, item.title) ?? instance(EventTitleInput, { fr: '' }),
    shortDescription: text(EventShortTextInput, item.shortDescription),
    longDescription: text(EventLongTextInput, item.longDescription),
    categories: mapCategories(source, item.categories),
    status: item.status ?? 'SCHEDULED',
    attendanceMode: 'OFFLINE',
    isFree: false,
    draft: false,
    bookingUrl: item.bookingUrl,
    organiserName: item.organiserName?.slice(0, 200),
    imageUploadId,
    imageCredit: imageUploadId ? item.imageCredit : undefined,
    place: instance(EventPlaceInput, {
      name: item.place.name?.slice(0, 200),
      streetAddress: item.place.streetAddress?.slice(0, 300),
      postalCode: item.place.postalCode && /^\d{5}$/.test(item.place.postalCode) ? item.place.postalCode : undefined,
      communeInsee,
      lat: item.place.lat !== undefined && item.place.lon !== undefined ? item.place.lat : undefined,
      lon: item.place.lat !== undefined && item.place.lon !== undefined ? item.place.lon : undefined,
    }),
    schedule: instance(EventScheduleInput, {
      allDay: schedule.allDay,
      dates: schedule.dates ? schedule.dates.map((date) => instance(EventDateInput, { start: date.start, end: date.end ?? undefined })) : undefined,
      recurrence: schedule.recurrence
        ? instance(EventRecurrenceInput, {
            start: schedule.recurrence.start,
            durationMinutes: schedule.recurrence.durationMinutes,
            rule: schedule.recurrence.rule,
            exceptions: schedule.recurrence.exceptions ?? undefined,
            additions: schedule.recurrence.additions ?? undefined,
          })
        : undefined,
    }),
  });
}

export type Db = DataSource | EntityManager;
