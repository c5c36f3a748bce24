import { AGENDA_LIMITS } from '@nfc/shared';
import { DateTime } from 'luxon';
import { SourceFormatError, type SourceItem, type Text } from '../import.model';
import { asArray, finiteNumber, parseJson, shortened, textOf } from './text';

interface ApidaeLibelle {
  libelleFr?: string;
  libelleEn?: string;
  libelleDe?: string;
}

interface ApidaePeriode {
  dateDebut?: string;
  dateFin?: string;
  horaireOuverture?: string;
  horaireFermeture?: string;
  type?: string;
  /** With type OUVERTURE_SEMAINE: the days of the week it opens (LUNDI…DIMANCHE). */
  ouverturesJournalieres?: Array<{ jour?: string }>;
}

const WEEKDAYS: Record<string, number> = { LUNDI: 1, MARDI: 2, MERCREDI: 3, JEUDI: 4, VENDREDI: 5, SAMEDI: 6, DIMANCHE: 7 };

interface ApidaeObject {
  id?: number | string;
  identifiant?: number | string;
  type?: string;
  nom?: ApidaeLibelle;
  presentation?: { descriptifCourt?: ApidaeLibelle; descriptifDetaille?: ApidaeLibelle };
  localisation?: {
    adresse?: { adresse1?: string; adresse2?: string; adresse3?: string; codePostal?: string; commune?: { code?: string; nom?: string } };
    geolocalisation?: { geoJson?: { type?: string; coordinates?: [number, number] } };
  };
  ouverture?: { periodesOuvertures?: ApidaePeriode[] };
  illustrations?: Array<{ traductionFichiers?: Array<{ locale?: string; url?: string }>; copyright?: ApidaeLibelle }>;
  informationsFeteEtManifestation?: {
    nomLieu?: string;
    typesManifestation?: Array<ApidaeLibelle & { id?: number }>;
    categories?: Array<ApidaeLibelle & { id?: number }>;
    themes?: Array<ApidaeLibelle & { id?: number }>;
  };
  reservation?: { organismes?: Array<{ moyensCommunication?: Array<{ coordonnees?: { fr?: string } }> }> };
}

