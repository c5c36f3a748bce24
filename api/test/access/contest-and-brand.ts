import { siretFromParts } from '@nfc/shared';
import { randomBytes, randomUUID } from 'node:crypto';
import { POLE, WITHOUT_ACCOUNT, allBut, contestInput, outcomes, type AccessCase, type AccessScene, type Outcome, type ViewerName } from '../access-table';

const WITH_ACCOUNT = allBut(WITHOUT_ACCOUNT);
const unique = () => randomBytes(4).toString('hex');

/** A Pôle operation: the Pôle reaches `poleOutcome`, other accounts lack the scope, the rest are not signed in. */
function pole(operation: string, state: string, prepare: AccessCase['prepare'], poleOutcome: Outcome = 'OK'): AccessCase {
  const others = allBut(POLE, WITHOUT_ACCOUNT);
  const groups = poleOutcome === 'FORBIDDEN' ? { FORBIDDEN: [...POLE, ...others] } : { [poleOutcome]: POLE, FORBIDDEN: others };
  return { operation, state, prepare, expect: outcomes({ ...groups, UNAUTHENTICATED: WITHOUT_ACCOUNT }) };
}

/** A contest participant's operation: only that role's session reaches it (its rows filtered to its own). */
function participant(role: ViewerName, operation: string, state: string, prepare: AccessCase['prepare'], roleOutcome: Outcome): AccessCase {
  return { operation, state, prepare, expect: outcomes({ [roleOutcome]: [role], UNAUTHENTICATED: allBut([role]) }) };
}

/** An operation anyone may call, with the same answer whoever asks. */
function open(operation: string, state: string, prepare: AccessCase['prepare'], outcome: Outcome): AccessCase {
  return { operation, state, prepare, expect: outcomes({ [outcome]: allBut([]) }) };
}

const NOBODY = () => randomUUID();

