import { z } from 'astro/zod';
import { EVENT_STATUSES, MODERATION_STATES, type Language } from '@nfc/shared';
import { API_URL, ApiError, queryAs } from '../api';
import { visitorHeaders } from '../visitor';

export * from './event-form';

/** The event as the editor reads it back (EventView with its `editing` part). */
const Text = z.object({ fr: z.string(), en: z.string().nullable(), de: z.string().nullable() });
export const EditableEvent = z.object({
  id: z.string(),
  slug: z.string(),
  moderation: z.enum(MODERATION_STATES),
  rejectionReason: z.string().nullable(),
  status: z.enum(EVENT_STATUSES),
  previousStartDate: z.string().nullable(),
  isFree: z.boolean(),
  currency: z.string().nullable(),
  priceMin: z.number().nullable(),
  priceMax: z.number().nullable(),
  accessibility: z.array(z.string()),
  attendanceMode: z.string(),
  minAge: z.number().nullable(),
  maxAge: z.number().nullable(),
  onlineUrl: z.string().nullable(),
  bookingUrl: z.string().nullable(),
  organiserName: z.string().nullable(),
  machineTranslated: z.array(z.string()),
  categories: z.array(z.object({ id: z.string() })),
  place: z.object({ name: z.string().nullable(), streetAddress: z.string().nullable(), postalCode: z.string().nullable(), commune: z.object({ inseeCode: z.string() }), lat: z.number(), lon: z.number() }),
  image: z.object({ variants: z.array(z.object({ format: z.string(), width: z.number(), url: z.string() })) }).nullable(),
  occurrences: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })),
  editing: z
    .object({
      title: Text,
      shortDescription: Text.nullable(),
      longDescription: Text.nullable(),
      schedule: z.object({
        allDay: z.boolean(),
        dates: z.array(z.object({ start: z.string(), end: z.string().nullable() })).nullable(),
        recurrence: z.object({ start: z.string(), durationMinutes: z.number(), rule: z.string(), exceptions: z.array(z.string()), additions: z.array(z.string()) }).nullable(),
      }),
      imageId: z.string().nullable(),
      imageCredit: z.string().nullable(),
      imageAlt: Text.nullable(),
      registrationContact: z.string().nullable(),
      registrationContactPublic: z.boolean(),
      organiserContact: z.string().nullable(),
      organiserContactPublic: z.boolean(),
      locationApproximate: z.boolean(),
    })
    .nullable(),
});
export type EditableEvent = z.infer<typeof EditableEvent>;

export const EDITABLE_EVENT_FIELDS = `id slug moderation rejectionReason status previousStartDate isFree currency priceMin priceMax accessibility attendanceMode minAge maxAge onlineUrl bookingUrl organiserName machineTranslated
  categories { id } place { name streetAddress postalCode commune { inseeCode } lat lon } image { variants { format width url } } occurrences { startsAt endsAt }
  editing { title { fr en de } shortDescription { fr en de } longDescription { fr en de }
    schedule { allDay dates { start end } recurrence { start durationMinutes rule exceptions additions } }
    imageId imageCredit imageAlt { fr en de } registrationContact registrationContactPublic organiserContact organiserContactPublic locationApproximate }`;

export async function loadEditableEvent(token: string, id: string): Promise<EditableEvent | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  try {
    const data = await queryAs(token, z.object({ event: EditableEvent }), `query($id: ID!) { event(id: $id) { ${EDITABLE_EVENT_FIELDS} } }`, { id });
    return data.event.editing ? data.event : null;
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'NOT_FOUND' || error.code === 'BAD_USER_INPUT')) return null;
    throw error;
  }
}

// ---- Calls ----

const Validation = z.object({
  validateEvent: z.object({ valid: z.boolean(), errors: z.array(z.object({ field: z.string(), message: z.string() })), occurrences: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })), occurrenceCount: z.number(), longDescriptionHtml: Text.nullable() }),
});
export type Validation = z.infer<typeof Validation>['validateEvent'];