function text(libelle: ApidaeLibelle | undefined): Text {
  return { fr: libelle?.libelleFr, en: libelle?.libelleEn, de: libelle?.libelleDe };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^(\d{2}):(\d{2})/;

/** Categories are matched by id ("2083") and by French label ("Concert"), whichever the mapping names. */
function categoriesOf(object: ApidaeObject): string[] {
  const info = object.informationsFeteEtManifestation;
  return [...(info?.categories ?? []), ...(info?.typesManifestation ?? []), ...(info?.themes ?? [])].flatMap((entry) => [entry.id !== undefined ? String(entry.id) : null, entry.libelleFr ?? null]).filter((value): value is string => Boolean(value));
}

/**
 * Opening periods as our dates: a period of one day is one date (with its hours, if any); a
 * period of several days with hours is one date per day at those hours; without hours it is
 * one all-day date from its first to its last day. The event is all-day when no period has hours.
 */
function scheduleOf(periods: ApidaePeriode[]): SourceItem['schedule'] {
  const valid = periods.filter((p) => p.dateDebut && DAY.test(p.dateDebut.slice(0, 10)));
  if (!valid.length) return null;
  const allDay = !valid.some((p) => p.horaireOuverture && TIME.test(p.horaireOuverture));
  const dates: Array<{ start: string; end?: string }> = [];
  for (const period of valid) {
    const first = period.dateDebut!.slice(0, 10);
    const last = period.dateFin && DAY.test(period.dateFin.slice(0, 10)) && period.dateFin.slice(0, 10) >= first ? period.dateFin.slice(0, 10) : first;
    if (allDay) {
      dates.push({ start: first, end: last });
      continue;
    }
    const opens = TIME.exec(period.horaireOuverture ?? '') ? period.horaireOuverture!.slice(0, 5) : '00:00';
    const closes = TIME.exec(period.horaireFermeture ?? '') ? period.horaireFermeture!.slice(0, 5) : null;
    // A weekly period opens only on its days (none listed, or "TOUS": every day).
    const days = new Set((period.ouverturesJournalieres ?? []).map((entry) => WEEKDAYS[entry.jour ?? '']).filter((value): value is number => value !== undefined));
    for (let day = DateTime.fromISO(first, { zone: 'UTC' }); day.toFormat('yyyy-MM-dd') <= last && dates.length <= AGENDA_LIMITS.maxOccurrences; day = day.plus({ days: 1 })) {
      if (days.size && !days.has(day.weekday)) continue;
      const date = day.toFormat('yyyy-MM-dd');
      // Closing after midnight (a concert until 01:00) ends the next day.
      const endDay = closes && closes < opens ? day.plus({ days: 1 }).toFormat('yyyy-MM-dd') : date;
      dates.push({ start: `${date}T${opens}`, end: closes ? `${endDay}T${closes}` : `${date}T${opens}` });
    }
  }
  return { allDay, dates };
}

/**
 * An Apidae export: a JSON array of objects, or an object holding them (`objetsTouristiques`, as
 * the API's search answers), or one object. Only FETE_ET_MANIFESTATION objects are events; other
 * types are skipped (an export of a whole project mixes them).
 */
export function readApidae(content: string): SourceItem[] {
  const parsed = parseJson(content, 'an Apidae export');
  const objects: unknown[] = Array.isArray(parsed)
    ? parsed
    : parsed && typeof parsed === 'object' && Array.isArray((parsed as { objetsTouristiques?: unknown[] }).objetsTouristiques)
      ? (parsed as { objetsTouristiques: unknown[] }).objetsTouristiques
      : parsed && typeof parsed === 'object' && 'type' in parsed
        ? [parsed]
        : (() => {
            throw new SourceFormatError('An Apidae export is a list of objects (or { "objetsTouristiques": [...] }).');
          })();
  const items: SourceItem[] = [];
  for (const raw of objects) {
    if (!raw || typeof raw !== 'object') continue;
    const object = raw as ApidaeObject;
    if (object.type && object.type !== 'FETE_ET_MANIFESTATION') continue;
    const id = object.id ?? object.identifiant;
    const address = object.localisation?.adresse;
    const point = object.localisation?.geolocalisation?.geoJson;
    const long = textOf(text(object.presentation?.descriptifDetaille));
    const short = textOf(text(object.presentation?.descriptifCourt), shortened);
    const illustration = object.illustrations?.[0];
    const file = illustration?.traductionFichiers?.find((f) => f.locale === 'fr') ?? illustration?.traductionFichiers?.[0];
    const item: SourceItem = {
      externalId: id === undefined || id === null ? '' : String(id),
      title: text(object.nom),
      ...(short ? { shortDescription: short } : {}),
      ...(long ? { longDescription: long } : {}),
      categories: categoriesOf(object),
      place: {
        name: object.informationsFeteEtManifestation?.nomLieu,
        streetAddress: [address?.adresse1, address?.adresse2, address?.adresse3].filter(Boolean).join(', ') || undefined,
        postalCode: address?.codePostal,
        communeInsee: address?.commune?.code,
        communeName: address?.commune?.nom,
        // An export that asked only for `geoJson.coordinates` has no `type`.
        ...((point?.type ?? 'Point') === 'Point' && Array.isArray(point?.coordinates) ? { lon: finiteNumber(point!.coordinates![0]), lat: finiteNumber(point!.coordinates![1]) } : {}),
      },
      schedule: scheduleOf(asArray(object.ouverture?.periodesOuvertures)),
      ...(file?.url ? { imageUrl: file.url } : {}),
      ...(illustration?.copyright?.libelleFr ? { imageCredit: illustration.copyright.libelleFr.slice(0, 200) } : {}),
      notes: [],
    };
    if (!item.externalId) item.refusal = { code: 'MISSING_ID', message: 'An Apidae object without its id (id or identifiant).' };
    else if (!item.schedule) item.refusal = { code: 'NO_DATES', message: 'No opening period with a dateDebut.', field: 'schedule' };
    items.push(item);
  }
  return items;
}