export const contestCases: AccessCase[] = [
  pole('createContest', 'a new contest', async () => ({ query: `mutation($i: CreateContestInput!) { createContest(input: $i) { id } }`, variables: { i: contestInput(`c-${unique()}`) } })),
  pole('updateContestWindows', 'the open contest', async (scene) => {
    const { slug: _slug, title: _t, summary: _s, rules: _r, maxEntriesTotal: _m, licenceUses: _l, licenceYears: _y, ...windows } = contestInput('x');
    return { query: `mutation($id: ID!, $w: ContestWindowsInput!) { updateContestWindows(id: $id, windows: $w) { id } }`, variables: { id: scene.contestId, w: windows } };
  }),
  pole('publishContestRules', 'the open contest', async (scene) => ({ query: `mutation($id: ID!) { publishContestRules(id: $id, body: { fr: "Règlement révisé" }) }`, variables: { id: scene.contestId } })),
  pole('moderationQueue', 'the open contest', async (scene) => ({ query: `query($id: ID!) { moderationQueue(contestId: $id, states: [PENDING_MODERATION], first: 10, language: fr) { id } }`, variables: { id: scene.contestId } })),
  pole('moderateEntry', 'an unknown entry', async () => ({ query: `mutation($id: ID!) { moderateEntry(id: $id, decision: APPROVED) { id } }`, variables: { id: NOBODY() } }), 'NOT_FOUND'),
  pole('disqualificationPreview', 'an unknown entry', async () => ({ query: `query($id: ID!) { disqualificationPreview(entryId: $id) { votesVoided } }`, variables: { id: NOBODY() } }), 'NOT_FOUND'),
  pole('disqualifyEntry', 'an unknown entry', async () => ({ query: `mutation($id: ID!) { disqualifyEntry(entryId: $id, reason: "Photo d’un tiers") { id } }`, variables: { id: NOBODY() } }), 'NOT_FOUND'),
  pole('setContestJuryWeight', 'the open contest', async (scene) => ({ query: `mutation($id: ID!) { setContestJuryWeight(contestId: $id, juryWeight: null) { juryWeight } }`, variables: { id: scene.contestId } })),
  pole('inviteJuror', 'a new juror', async (scene) => ({ query: `mutation($id: ID!, $e: String!) { inviteJuror(contestId: $id, email: $e, fullName: "Juré", language: fr) { id } }`, variables: { id: scene.contestId, e: `juror-${unique()}@example.org` } })),
  pole('jurors', 'the open contest', async (scene) => ({ query: `query($id: ID!) { jurors(contestId: $id) { id } }`, variables: { id: scene.contestId } })),
  pole('declareJurorConflict', 'an unknown juror and entry', async () => ({ query: `mutation($j: ID!, $e: ID!) { declareJurorConflict(jurorId: $j, entryId: $e) }`, variables: { j: NOBODY(), e: NOBODY() } }), 'NOT_FOUND'),
  // Photos can still be sent: the first round would leave later entries out (OUTSIDE_WINDOW answers FORBIDDEN).
  pole('openJuryRound', 'a contest still taking photos', async (scene) => ({ query: `mutation($id: ID!) { openJuryRound(contestId: $id, scale: STARS, quorum: 1, isFinal: true) { id } }`, variables: { id: scene.contestId } }), 'FORBIDDEN'),
  pole('juryRounds', 'the open contest', async (scene) => ({ query: `query($id: ID!) { juryRounds(contestId: $id) { id } }`, variables: { id: scene.contestId } })),
  pole('juryRoundPreview', 'an unknown round', async () => ({ query: `query($id: ID!) { juryRoundPreview(roundId: $id, threshold: 3, language: fr) { advances } }`, variables: { id: NOBODY() } }), 'NOT_FOUND'),
  pole('completeJuryAssignments', 'an unknown round', async () => ({ query: `mutation($id: ID!) { completeJuryAssignments(roundId: $id) { id } }`, variables: { id: NOBODY() } }), 'NOT_FOUND'),
  pole('closeJuryRound', 'an unknown round', async () => ({ query: `mutation($id: ID!) { closeJuryRound(roundId: $id, threshold: 3) { id } }`, variables: { id: NOBODY() } }), 'NOT_FOUND'),
  // The contest's own state rules answer FORBIDDEN ("not before the vote closes"), after the scope check.
  pole('publishContestResults', 'a contest whose vote is still to come', async (scene) => ({ query: `mutation($id: ID!) { publishContestResults(contestId: $id) { id } }`, variables: { id: scene.contestId } }), 'FORBIDDEN'),
  pole('withdrawContestResults', 'results not published', async (scene) => ({ query: `mutation($id: ID!) { withdrawContestResults(contestId: $id, reason: "Erreur") { id } }`, variables: { id: scene.contestId } }), 'CONFLICT'),
  pole('contestCampaignReport', 'the open contest', async (scene) => ({ query: `query($id: ID!) { contestCampaignReport(contestId: $id, format: CSV) { filename } }`, variables: { id: scene.contestId } })),
  pole('contestResultsLog', 'the open contest', async (scene) => ({ query: `query($id: ID!) { contestResultsLog(contestId: $id) { action } }`, variables: { id: scene.contestId } })),

  participant('entrant', 'myContestEntries', 'an entrant session', async () => ({ query: `{ myContestEntries(language: fr) { entries { id } } }` }), 'NOT_FOUND'),
  participant('entrant', 'myContestData', 'an entrant session', async () => ({ query: `{ myContestData }` }), 'NOT_FOUND'),
  participant('entrant', 'submitEntry', "an upload that is not the entrant's", async () => ({
    query: `mutation($u: ID!, $i: EntryInput!) { submitEntry(uploadId: $u, input: $i) { id } }`,
    variables: { u: NOBODY(), i: { categoryId: NOBODY(), title: 'Titre', altText: 'Texte', communeInsee: '90010', peoplePresent: false, peopleConsent: false } },
  }), 'NOT_FOUND'),
  participant('entrant', 'updateEntry', "another entrant's entry", async () => ({
    query: `mutation($id: ID!, $i: EntryInput!) { updateEntry(id: $id, input: $i) { id } }`,
    variables: { id: NOBODY(), i: { categoryId: NOBODY(), title: 'Titre', altText: 'Texte', communeInsee: '90010', peoplePresent: false, peopleConsent: false } },
  }), 'NOT_FOUND'),
  // The scene's entrant session names an entrant that does not exist.
  participant('entrant', 'remindMyGuardian', 'an entrant session whose entrant is gone', async () => ({ query: `mutation { remindMyGuardian { sentTo } }` }), 'NOT_FOUND'),
  participant('entrant', 'acceptContestRules', 'an entrant session whose entrant is gone', async () => ({ query: `mutation { acceptContestRules(version: 1) }` }), 'NOT_FOUND'),
  participant('entrant', 'withdrawEntry', "another entrant's entry", async () => ({ query: `mutation($id: ID!) { withdrawEntry(id: $id) { id } }`, variables: { id: NOBODY() } }), 'NOT_FOUND'),
  // Erasure is idempotent: an entrant already gone is erased.
  participant('entrant', 'eraseMyContestData', 'an entrant session whose entrant is gone', async () => ({ query: `mutation { eraseMyContestData }` }), 'OK'),
  participant('voter', 'ballot', 'an unknown category', async () => ({ query: `query($c: ID!) { ballot(category: $c, language: fr) { entries { id } } }`, variables: { c: NOBODY() }, sees: (data) => data.ballot.entries.length > 0 }), 'HIDDEN'),
  participant('voter', 'castVote', 'a vote not open yet', async () => ({ query: `mutation($e: ID!) { castVote(entryId: $e) }`, variables: { e: NOBODY() } }), 'FORBIDDEN'),
  participant('juror', 'juryAssignments', 'a juror with nothing assigned', async () => ({ query: `{ juryAssignments(language: fr) { roundId } }`, sees: (data) => data.juryAssignments.length > 0 }), 'HIDDEN'),
  participant('juror', 'scoreEntry', 'an entry not assigned to this juror', async () => ({ query: `mutation($e: ID!, $r: ID!) { scoreEntry(entryId: $e, roundId: $r, score: 3) }`, variables: { e: NOBODY(), r: NOBODY() } }), 'NOT_FOUND'),
  participant('juror', 'declareConflict', 'an entry not assigned to this juror', async () => ({ query: `mutation($e: ID!) { declareConflict(entryId: $e) }`, variables: { e: NOBODY() } }), 'NOT_FOUND'),

  open('registerEntrant', 'a new resident', async (scene: AccessScene, viewer) => {
    const rules = (await scene.api.graphql(`{ contest(slug: "access") { rules { version } } }`)).data!.contest.rules.version as number;
    return {
      query: `mutation($i: RegisterEntrantInput!) { registerEntrant(contest: "access", input: $i) { sentTo } }`,
      variables: { i: { email: `resident-${viewer}-${unique()}@example.org`, fullName: 'Camille', communeInsee: '90010', ageBand: 'ADULT', acceptedRulesVersion: rules, acceptLicence: true, creditLine: 'Camille', language: 'fr' } },
    };
  }, 'OK'),
  open('requestEntrantCode', 'an unknown address', async (_scene, viewer) => ({ query: `mutation($e: String!) { requestEntrantCode(contest: "access", email: $e) { sentTo } }`, variables: { e: `unknown-${viewer}@example.org` } }), 'OK'),
  open('verifyEntrant', 'a wrong code', async (_scene, viewer) => ({ query: `mutation($e: String!) { verifyEntrant(contest: "access", email: $e, code: "000000") { token } }`, variables: { e: `unknown-${viewer}@example.org` } }), 'BAD_USER_INPUT'),
  open('requestJurorCode', 'an unknown address', async (_scene, viewer) => ({ query: `mutation($e: String!) { requestJurorCode(contest: "access", email: $e) { sentTo } }`, variables: { e: `unknown-juror-${viewer}@example.org` } }), 'OK'),
  open('verifyJuror', 'a wrong code', async (_scene, viewer) => ({ query: `mutation($e: String!) { verifyJuror(contest: "access", email: $e, code: "000000") { token } }`, variables: { e: `unknown-juror-${viewer}@example.org` } }), 'BAD_USER_INPUT'),
  // State rules of the contest answer FORBIDDEN (outside the vote's window), whoever asks.
  open('requestVoterCode', 'a vote not open yet', async (_scene, viewer) => ({ query: `mutation($e: String!) { requestVoterCode(contest: "access", email: $e, language: fr) { sentTo } }`, variables: { e: `voter-${viewer}@example.org` } }), 'FORBIDDEN'),
  open('verifyVoter', 'a wrong code', async (_scene, viewer) => ({ query: `mutation($e: String!) { verifyVoter(contest: "access", email: $e, code: "000000") { token } }`, variables: { e: `voter-${viewer}@example.org` } }), 'BAD_USER_INPUT'),
  open('confirmGuardianConsent', 'an unknown entrant', async () => ({ query: `mutation($id: ID!) { confirmGuardianConsent(entrantId: $id, code: "000000") }`, variables: { id: NOBODY() } }), 'BAD_USER_INPUT'),
  open('openGuardianConsent', 'an unknown entrant', async () => ({ query: `mutation($id: ID!) { openGuardianConsent(participant: $id, code: "000000") { entrantName } }`, variables: { id: NOBODY() } }), 'BAD_USER_INPUT'),
  open('decideGuardianConsent', 'an unknown entrant', async () => ({ query: `mutation($id: ID!) { decideGuardianConsent(participant: $id, code: "000000", decision: CONSENT) }`, variables: { id: NOBODY() } }), 'BAD_USER_INPUT'),
  open('requestGuardianCode', 'an unknown entrant (same answer as a known one)', async () => ({ query: `mutation($id: ID!) { requestGuardianCode(participant: $id) }`, variables: { id: NOBODY() } }), 'OK'),
  // Out of a moderator's reach, a release looks missing; for the Pôle too when the entry has none.
  open('contestEntryRelease', 'an entry without a release (unknown)', async () => ({ query: `query($id: ID!) { contestEntryRelease(entryId: $id) { filename } }`, variables: { id: NOBODY() } }), 'NOT_FOUND'),
  open('contestEntry', 'an entry that is not approved (unknown)', async () => ({ query: `query($id: ID!) { contestEntry(id: $id, language: fr) { id } }`, variables: { id: NOBODY() } }), 'NOT_FOUND'),
];

