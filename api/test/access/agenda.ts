import { uploadImage } from './organisations';
import { POLE, WITHOUT_ACCOUNT, allBut, outcomes, type AccessCase, type AccessScene } from '../access-table';

function eventInput(title = 'Concert au kiosque'): Record<string, unknown> {
  return {
    title: { fr: title },
    categories: ['concert'],
    isFree: true,
    place: { communeInsee: '90010' },
    schedule: { allDay: false, dates: [{ start: '2031-06-21T20:00', end: '2031-06-21T22:00' }] },
  };
}

type EventState = 'DRAFT' | 'PENDING' | 'PUBLISHED' | 'REJECTED_AFTER_PUBLICATION' | 'DELETED_DRAFT';

/** An event of office A (or B) in the given state, written through the API as its own system would. */
async function eventOf(scene: AccessScene, state: EventState, office: 'A' | 'B' = 'A'): Promise<string> {
  const token = scene.principals[office === 'A' ? 'agendaKey' : 'otherOffice'].token!;
  const neverPublished = state === 'DRAFT' || state === 'PENDING' || state === 'DELETED_DRAFT';
  const created = await scene.api.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: { ...eventInput(), draft: neverPublished } }, { token });
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  const id = created.data!.createEvent.id as string;
  const moderation = { DRAFT: 'DRAFT', PENDING: 'PENDING', PUBLISHED: null, REJECTED_AFTER_PUBLICATION: 'REJECTED', DELETED_DRAFT: 'DRAFT' }[state];
  if (moderation) await scene.dataSource.query(`UPDATE event SET moderation = $2, updated_at = now() WHERE id = $1`, [id, moderation]);
  if (state === 'DELETED_DRAFT') await scene.dataSource.query(`UPDATE event SET deleted_at = now(), updated_at = now() WHERE id = $1`, [id]);
  return id;
}

const NO_AGENDA_WRITE = ['brandKey', 'partner'] as const;
const OFFICE_A_WRITERS = ['officeAdmin', 'officeEditor', 'agendaKey'] as const;

/** Editing: another office may read a published event (FORBIDDEN), not a draft (NOT_FOUND). */
function editOutcome(state: 'DRAFT' | 'PUBLISHED') {
  return state === 'DRAFT'
    ? outcomes({ OK: [...OFFICE_A_WRITERS, ...POLE], NOT_FOUND: ['otherOffice'], FORBIDDEN: [...NO_AGENDA_WRITE], UNAUTHENTICATED: WITHOUT_ACCOUNT })
    : outcomes({ OK: [...OFFICE_A_WRITERS, ...POLE], FORBIDDEN: ['otherOffice', ...NO_AGENDA_WRITE], UNAUTHENTICATED: WITHOUT_ACCOUNT });
}

