import type { EventStatus } from '@nfc/shared';
import { SourceFormatError, type SourceItem, type Text } from '../import.model';
import { asArray, finiteNumber, parisLocal, parseJson, shortened, textOf } from './text';

interface OpenAgendaEvent {
  uid?: number | string;
  title?: Text | string;
  description?: Text | string;
  longDescription?: Text | string;
  keywords?: Record<string, string[]> | string[];
  tags?: Array<{ slug?: string; label?: Text | string } | string>;
  categories?: Array<{ slug?: string; label?: Text | string } | string>;
  image?: string | { base?: string; filename?: string };
  imageCredits?: string;
  timings?: Array<{ start?: string; begin?: string; end?: string }>;
  location?: { name?: string; address?: string; postalCode?: string; city?: string; insee?: string; latitude?: number | string; longitude?: number | string };
  status?: number | string;
  registration?: Array<{ type?: string; value?: string }>;
}

/** OpenAgenda's event statuses (1 to 6), which are ours. */
const STATUS: Record<string, EventStatus> = { '1': 'SCHEDULED', '2': 'RESCHEDULED', '3': 'MOVED_ONLINE', '4': 'POSTPONED', '5': 'FULL', '6': 'CANCELLED' };

function textIn(value: Text | string | undefined): Text {
  return typeof value === 'string' ? { fr: value } : (value ?? {});
}

function labels(entries: OpenAgendaEvent['tags']): string[] {
  return asArray(entries).flatMap((entry) => (typeof entry === 'string' ? [entry] : [entry.slug, textIn(entry.label).fr].filter((value): value is string => Boolean(value))));
}

function imageOf(image: OpenAgendaEvent['image']): string | undefined {
  if (typeof image === 'string') return image;
  if (image?.base && image.filename) return `${image.base}${image.filename}`;
  return undefined;
}

/**
 * An OpenAgenda export (v2 events shape): `{ events: [...] }` or a list of events. Timings are
 * instants with offsets (`start`, or `begin` in the API), turned into Paris wall-clock dates;
 * keywords, tags and categories (slugs and French labels) are the source's categories.
 */
export function readOpenAgenda(content: string): SourceItem[] {
  const parsed = parseJson(content, 'an OpenAgenda export');
  const events = Array.isArray(parsed) ? parsed : Array.isArray((parsed as { events?: unknown[] })?.events) ? (parsed as { events: unknown[] }).events : null;
  if (!events) throw new SourceFormatError('An OpenAgenda export holds its events in "events".');
  return events.filter((raw): raw is OpenAgendaEvent => Boolean(raw) && typeof raw === 'object').map((event) => {
    const long = textOf(textIn(event.longDescription));
    const short = textOf(textIn(event.description), shortened);
    const keywords = Array.isArray(event.keywords) ? event.keywords : Object.values(event.keywords ?? {}).flat();
    const timings = asArray(event.timings).filter((t) => typeof (t.start ?? t.begin) === 'string');
    const registration = asArray(event.registration).find((entry) => entry.type === 'link' && entry.value?.startsWith('https://'));
    const item: SourceItem = {
      externalId: event.uid === undefined || event.uid === null ? '' : String(event.uid),
      title: textIn(event.title),
      ...(short ? { shortDescription: short } : {}),
      ...(long ? { longDescription: long } : {}),
      categories: [...keywords, ...labels(event.tags), ...labels(event.categories)],
      ...(event.status !== undefined && STATUS[String(event.status)] ? { status: STATUS[String(event.status)] } : {}),
      place: {
        name: event.location?.name,
        streetAddress: event.location?.address,
        postalCode: event.location?.postalCode,
        communeInsee: event.location?.insee,
        communeName: event.location?.city,
        lat: finiteNumber(event.location?.latitude),
        lon: finiteNumber(event.location?.longitude),
      },
      schedule: timings.length ? { allDay: false, dates: timings.map((t) => ({ start: parisLocal(t.start ?? t.begin!), end: t.end ? parisLocal(t.end) : parisLocal(t.start ?? t.begin!) })) } : null,
      ...(imageOf(event.image) ? { imageUrl: imageOf(event.image) } : {}),
      ...(event.imageCredits ? { imageCredit: event.imageCredits.slice(0, 200) } : {}),
      ...(registration?.value ? { bookingUrl: registration.value } : {}),
      notes: [],
    };
    if (!item.externalId) item.refusal = { code: 'MISSING_ID', message: 'An OpenAgenda event without its uid.' };
    else if (!item.schedule) item.refusal = { code: 'NO_DATES', message: 'No timings.', field: 'schedule' };
    return item;
  });
}