/** The communication kit's non-public side: the Pôle edits it, partners sign its charter. */
export const brandCases: AccessCase[] = [
  pole('publishBrandCharter', 'a new charter text', async () => ({ query: `mutation { publishBrandCharter(text: { fr: "Charte d'usage du logo" }) { version } }` })),
  pole('saveColourSwatch', 'a new colour', async () => ({ query: `mutation($s: String!) { saveColourSwatch(input: { slug: $s, hex: "#123456", name: { fr: "Bleu" } }) { slug } }`, variables: { s: `c-${unique()}` } })),
  pole('brandDownloadStats', 'this year', async () => ({ query: `query($f: DateTimeISO!, $t: DateTimeISO!) { brandDownloadStats(from: $f, to: $t) { count } }`, variables: { f: '2026-01-01T00:00:00Z', t: '2027-01-01T00:00:00Z' } })),
  pole('publishBrandAssetVersion', 'an unknown upload', async () => ({ query: `mutation($u: ID!) { publishBrandAssetVersion(slug: "logo", uploadId: $u) { version } }`, variables: { u: NOBODY() } }), 'NOT_FOUND'),
  {
    operation: 'decidePartner',
    state: 'a partner waiting for approval',
    prepare: async (scene) => ({ query: `mutation($o: ID!) { decidePartner(organisationId: $o, approve: true) }`, variables: { o: await pendingPartner(scene) } }),
    expect: outcomes({ OK: ['poleAdmin'], FORBIDDEN: allBut(['poleAdmin'], WITHOUT_ACCOUNT), UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  // kit (pro-kit): the Pôle's side of the kit.
  pole('partnerRequests', 'a partner waiting for approval', async (scene) => {
    const id = await pendingPartner(scene);
    return { query: `{ partnerRequests(statuses: [PENDING]) { organisationId name contacts { email } } }`, sees: (data) => data.partnerRequests.some((p: { organisationId: string }) => p.organisationId === id) };
  }),
  pole('brandCharterStanding', 'the charter in force', async () => ({ query: `{ brandCharterStanding { version acceptedCount approvedAwaitingCount } }` })),
  pole('previewBrandAssetVersion', 'an unknown upload', async () => ({ query: `query($u: ID!) { previewBrandAssetVersion(slug: "logo", uploadId: $u) { nextVersion } }`, variables: { u: NOBODY() } }), 'NOT_FOUND'),
  {
    operation: 'decidePartner',
    state: 'a refusal without a reason',
    prepare: async (scene) => ({ query: `mutation($o: ID!) { decidePartner(organisationId: $o, approve: false, reason: "  ") }`, variables: { o: await pendingPartner(scene) } }),
    expect: outcomes({ BAD_USER_INPUT: ['poleAdmin'], FORBIDDEN: allBut(['poleAdmin'], WITHOUT_ACCOUNT), UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  open('confirmPartnerEmail', 'a link that is not one', async () => ({ query: `mutation { confirmPartnerEmail(token: "not-a-token") }` }), 'BAD_USER_INPUT'),
  {
    operation: 'resendPartnerConfirmation',
    state: 'an account that is not a registered partner',
    prepare: async () => ({ query: `mutation { resendPartnerConfirmation }` }),
    expect: outcomes({ FORBIDDEN: WITH_ACCOUNT, UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'updatePartnerProfile',
    state: 'an account that is not a registered partner (or not its administrator)',
    prepare: async () => ({ query: `mutation { updatePartnerProfile(input: { listInDirectory: true }) { listed } }` }),
    expect: outcomes({ FORBIDDEN: WITH_ACCOUNT, UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  // Lockups are an approved partner's: the scene's partner has no partner profile, so nobody here reaches them.
  ...['myPartnerLogo', 'attachPartnerLogo', 'removePartnerLogo'].map((operation): AccessCase => ({
    operation,
    state: 'an account that is not an approved partner',
    prepare: async () => ({
      query: { myPartnerLogo: `{ myPartnerLogo { version } }`, attachPartnerLogo: `mutation($u: ID!) { attachPartnerLogo(uploadId: $u) { version } }`, removePartnerLogo: `mutation { removePartnerLogo }` }[operation]!,
      variables: operation === 'attachPartnerLogo' ? { u: NOBODY() } : {},
    }),
    expect: outcomes({ FORBIDDEN: WITH_ACCOUNT, UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  })),
  open('subscribeToKitUpdates', 'any address (the answer says nothing about it)', async () => ({ query: `mutation($e: String!) { subscribeToKitUpdates(email: $e) }`, variables: { e: `kit-${unique()}@example.org` } }), 'OK'),
  open('confirmKitSubscription', 'a forged link', async () => ({ query: `mutation { confirmKitSubscription(token: "forged") }` }), 'BAD_USER_INPUT'),
  open('unsubscribeFromKitUpdates', 'a forged link', async () => ({ query: `mutation { unsubscribeFromKitUpdates(token: "forged") }` }), 'BAD_USER_INPUT'),
  open('registerPartner', 'a new partner', async () => ({ query: `mutation($i: RegisterPartnerInput!) { registerPartner(input: $i) { token } }`, variables: { i: partnerInput() } }), 'OK'),
  {
    operation: 'myPartnership',
    state: "the caller's organisation",
    prepare: async () => ({ query: `{ myPartnership { status } }`, sees: (data) => data.myPartnership !== null }),
    // The scene's partner was created by the operator, without a partner profile: it is not a registered partner.
    expect: outcomes({ HIDDEN: WITH_ACCOUNT, UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  {
    operation: 'acceptBrandCharter',
    state: 'a version that is not in force',
    prepare: async () => ({ query: `mutation { acceptBrandCharter(version: 999) { status } }` }),
    expect: outcomes({ CONFLICT: ['officeAdmin', 'officeEditor', 'otherOffice', 'partner', 'poleAdmin', 'poleEditor'], FORBIDDEN: ['agendaKey', 'brandKey', 'poleKey'], UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
];

function partnerInput(): Record<string, unknown> {
  const id = unique();
  return { organisationName: `Partenaire ${id}`, contactName: 'Alex', email: `partner-${id}@example.org`, password: 'a long partner password', siret: randomSiret(), partnerType: 'ASSOCIATION', listInDirectory: false };
}

/** A registration whose address is confirmed (pro-kit.test.ts confirms by the e-mailed link), waiting for the Pôle. */
async function pendingPartner(scene: AccessScene): Promise<string> {
  const registered = await scene.api.graphql(`mutation($i: RegisterPartnerInput!) { registerPartner(input: $i) { organisation { id } } }`, { i: partnerInput() });
  await scene.dataSource.query(`UPDATE partner_profile SET email_verified_at = now() WHERE organisation_id = $1`, [registered.data!.registerPartner.organisation.id]);
  if (registered.errors) throw new Error(JSON.stringify(registered.errors));
  return registered.data!.registerPartner.organisation.id;
}

/** A random valid SIRET: a SIREN with its key, an establishment number, the SIRET's key. */
function randomSiret(): string {
  return siretFromParts(String(10_000_000 + Math.floor(Math.random() * 89_999_999)), String(1 + Math.floor(Math.random() * 9_998)).padStart(4, '0'));
}