export async function validateEvent(token: string, input: Record<string, unknown>): Promise<Validation> {
  try {
    return (await queryAs(token, Validation, `mutation($i: EventInput!) { validateEvent(input: $i) { valid errors { field message } occurrences { startsAt endsAt } occurrenceCount longDescriptionHtml { fr en de } } }`, { i: input })).validateEvent;
  } catch (error) {
    // A value of the wrong GraphQL type (a malformed id, say) is refused before the dry run.
    if (error instanceof ApiError && error.code === 'BAD_USER_INPUT') return { valid: false, errors: error.fields.length ? error.fields : [{ field: '', message: error.message }], occurrences: [], occurrenceCount: 0, longDescriptionHtml: null };
    throw error;
  }
}

const Saved = z.object({ id: z.string(), moderation: z.enum(MODERATION_STATES) });
export async function saveEvent(token: string, id: string | null, input: Record<string, unknown>): Promise<z.infer<typeof Saved>> {
  if (id) return (await queryAs(token, z.object({ updateEvent: Saved }), `mutation($id: ID!, $i: EventInput!) { updateEvent(id: $id, input: $i) { id moderation } }`, { id, i: input })).updateEvent;
  return (await queryAs(token, z.object({ createEvent: Saved }), `mutation($i: EventInput!) { createEvent(input: $i) { id moderation } }`, { i: input })).createEvent;
}

export async function submitEvent(token: string, id: string): Promise<z.infer<typeof Saved>['moderation']> {
  return (await queryAs(token, z.object({ submitEvent: Saved }), `mutation($id: ID!) { submitEvent(id: $id) { id moderation } }`, { id })).submitEvent.moderation;
}

/** The image of a form posted without JavaScript, sent on to the API's upload (purpose EVENT_IMAGE). */
export async function uploadEventImage(token: string, file: File): Promise<{ id: string } | { error: string }> {
  const body = new FormData();
  body.append('file', file, file.name || 'image');
  const response = await fetch(`${API_URL}/uploads?purpose=EVENT_IMAGE`, { method: 'POST', headers: { ...visitorHeaders(), authorization: `Bearer ${token}` }, body }).catch(() => null);
  if (!response) return { error: 'SERVICE_UNAVAILABLE' };
  const answer = (await response.json().catch(() => ({}))) as { id?: string; errors?: Array<{ message: string }> };
  return response.status === 201 && answer.id ? { id: answer.id } : { error: answer.errors?.[0]?.message ?? 'UPLOAD_FAILED' };
}

// ---- My events ----

export const MyEvents = z.object({
  myEvents: z.object({
    totalCount: z.number(),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
    countsByState: z.array(z.object({ moderation: z.enum(MODERATION_STATES), count: z.number() })),
    countsByStatus: z.array(z.object({ status: z.enum(EVENT_STATUSES), count: z.number() })),
    nodes: z.array(
      z.object({
        id: z.string(),
        slug: z.string(),
        title: z.string(),
        moderation: z.enum(MODERATION_STATES),
        status: z.enum(EVENT_STATUSES),
        nextStartsAt: z.string().nullable(),
        allDay: z.boolean(),
        updatedAt: z.string(),
        place: z.object({ commune: z.object({ name: z.string() }) }),
        publisherId: z.string(),
        rejectionReason: z.string().nullable(),
      }),
    ),
  }),
});

export function myEvents(token: string, language: Language, filter: Record<string, unknown>, first: number, after: string | null) {
  return queryAs(
    token,
    MyEvents,
    `query($f: MyEventsFilter, $first: Int!, $after: String, $lang: Language) { myEvents(filter: $f, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } countsByState { moderation count } countsByStatus { status count }
      nodes { id slug title(lang: $lang) moderation status nextStartsAt allDay updatedAt publisherId rejectionReason place { commune { name } } } } }`,
    { f: filter, first, after, lang: language },
  );
}

/** The organisations the Pôle may narrow "My events" to (every one, for the Pôle). */
export async function organisationsInReach(token: string): Promise<Array<{ id: string; name: string }>> {
  const data = await queryAs(token, z.object({ organisations: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })) }), `{ organisations { id name kind } }`);
  return data.organisations.filter((o) => o.kind !== 'PARTNER').sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}