/** Every agenda operation that is not plainly public, with each viewer's outcome. */
export const agendaCases: AccessCase[] = [
  {
    operation: 'createEvent',
    state: 'a new event',
    prepare: async () => ({ query: `mutation($i: EventInput!) { createEvent(input: $i) { id } }`, variables: { i: eventInput() } }),
    expect: outcomes({ OK: [...OFFICE_A_WRITERS, 'otherOffice', ...POLE], FORBIDDEN: [...NO_AGENDA_WRITE], UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'validateEvent',
    state: 'a new event',
    prepare: async () => ({ query: `mutation($i: EventInput!) { validateEvent(input: $i) { valid } }`, variables: { i: eventInput() } }),
    expect: outcomes({ OK: [...OFFICE_A_WRITERS, 'otherOffice', ...POLE], FORBIDDEN: [...NO_AGENDA_WRITE], UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'upsertEvents',
    state: 'a new external id',
    prepare: async (_scene, viewer) => ({
      query: `mutation($e: [UpsertEventInput!]!) { upsertEvents(system: "access", events: $e) { ok code } }`,
      variables: { e: [{ externalId: `X-${viewer}`, event: eventInput() }] },
      sees: (data) => data.upsertEvents[0].ok === true,
    }),
    expect: outcomes({ OK: [...OFFICE_A_WRITERS, 'otherOffice', ...POLE], FORBIDDEN: [...NO_AGENDA_WRITE], UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'upsertEvents',
    state: "another office's external id",
    prepare: async (scene, viewer) => {
      const externalId = `B-${viewer}`;
      const upsert = `mutation($e: [UpsertEventInput!]!) { upsertEvents(system: "access-b", events: $e) { ok code } }`;
      const first = await scene.api.graphql(upsert, { e: [{ externalId, event: eventInput() }] }, { token: scene.principals.otherOffice.token! });
      if (!first.data?.upsertEvents[0].ok) throw new Error(JSON.stringify(first));
      return {
        query: `mutation($e: [UpsertEventInput!]!) { upsertEvents(system: "access-b", events: $e) { ok code } }`,
        variables: { e: [{ externalId, event: eventInput('Repris par un autre') }] },
        sees: (data) => data.upsertEvents[0].ok === true,
      };
    },
    // Ids are each office's own: the same (system, id) from another office is another event of its own.
    expect: outcomes({ OK: [...OFFICE_A_WRITERS, 'otherOffice', ...POLE], FORBIDDEN: [...NO_AGENDA_WRITE], UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  ...(['DRAFT', 'PUBLISHED'] as const).flatMap((state): AccessCase[] => [
    {
      operation: 'updateEvent',
      state: `office A's ${state.toLowerCase()} event`,
      prepare: async (scene) => ({ query: `mutation($id: ID!, $i: EventInput!) { updateEvent(id: $id, input: $i) { id } }`, variables: { id: await eventOf(scene, state), i: eventInput('Nouveau titre') } }),
      expect: editOutcome(state),
    },
    {
      operation: 'deleteEvent',
      state: `office A's ${state.toLowerCase()} event`,
      prepare: async (scene) => ({ query: `mutation($id: ID!) { deleteEvent(id: $id) { id } }`, variables: { id: await eventOf(scene, state) } }),
      expect: editOutcome(state),
    },
    {
      operation: 'cancelEvent',
      state: `office A's ${state.toLowerCase()} event`,
      prepare: async (scene) => ({ query: `mutation($id: ID!) { cancelEvent(id: $id) { id } }`, variables: { id: await eventOf(scene, state) } }),
      expect: editOutcome(state),
    },
    {
      operation: 'featureEvent',
      state: `office A's ${state.toLowerCase()} event`,
      prepare: async (scene) => ({ query: `mutation($id: ID!) { featureEvent(id: $id) { id } }`, variables: { id: await eventOf(scene, state) } }),
      expect: outcomes({
        [state === 'DRAFT' ? 'NOT_FOUND' : 'OK']: ['otherOffice', ...POLE],
        BAD_USER_INPUT: [...OFFICE_A_WRITERS],
        FORBIDDEN: [...NO_AGENDA_WRITE],
        UNAUTHENTICATED: WITHOUT_ACCOUNT,
      }),
    },
    {
      operation: 'event',
      state: `office A's ${state.toLowerCase()} event`,
      prepare: async (scene) => {
        const id = await eventOf(scene, state);
        return { query: `query($id: ID!) { event(id: $id) { id } }`, variables: { id } };
      },
      expect: state === 'DRAFT'
        ? outcomes({ OK: [...OFFICE_A_WRITERS, ...POLE], NOT_FOUND: ['otherOffice', ...NO_AGENDA_WRITE, ...WITHOUT_ACCOUNT] })
        : outcomes({ OK: allBut([]) }),
    },
    {
      operation: 'eventBySlug',
      state: `office A's ${state.toLowerCase()} event`,
      prepare: async (scene) => {
        const id = await eventOf(scene, state);
        const [{ slug }] = await scene.dataSource.query(`SELECT slug FROM event WHERE id = $1`, [id]);
        return { query: `query($s: String!) { eventBySlug(slug: $s) { id } }`, variables: { s: slug } };
      },
      expect: state === 'DRAFT'
        ? outcomes({ OK: [...OFFICE_A_WRITERS, ...POLE], NOT_FOUND: ['otherOffice', ...NO_AGENDA_WRITE, ...WITHOUT_ACCOUNT] })
        : outcomes({ OK: allBut([]) }),
    },
  ]),
  {
    operation: 'updateEvent',
    state: "office A's published event with its image, kept",
    prepare: async (scene) => {
      const image = await uploadImage(scene);
      const withImage = { ...eventInput(), imageUploadId: image, imageAlt: { fr: 'La scène' } };
      const created = await scene.api.graphql(`mutation($i: EventInput!) { createEvent(input: $i) { id } }`, { i: withImage }, { token: scene.principals.agendaKey.token! });
      if (created.errors) throw new Error(JSON.stringify(created.errors));
      return { query: `mutation($id: ID!, $i: EventInput!) { updateEvent(id: $id, input: $i) { image { credit } } }`, variables: { id: created.data!.createEvent.id, i: { ...withImage, imageCredit: '© OT' } } };
    },
    // The Pôle keeps the office's image when it edits the event; it never attaches another office's upload.
    expect: editOutcome('PUBLISHED'),
  },
  {
    operation: 'submitEvent',
    state: "office A's draft",
    prepare: async (scene) => ({ query: `mutation($id: ID!) { submitEvent(id: $id) { id } }`, variables: { id: await eventOf(scene, 'DRAFT') } }),
    expect: outcomes({ OK: [...OFFICE_A_WRITERS, ...POLE], NOT_FOUND: ['otherOffice'], FORBIDDEN: [...NO_AGENDA_WRITE], UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  ...(['publishEvent', 'rejectEvent'] as const).map((operation): AccessCase => ({
    operation,
    state: "office A's event under review",
    prepare: async (scene) => ({ query: `mutation($id: ID!) { ${operation}(id: $id${operation === 'rejectEvent' ? ', reason: "Lieu manquant."' : ''}) { id } }`, variables: { id: await eventOf(scene, 'PENDING') } }),
    expect: outcomes({ OK: POLE, FORBIDDEN: allBut(POLE, WITHOUT_ACCOUNT), UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  })),
  {
    operation: 'mergeEvents',
    state: 'two published events of two offices',
    prepare: async (scene) => ({ query: `mutation($k: ID!, $m: ID!) { mergeEvents(keepId: $k, mergeId: $m) { id } }`, variables: { k: await eventOf(scene, 'PUBLISHED'), m: await eventOf(scene, 'PUBLISHED', 'B') } }),
    expect: outcomes({ OK: POLE, FORBIDDEN: allBut(POLE, WITHOUT_ACCOUNT), UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  // events (espace pro): "My events" lists the office's own in every state, never another's.
  ...(['DRAFT', 'PUBLISHED'] as const).map((state): AccessCase => ({
    operation: 'myEvents',
    state: `office A's ${state.toLowerCase()} event`,
    prepare: async (scene) => {
      const id = await eventOf(scene, state);
      return { query: `{ myEvents(first: 100) { totalCount countsByState { count } nodes { id } } }`, sees: (data) => data.myEvents.nodes.some((e: { id: string }) => e.id === id) };
    },
    expect: outcomes({ OK: [...OFFICE_A_WRITERS, ...POLE], HIDDEN: ['otherOffice'], FORBIDDEN: [...NO_AGENDA_WRITE], UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  })),
  {
    operation: 'pendingEvents',
    state: "office A's event under review",
    prepare: async (scene) => {
      const id = await eventOf(scene, 'PENDING');
      return { query: `{ pendingEvents { id } }`, sees: (data) => data.pendingEvents.some((e: { id: string }) => e.id === id) };
    },
    expect: outcomes({ OK: POLE, FORBIDDEN: allBut(POLE, WITHOUT_ACCOUNT), UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'duplicateCandidates',
    state: 'any',
    prepare: async () => ({ query: `{ duplicateCandidates { similarity } }` }),
    expect: outcomes({ OK: POLE, FORBIDDEN: allBut(POLE, WITHOUT_ACCOUNT), UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'setAgendaReview',
    state: 'office A',
    prepare: async (scene) => ({ query: `mutation($o: ID!) { setAgendaReview(organisationId: $o, required: false) }`, variables: { o: scene.office.id } }),
    // The partner's administrator manages an organisation, not this one: it looks missing.
    expect: outcomes({ OK: ['officeAdmin', 'poleAdmin'], NOT_FOUND: ['partner'], FORBIDDEN: ['officeEditor', 'otherOffice', 'agendaKey', 'brandKey', 'poleEditor', 'poleKey'], UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  ...(
    [
      ['DELETED_DRAFT', "office A's deleted draft"],
      ['REJECTED_AFTER_PUBLICATION', "office A's event rejected after publication"],
      ['DRAFT', "office A's draft"],
    ] as const
  ).map(([state, words]): AccessCase => ({
    operation: 'eventChanges',
    state: words,
    prepare: async (scene) => {
      const since = new Date(Date.now() - 1000).toISOString();
      const id = await eventOf(scene, state);
      return { query: `query($s: DateTimeISO!) { eventChanges(since: $s, first: 100) { changes { id deleted } } }`, variables: { s: since }, sees: (data) => data.eventChanges.changes.some((c: { id: string }) => c.id === id) };
    },
    // Once public, always in the public feed (as a deletion); never public, only its office and the Pôle see it.
    expect: state === 'REJECTED_AFTER_PUBLICATION' ? outcomes({ OK: allBut([]) }) : outcomes({ OK: [...OFFICE_A_WRITERS, ...POLE], HIDDEN: ['otherOffice', ...NO_AGENDA_WRITE, ...WITHOUT_ACCOUNT] }),
  })),
  {
    operation: 'dashboard',
    state: "office A's upcoming published event without an image",
    prepare: async (scene) => {
      await eventOf(scene, 'PUBLISHED');
      return { query: `{ dashboard { agenda { withoutImage { organisationId count } } } }`, sees: (data) => Boolean(data.dashboard.agenda?.withoutImage.some((row: { organisationId: string }) => row.organisationId === scene.office.id)) };
    },
    // The counts are row-filtered: an office counts its own events, the Pôle every office's.
    expect: outcomes({ OK: [...OFFICE_A_WRITERS, ...POLE], HIDDEN: ['otherOffice', ...NO_AGENDA_WRITE], UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
];
