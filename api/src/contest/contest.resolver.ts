import { CONTEST_LIMITS, ENTRY_STATES, describeLicence, pickLanguage, type EntryState, type JuryScale, type Language, type VoteVoidReason } from '@nfc/shared';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Float, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { In } from 'typeorm';
import { LanguageEnum, LocalizedTextInput } from '../brand/brand.types';
import { badUserInput, notFound } from '../common/errors';
import type { RequestContext } from '../context';
import { requireRole } from './contest-access';
import { findContest, phaseOf } from './contest-deps';
import { Contest as ContestEntity, ContestEntry, type Contest, type ContestRulesVersion } from './contest.entities';
import {
  AwardView,
  BallotView,
  CodeSentView,
  CommuneCoverage,
  ContestResultsView,
  ContestSession,
  ContestView,
  ContestWindowsInput,
  CreateContestInput,
  DisqualificationPreviewView,
  EntryInput,
  EntryStateEnum,
  GalleryEntry,
  GalleryPage,
  GuardianDecisionEnum,
  GuardianReview,
  JuryAssignmentView,
  JuryRoundView,
  JuryScaleEnum,
  JurorView,
  ModerationDecisionEnum,
  ModerationEntry,
  MyContest,
  MyEntry,
  RegisterEntrantInput,
  ReportFileView,
  ReportFormatEnum,
  ResultsLogEntry,
  RoundOutcomeView,
} from './contest.types';
import { buildCampaignReport } from './campaign-report';
import { readPeopleRelease } from './read-people-release';
import { maskEmail } from './entrant.service';
import { buildEntryViews, type PrivilegedView } from './entry-views';

/** What every code request promises (one-time-codes.ts), in the schema. */
const CODES_NOTE =
  `A new code leaves the earlier ones valid until they expire (${CONTEST_LIMITS.codeTtlMinutes} minutes); the first one used ends the others. ` +
  `Each email address has, per contest and over a rolling day, ${CONTEST_LIMITS.codeRequestsPerDay} codes and ${CONTEST_LIMITS.codeAttemptsPerDay} tries from one client address, ` +
  `and ${CONTEST_LIMITS.codeRequestsPerAccountPerDay} codes and ${CONTEST_LIMITS.codeAttemptsPerAccountPerDay} tries in all, known address or not; beyond, RATE_LIMITED with retryAfterSeconds.`;

const LANG = { defaultValue: 'fr', description: 'Language of the texts (falls back to French).' } as const;
const SLUG = { description: 'Contest slug.' } as const;

function photo(view: PrivilegedView, language: Language) {
  return { ...view, category: { id: view.category.id, slug: view.category.slug, label: pickLanguage(view.category.label, language) } };
}

function myEntry(view: PrivilegedView, language: Language): MyEntry {
  return { ...photo(view, language), state: view.state, stateReason: view.stateReason, submittedAt: view.submittedAt, peoplePresent: view.peoplePresent, peopleConsent: view.peopleConsent };
}

/** A public photo; its credit only when `credited` (not while the jury judges blind: ResultsService.creditsArePublic). */
function galleryEntry(view: PrivilegedView, contest: Contest, language: Language, votes: Map<string, number> | null, credited: boolean): GalleryEntry {
  return { ...photo(view, language), creditLine: credited ? view.creditLine : null, licence: describeLicence(contest.licenceUses, contest.licenceYears, language), votes: votes?.get(view.id) ?? null };
}

function viewerUserId(ctx: RequestContext): string | null {
  return ctx.viewer?.kind === 'USER' ? ctx.viewer.userId : null;
}

/** Thin: checks who is calling, hands over to the contest services, and shapes the answer. */
@Resolver()
export class ContestResolver {
  /** The views of several contests in a fixed number of statements (rules and categories in one query each). */
  private async contestViews(ctx: RequestContext, contests: Contest[], language: Language): Promise<ContestView[]> {
    if (!contests.length) return [];
    const { dataSource } = ctx.services.contest.deps;
    const ids = contests.map((contest) => contest.id);
    const [rules, categories] = await Promise.all([
      dataSource.query(`SELECT DISTINCT ON (contest_id) contest_id, version, body, published_at FROM contest_rules_version WHERE contest_id = ANY($1) ORDER BY contest_id, version DESC`, [ids]) as Promise<
        Array<{ contest_id: string; version: number; body: ContestRulesVersion['body']; published_at: Date }>
      >,
      dataSource.query(`SELECT contest_id, id, slug, label FROM contest_category WHERE contest_id = ANY($1) ORDER BY position`, [ids]) as Promise<Array<{ contest_id: string; id: string; slug: string; label: ContestRulesVersion['body'] }>>,
    ]);
    return contests.map((contest) => {
      const current = rules.find((r) => r.contest_id === contest.id)!;
      return {
        ...contest,
        title: pickLanguage(contest.title, language),
        summary: pickLanguage(contest.summary, language),
        phase: phaseOf(contest),
        licence: { uses: contest.licenceUses, years: contest.licenceYears },
        rules: { version: current.version, body: pickLanguage(current.body, language), publishedAt: current.published_at },
        categories: categories.filter((c) => c.contest_id === contest.id).map((c) => ({ id: c.id, slug: c.slug, label: pickLanguage(c.label, language) })),
      };
    });
  }

  private async contestView(ctx: RequestContext, contest: Contest, language: Language): Promise<ContestView> {
    return (await this.contestViews(ctx, [contest], language))[0]!;
  }

  @Query(() => [ContestView], { description: 'Every contest, newest first.' })
  async contests(@Arg('language', () => LanguageEnum, LANG) language: Language, @Ctx() ctx: RequestContext): Promise<ContestView[]> {
    const contests = await ctx.services.contest.deps.dataSource.getRepository(ContestEntity).find({ order: { submissionOpensAt: 'DESC' }, take: 20 });
    return this.contestViews(ctx, contests, language);
  }

  @Query(() => ContestView, {
    nullable: true,
    description:
      'The edition /concours shows: the one running (opened, results not yet published; the latest opened if several), else one whose results came out in the last 90 days, else the next to open, else the latest. Preparing next year’s never hides this year’s.',
  })
  async currentContest(@Arg('language', () => LanguageEnum, LANG) language: Language, @Ctx() ctx: RequestContext): Promise<ContestView | null> {
    const contest = await ctx.services.contest.deps.dataSource
      .getRepository(ContestEntity)
      .createQueryBuilder('contest')
      .orderBy(
        `CASE WHEN contest.submission_opens_at <= now() AND contest.results_published_at IS NULL THEN 0
              WHEN contest.results_published_at > now() - interval '90 days' THEN 1
              WHEN contest.submission_opens_at > now() THEN 2 ELSE 3 END`,
        'ASC',
      )
      // Upcoming: the soonest; the others: the latest opened.
      .addOrderBy(`CASE WHEN contest.submission_opens_at > now() THEN contest.submission_opens_at END`, 'ASC', 'NULLS LAST')
      .addOrderBy('contest.submission_opens_at', 'DESC')
      .limit(1)
      .getOne();
    return contest ? this.contestView(ctx, contest, language) : null;
  }

  @Query(() => ContestView, { description: 'A contest by slug: rules, categories, windows, licence.' })
  async contest(@Arg('slug', SLUG) slug: string, @Arg('language', () => LanguageEnum, LANG) language: Language, @Ctx() ctx: RequestContext): Promise<ContestView> {
    return this.contestView(ctx, await findContest(ctx.services.contest.deps.dataSource, { slug }), language);
  }

  @Query(() => GalleryPage, { description: 'The public gallery: approved photos only, newest first.' })
  async contestGallery(
    @Arg('contest', SLUG) slug: string,
    @Arg('category', () => ID, { nullable: true, description: 'Only this category.' }) category: string | null,
    @Arg('commune', () => String, { nullable: true, description: 'Only photos taken in this commune (INSEE code).' }) commune: string | null,
    @Arg('epci', () => String, { nullable: true, description: 'Only photos taken in this EPCI (SIREN).' }) epci: string | null,
    @Arg('first', () => Int, { defaultValue: 24, description: 'Page size (1 to 100).' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor from endCursor.' }) after: string | null,
    @Arg('language', () => LanguageEnum, LANG) language: Language,
    @Ctx() ctx: RequestContext,
  ): Promise<GalleryPage> {
    if (first < 1 || first > 100) throw badUserInput('first must be between 1 and 100.', [{ field: 'first', message: '1 to 100.' }]);
    const contest = await findContest(ctx.services.contest.deps.dataSource, { slug });
    const [page, credited] = await Promise.all([ctx.services.contest.results.gallery(contest, category, commune, first, after, epci), ctx.services.contest.results.creditsArePublic(contest)]);
    return { entries: page.entries.map((view) => galleryEntry(view, contest, language, page.votes, credited)), endCursor: page.endCursor, hasNextPage: page.hasNextPage };
  }

  @Query(() => GalleryEntry, { description: 'An approved photo. Any other entry is NOT_FOUND.' })
  async contestEntry(@Arg('id', () => ID, { description: 'Entry id.' }) id: string, @Arg('language', () => LanguageEnum, LANG) language: Language, @Ctx() ctx: RequestContext): Promise<GalleryEntry> {
    const found = await ctx.services.contest.results.approvedEntry(id);
    if (!found) throw notFound('Entry', id);
    const [votes, credited] = await Promise.all([ctx.services.contest.results.voteCounts(found.contest, [id]), ctx.services.contest.results.creditsArePublic(found.contest)]);
    return galleryEntry(found.view, found.contest, language, votes, credited);
  }

  @Query(() => [CommuneCoverage], { description: 'Approved photos per commune, for all 197 communes (0 where none yet).' })
  async contestMap(@Arg('contest', SLUG) slug: string, @Ctx() ctx: RequestContext): Promise<CommuneCoverage[]> {
    const contest = await findContest(ctx.services.contest.deps.dataSource, { slug });
    return ctx.services.contest.results.map(contest.id);
  }

  @Query(() => ContestResultsView, { nullable: true, description: 'The published results; null before publication.' })
  async contestResults(@Arg('contest', SLUG) slug: string, @Arg('language', () => LanguageEnum, LANG) language: Language, @Ctx() ctx: RequestContext): Promise<ContestResultsView | null> {
    const { dataSource } = ctx.services.contest.deps;
    const contest = await findContest(dataSource, { slug });
    if (!contest.resultsPublishedAt || !contest.resultsSummary) return null;
    const [awards, categories] = await Promise.all([
      ctx.services.contest.results.awards(contest.id),
      dataSource.query(`SELECT id, slug, label FROM contest_category WHERE contest_id = $1`, [contest.id]) as Promise<Array<{ id: string; slug: string; label: ContestRulesVersion['body'] }>>,
    ]);
    const votes = await ctx.services.contest.results.voteCounts(contest, awards.flatMap((a) => (a.entry ? [a.entry.id] : [])));
    return {
      publishedAt: contest.resultsPublishedAt,
      votesCounted: contest.resultsSummary.votesCounted,
      votesVoided: Object.entries(contest.resultsSummary.votesVoided).map(([reason, count]) => ({ reason: reason as VoteVoidReason, count: count ?? 0 })),
      awards: awards.map((award): AwardView => {
        const category = categories.find((c) => c.id === award.categoryId)!;
        return {
          category: { id: category.id, slug: category.slug, label: pickLanguage(category.label, language) },
          kind: award.kind,
          rank: award.rank,
          score: award.score,
          withdrawn: award.entry === null,
          entry: award.entry ? galleryEntry(award.entry, contest, language, votes, true) : null,
        };
      }),
    };
  }

  // ——— Entrants ———

  @Mutation(() => CodeSentView, { description: `Registers for the contest (residence, age band, consents) and emails a code. ${CODES_NOTE}` })
  registerEntrant(@Arg('contest', SLUG) slug: string, @Arg('input', () => RegisterEntrantInput, { description: 'The entrant.' }) input: RegisterEntrantInput, @Ctx() ctx: RequestContext): Promise<CodeSentView> {
    return ctx.services.contest.entrants.register(slug, input, ctx.ip);
  }

  @Mutation(() => CodeSentView, { description: `Emails a sign-in code to a registered entrant (same answer for unknown addresses). ${CODES_NOTE}` })
  requestEntrantCode(@Arg('contest', SLUG) slug: string, @Arg('email', { description: 'Address.' }) email: string, @Ctx() ctx: RequestContext): Promise<CodeSentView> {
    return ctx.services.contest.entrants.requestCode(slug, email, ctx.ip);
  }

  @Mutation(() => ContestSession, { description: 'Spends the emailed code: the address is verified and an entrant session starts.' })
  verifyEntrant(@Arg('contest', SLUG) slug: string, @Arg('email', { description: 'Address.' }) email: string, @Arg('code', { description: 'Six-digit code.' }) code: string, @Ctx() ctx: RequestContext): Promise<ContestSession> {
    return ctx.services.contest.entrants.verify(slug, email, code, ctx.ip);
  }

  @Mutation(() => Boolean, { description: 'A guardian consents for every photo waiting, with the code they received. Prefer openGuardianConsent, then decideGuardianConsent with the photos shown.' })
  async confirmGuardianConsent(@Arg('entrantId', () => ID, { description: 'From the link in the email.' }) entrantId: string, @Arg('code', { description: 'Six-digit code.' }) code: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await ctx.services.contest.entrants.decideGuardianConsent(entrantId, code, 'CONSENT', null, ctx.ip);
    return true;
  }

  @Mutation(() => GuardianReview, { description: `Shows a guardian what they are asked to allow (photos, credit, licence, rules). Checks the code without spending it; each check counts as a try. ${CODES_NOTE}` })
  async openGuardianConsent(
    @Arg('participant', () => ID, { description: 'From the link in the email.' }) participant: string,
    @Arg('code', { description: 'Six-digit code.' }) code: string,
    @Arg('language', () => LanguageEnum, LANG) language: Language,
    @Ctx() ctx: RequestContext,
  ): Promise<GuardianReview> {
    const { contest, entrant, rules, waiting } = await ctx.services.contest.entrants.guardianReview(participant, code, ctx.ip);
    const views = await buildEntryViews(ctx.services.contest.deps, waiting, 'PRIVATE');
    return {
      contestTitle: pickLanguage(contest.title, language),
      entrantName: entrant.fullName,
      guardianName: entrant.guardianName ?? '',
      creditLine: entrant.creditLine,
      licence: describeLicence(contest.licenceUses, contest.licenceYears, language),
      licenceYears: contest.licenceYears,
      rulesVersion: rules?.version ?? 0,
      rules: rules ? pickLanguage(rules.body, language) : '',
      consentedAt: entrant.guardianConsentAt,
      photos: views.map((view) => myEntry(view, language)),
    };
  }

  @Mutation(() => Int, { description: 'The guardian consents to, or refuses, the photos they were shown, spending their code. Returns how many photos were decided.' })
  decideGuardianConsent(
    @Arg('participant', () => ID, { description: 'From the link in the email.' }) participant: string,
    @Arg('code', { description: 'Six-digit code.' }) code: string,
    @Arg('decision', () => GuardianDecisionEnum, { description: 'Consent or refuse.' }) decision: 'CONSENT' | 'REFUSE',
    @Arg('entryIds', () => [ID], { nullable: true, description: 'The photos shown by openGuardianConsent; a photo that arrived since waits for its own decision. Omitted: every photo waiting.' }) entryIds: string[] | null,
    @Ctx() ctx: RequestContext,
  ): Promise<number> {
    return ctx.services.contest.entrants.decideGuardianConsent(participant, code, decision, entryIds ?? null, ctx.ip);
  }

  @Mutation(() => Boolean, { description: `A guardian asks for a new code, at any time; it goes to the address the entrant gave. Same answer for any participant. ${CODES_NOTE}` })
  async requestGuardianCode(@Arg('participant', () => ID, { description: 'From the link in the email.' }) participant: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await ctx.services.contest.entrants.renewGuardianCode(participant, ctx.ip);
    return true;
  }

  @Mutation(() => CodeSentView, { description: `The entrant under 15 asks for their guardian to be emailed again (entrant session). ${CODES_NOTE}` })
  remindMyGuardian(@Ctx() ctx: RequestContext): Promise<CodeSentView> {
    return ctx.services.contest.entrants.remindGuardian(requireRole(ctx.contestPrincipal, 'ENTRANT').id, ctx.ip);
  }

  @Query(() => MyContest, { description: 'The signed-in entrant and their entries (entrant session).' })
  async myContestEntries(@Arg('language', () => LanguageEnum, LANG) language: Language, @Ctx() ctx: RequestContext): Promise<MyContest> {
    const { id, contestId } = requireRole(ctx.contestPrincipal, 'ENTRANT');
    const entrants = ctx.services.contest.entrants;
    const [entrant, entries, currentRulesVersion] = await Promise.all([entrants.entrant(id), entrants.entries(id), entrants.currentRulesVersion(contestId)]);
    const views = await buildEntryViews(ctx.services.contest.deps, entries, 'PRIVATE');
    return {
      ...entrant,
      guardianConsentPending: entrant.ageBand === 'UNDER_15' && entries.some((entry) => entry.state === 'SUBMITTED'),
      guardianEmailMasked: entrant.ageBand === 'UNDER_15' && entrant.guardianEmail ? maskEmail(entrant.guardianEmail) : null,
      currentRulesVersion,
      entries: views.map((view) => myEntry(view, language)),
    };
  }

  @Query(() => GraphQLJSONObject, { description: 'Everything held about the signed-in entrant, as JSON (GDPR).' })
  myContestData(@Ctx() ctx: RequestContext): Promise<Record<string, unknown>> {
    return ctx.services.contest.entrants.exportData(requireRole(ctx.contestPrincipal, 'ENTRANT').id);
  }

  @Mutation(() => Int, { description: 'The signed-in entrant accepts a new version of the rules (and the licence they describe); returns the version now accepted.' })
  acceptContestRules(@Arg('version', () => Int, { description: 'The version read (currentRulesVersion).' }) version: number, @Ctx() ctx: RequestContext): Promise<number> {
    return ctx.services.contest.entrants.acceptRules(requireRole(ctx.contestPrincipal, 'ENTRANT').id, version);
  }

  @Mutation(() => MyEntry, { description: 'Enters an uploaded photo (POST /uploads?purpose=PHOTO with the entrant session first).' })
  async submitEntry(@Arg('uploadId', () => ID, { description: 'Id returned by the upload.' }) uploadId: string, @Arg('input', () => EntryInput, { description: 'Details.' }) input: EntryInput, @Ctx() ctx: RequestContext): Promise<MyEntry> {
    const entry = await ctx.services.contest.entrants.submit(requireRole(ctx.contestPrincipal, 'ENTRANT').id, uploadId, input);
    return this.myEntry(ctx, entry.id);
  }

  @Mutation(() => MyEntry, { description: 'Corrects an entry sent back for changes; it returns to moderation.' })
  async updateEntry(@Arg('id', () => ID, { description: 'Entry id.' }) id: string, @Arg('input', () => EntryInput, { description: 'Details.' }) input: EntryInput, @Ctx() ctx: RequestContext): Promise<MyEntry> {
    await ctx.services.contest.entrants.update(requireRole(ctx.contestPrincipal, 'ENTRANT').id, id, input);
    return this.myEntry(ctx, id);
  }

  @Mutation(() => MyEntry, { description: 'Withdraws an entry (until the results are published).' })
  async withdrawEntry(@Arg('id', () => ID, { description: 'Entry id.' }) id: string, @Ctx() ctx: RequestContext): Promise<MyEntry> {
    await ctx.services.contest.entrants.withdraw(requireRole(ctx.contestPrincipal, 'ENTRANT').id, id);
    return this.myEntry(ctx, id);
  }

  @Mutation(() => Boolean, { description: 'Erases the signed-in entrant: personal data and files. Published prizes show "entry withdrawn".' })
  async eraseMyContestData(@Ctx() ctx: RequestContext): Promise<boolean> {
    await ctx.services.contest.entrants.erase(requireRole(ctx.contestPrincipal, 'ENTRANT').id);
    return true;
  }

  private async myEntry(ctx: RequestContext, entryId: string, language: Language = 'fr'): Promise<MyEntry> {
    const entry = await ctx.services.contest.deps.dataSource.getRepository(ContestEntry).findOneByOrFail({ id: entryId });
    const [view] = await buildEntryViews(ctx.services.contest.deps, [entry], 'PRIVATE');
    return myEntry(view!, language);
  }

  // ——— Public vote ———

  @Mutation(() => CodeSentView, { description: `Emails a code to vote. Disposable addresses are refused. ${CODES_NOTE}` })
  requestVoterCode(@Arg('contest', SLUG) slug: string, @Arg('email', { description: 'Address.' }) email: string, @Arg('language', () => LanguageEnum, LANG) language: Language, @Ctx() ctx: RequestContext): Promise<CodeSentView> {
    return ctx.services.contest.votes.requestCode(slug, email, language, ctx.ip);
  }

  @Mutation(() => ContestSession, { description: 'Spends the code: a voter session starts.' })
  verifyVoter(@Arg('contest', SLUG) slug: string, @Arg('email', { description: 'Address.' }) email: string, @Arg('code', { description: 'Six-digit code.' }) code: string, @Ctx() ctx: RequestContext): Promise<ContestSession> {
    return ctx.services.contest.votes.verify(slug, email, code, ctx.ip);
  }

  @Query(() => BallotView, { description: 'The approved photos of a category in this voter’s own order, without counts (voter session).' })
  async ballot(@Arg('category', () => ID, { description: 'Category id.' }) category: string, @Arg('language', () => LanguageEnum, LANG) language: Language, @Ctx() ctx: RequestContext): Promise<BallotView> {
    const voter = requireRole(ctx.contestPrincipal, 'VOTER');
    const contest = await findContest(ctx.services.contest.deps.dataSource, { id: voter.contestId });
    const [ballot, credited] = await Promise.all([ctx.services.contest.votes.ballot(voter.id, voter.contestId, category), ctx.services.contest.results.creditsArePublic(contest)]);
    return { entries: ballot.entries.map((view) => galleryEntry(view, contest, language, null, credited)), votedEntryId: ballot.votedEntryId };
  }

  @Mutation(() => Boolean, { description: 'One vote per category (voter session). A second is refused with ALREADY_VOTED.' })
  async castVote(@Arg('entryId', () => ID, { description: 'Entry id.' }) entryId: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    const voter = requireRole(ctx.contestPrincipal, 'VOTER');
    await ctx.services.contest.votes.cast(voter.id, voter.contestId, entryId, ctx.ip);
    return true;
  }

  // ——— Jury ———

  @Mutation(() => CodeSentView, { description: `Emails a sign-in code to a juror (same answer for unknown addresses). ${CODES_NOTE}` })
  requestJurorCode(@Arg('contest', SLUG) slug: string, @Arg('email', { description: 'Address.' }) email: string, @Ctx() ctx: RequestContext): Promise<CodeSentView> {
    return ctx.services.contest.jury.requestCode(slug, email, ctx.ip);
  }

  @Mutation(() => ContestSession, { description: 'Spends the code: a juror session starts.' })
  verifyJuror(@Arg('contest', SLUG) slug: string, @Arg('email', { description: 'Address.' }) email: string, @Arg('code', { description: 'Six-digit code.' }) code: string, @Ctx() ctx: RequestContext): Promise<ContestSession> {
    return ctx.services.contest.jury.verify(slug, email, code, ctx.ip);
  }

  @Query(() => [JuryAssignmentView], { description: 'The signed-in juror’s photos in the open round, blind (juror session).' })
  async juryAssignments(@Arg('language', () => LanguageEnum, LANG) language: Language, @Ctx() ctx: RequestContext): Promise<JuryAssignmentView[]> {
    const assignments = await ctx.services.contest.jury.assignments(requireRole(ctx.contestPrincipal, 'JUROR').id);
    return assignments.map((a) => ({ ...a, entry: { ...a.entry, category: { ...a.entry.category, label: pickLanguage(a.entry.category.label, language) } } }));
  }

  @Mutation(() => Boolean, { description: 'Scores an assigned photo: 0/1 (YES_NO) or 1–5 (STARS). CONFLICT_OF_INTEREST for a declared link.' })
  async scoreEntry(
    @Arg('roundId', () => ID, { description: 'Round id.' }) roundId: string,
    @Arg('entryId', () => ID, { description: 'Entry id.' }) entryId: string,
    @Arg('score', () => Int, { description: 'Score.' }) score: number,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    await ctx.services.contest.jury.score(requireRole(ctx.contestPrincipal, 'JUROR').id, roundId, entryId, score);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Declares a link with an entry: it goes to another juror, now and in later rounds.' })
  async declareConflict(@Arg('entryId', () => ID, { description: 'Entry id.' }) entryId: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await ctx.services.contest.jury.declareConflict(requireRole(ctx.contestPrincipal, 'JUROR').id, entryId);
    return true;
  }

  // ——— The Pôle ———

  @Authorized('moderation')
  @Mutation(() => ContestView, { description: 'Creates a contest with its rules (version 1) and the marker categories.' })
  async createContest(@Arg('input', () => CreateContestInput, { description: 'The contest.' }) input: CreateContestInput, @Ctx() ctx: RequestContext): Promise<ContestView> {
    return this.contestView(ctx, await ctx.services.contest.moderation().createContest(input), 'fr');
  }

  @Authorized('moderation')
  @Mutation(() => ContestView, { description: 'Moves a contest’s windows.' })
  async updateContestWindows(@Arg('id', () => ID, { description: 'Contest id.' }) id: string, @Arg('windows', () => ContestWindowsInput, { description: 'The windows.' }) windows: ContestWindowsInput, @Ctx() ctx: RequestContext): Promise<ContestView> {
    return this.contestView(ctx, await ctx.services.contest.moderation().updateWindows(id, windows), 'fr');
  }

  @Authorized('moderation')
  @Mutation(() => Int, { description: 'Publishes a new version of the rules; returns its number.' })
  async publishContestRules(@Arg('id', () => ID, { description: 'Contest id.' }) id: string, @Arg('body', () => LocalizedTextInput, { description: 'The rules.' }) body: LocalizedTextInput, @Ctx() ctx: RequestContext): Promise<number> {
    return (await ctx.services.contest.moderation().publishRules(id, body)).version;
  }

  @Authorized('moderation')
  @Query(() => [ModerationEntry], { description: 'The moderation queue: entries in the given states, oldest first.' })
  async moderationQueue(
    @Arg('contestId', () => ID, { description: 'Contest id.' }) contestId: string,
    @Arg('states', () => [EntryStateEnum], { defaultValue: ['PENDING_MODERATION'], description: 'States to list.' }) states: EntryState[],
    @Arg('first', () => Int, { defaultValue: 50, description: 'At most (1 to 100).' }) first: number,
    @Arg('language', () => LanguageEnum, LANG) language: Language,
    @Ctx() ctx: RequestContext,
    @Arg('after', () => ID, { nullable: true, description: 'The last entry of the previous page: the list goes on after it (oldest first).' }) after?: string | null,
  ): Promise<ModerationEntry[]> {
    if (first < 1 || first > 100) throw badUserInput('first must be between 1 and 100.', [{ field: 'first', message: '1 to 100.' }]);
    const moderation = ctx.services.contest.moderation();
    const views = await moderation.queue(contestId, states.filter((s) => ENTRY_STATES.includes(s)), first, after ?? null);
    return this.moderationEntries(ctx, views, language);
  }

  @Authorized('moderation')
  @Mutation(() => ModerationEntry, { description: 'Approves, sends back or rejects an entry; logged, and the entrant is told.' })
  async moderateEntry(
    @Arg('id', () => ID, { description: 'Entry id.' }) id: string,
    @Arg('decision', () => ModerationDecisionEnum, { description: 'Decision.' }) decision: 'APPROVED' | 'CHANGES_REQUESTED' | 'REJECTED',
    @Arg('reason', () => String, { nullable: true, description: 'Reason, required unless approving.' }) reason: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ModerationEntry> {
    const view = await ctx.services.contest.moderation().decide(id, decision, reason);
    return (await this.moderationEntries(ctx, [view], 'fr'))[0]!;
  }

  @Authorized('moderation')
  @Query(() => DisqualificationPreviewView, { description: 'What disqualifying an approved entry would do, before it is done: votes voided, jury rounds and scores, prizes held, and each ranking of its category now and without it. WRONG_ENTRY_STATE (CONFLICT) unless approved.' })
  disqualificationPreview(@Arg('entryId', () => ID, { description: 'Entry id.' }) entryId: string, @Ctx() ctx: RequestContext): Promise<DisqualificationPreviewView> {
    return ctx.services.contest.moderation().disqualificationPreview(entryId);
  }

  @Authorized('moderation')
  @Mutation(() => ModerationEntry, { description: 'Disqualifies an approved entry with a reason: REJECTED, logged as a disqualification, photo private, votes voided, entrant told. A published prize stays void until the results are withdrawn and published again.' })
  async disqualifyEntry(
    @Arg('entryId', () => ID, { description: 'Entry id.' }) entryId: string,
    @Arg('reason', { description: 'Why (required, at most 2000 characters); the entrant reads it.' }) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ModerationEntry> {
    const view = await ctx.services.contest.moderation().disqualify(entryId, reason);
    return (await this.moderationEntries(ctx, [view], 'fr'))[0]!;
  }

  @Authorized('moderation')
  @Mutation(() => ContestView, { description: 'Sets the jury’s share of the combined ranking (0–100; the public has the rest), or null for none. RESULTS_PUBLISHED (CONFLICT) once the results are out.' })
  async setContestJuryWeight(
    @Arg('contestId', () => ID, { description: 'Contest id.' }) contestId: string,
    @Arg('juryWeight', () => Int, { nullable: true, description: 'The jury’s share in percent, 0 to 100; null: no combined ranking.' }) juryWeight: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ContestView> {
    return this.contestView(ctx, await ctx.services.contest.moderation().setJuryWeight(contestId, juryWeight ?? null), 'fr');
  }

  private async moderationEntries(ctx: RequestContext, views: PrivilegedView[], language: Language): Promise<ModerationEntry[]> {
    const { dataSource } = ctx.services.contest.deps;
    const otherIds = views.map((v) => v.nearDuplicateOfId).filter((id): id is string => id !== null);
    const others = otherIds.length ? await buildEntryViews(ctx.services.contest.deps, await dataSource.getRepository(ContestEntry).findBy(otherIds.map((id) => ({ id }))), 'PRIVATE') : [];
    const histories: Array<{ entry_id: string; from_state: EntryState | null; to_state: EntryState; actor: string; reason: string | null; disqualification: boolean; at: Date }> = views.length
      ? await dataSource.query(`SELECT entry_id, from_state, to_state, actor, reason, disqualification, at FROM contest_entry_transition WHERE entry_id = ANY($1) ORDER BY at, id`, [views.map((v) => v.id)])
      : [];
    return views.map((view) => {
      const other = others.find((o) => o.id === view.nearDuplicateOfId);
      return {
        ...photo(view, language),
        state: view.state,
        stateReason: view.stateReason,
        creditLine: view.creditLine,
        flags: view.flags,
        gpsCommune: view.gpsCommune,
        peoplePresent: view.peoplePresent,
        peopleConsent: view.peopleConsent,
        submittedAt: view.submittedAt,
        nearDuplicateOf: other ? photo(other, language) : null,
        history: histories.filter((h) => h.entry_id === view.id).map((h) => ({ fromState: h.from_state, toState: h.to_state, actor: h.actor, reason: h.reason, disqualification: h.disqualification, at: h.at })),
      };
    });
  }

  @Authorized('moderation')
  @Mutation(() => JurorView, { description: 'Invites a juror by email.' })
  inviteJuror(
    @Arg('contestId', () => ID, { description: 'Contest id.' }) contestId: string,
    @Arg('email', { description: 'Address.' }) email: string,
    @Arg('fullName', { description: 'Name.' }) fullName: string,
    @Arg('language', () => LanguageEnum, LANG) language: Language,
    @Ctx() ctx: RequestContext,
  ): Promise<JurorView> {
    return ctx.services.contest.jury.invite(contestId, email, fullName, language);
  }

  @Authorized('moderation')
  @Query(() => [JurorView], { description: 'The jury of a contest.' })
  jurors(@Arg('contestId', () => ID, { description: 'Contest id.' }) contestId: string, @Ctx() ctx: RequestContext): Promise<JurorView[]> {
    return ctx.services.contest.jury.jurors(contestId);
  }

  @Authorized('moderation')
  @Mutation(() => Boolean, { description: 'Records a juror’s link with an entry on their behalf.' })
  async declareJurorConflict(@Arg('jurorId', () => ID, { description: 'Juror id.' }) jurorId: string, @Arg('entryId', () => ID, { description: 'Entry id.' }) entryId: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await ctx.services.contest.jury.declareConflict(jurorId, entryId);
    return true;
  }

  @Authorized('moderation')
  @Mutation(() => JuryRoundView, { description: 'Opens the next round and assigns its entries evenly, never to a conflicted juror.' })
  async openJuryRound(
    @Arg('contestId', () => ID, { description: 'Contest id.' }) contestId: string,
    @Arg('scale', () => JuryScaleEnum, { description: 'Scale.' }) scale: JuryScale,
    @Arg('quorum', () => Int, { description: 'Scores needed per entry.' }) quorum: number,
    @Arg('isFinal', { defaultValue: false, description: 'The final round gives the ranking.' }) isFinal: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<JuryRoundView> {
    const round = await ctx.services.contest.jury.openRound(contestId, scale, quorum, isFinal);
    return (await this.roundViews(ctx, contestId)).find((r) => r.id === round.id)!;
  }

  @Authorized('moderation')
  @Query(() => [JuryRoundView], { description: 'The rounds of a contest, with their progress.' })
  juryRounds(@Arg('contestId', () => ID, { description: 'Contest id.' }) contestId: string, @Ctx() ctx: RequestContext): Promise<JuryRoundView[]> {
    return this.roundViews(ctx, contestId);
  }

  private async roundViews(ctx: RequestContext, contestId: string): Promise<JuryRoundView[]> {
    const rounds = await ctx.services.contest.jury.rounds(contestId);
    const progress: Array<{ round_id: string; assignments: number; scored: number }> = rounds.length
      ? await ctx.services.contest.deps.dataSource.query(`SELECT round_id, count(*)::int AS assignments, count(score)::int AS scored FROM contest_jury_assignment WHERE round_id = ANY($1) GROUP BY round_id`, [rounds.map((r) => r.id)])
      : [];
    const [shortfalls, jurors] = await Promise.all([
      ctx.services.contest.jury.shortfalls(rounds.filter((round) => !round.closedAt).map((round) => round.id)),
      rounds.length
        ? (ctx.services.contest.deps.dataSource.query(
            `SELECT a.round_id, j.full_name, count(*)::int AS assigned, count(a.score)::int AS scored
             FROM contest_jury_assignment a JOIN contest_juror j ON j.id = a.juror_id WHERE a.round_id = ANY($1)
             GROUP BY a.round_id, j.id, j.full_name ORDER BY count(a.score)::real / count(*), j.full_name`,
            [rounds.map((r) => r.id)],
          ) as Promise<Array<{ round_id: string; full_name: string; assigned: number; scored: number }>>)
        : Promise.resolve([]),
    ]);
    return rounds.map((round) => ({
      ...round,
      jurors: jurors.filter((row) => row.round_id === round.id).map((row) => ({ fullName: row.full_name, assigned: row.assigned, scored: row.scored })),
      assignments: progress.find((p) => p.round_id === round.id)?.assignments ?? 0,
      scored: progress.find((p) => p.round_id === round.id)?.scored ?? 0,
      shortfalls: shortfalls.filter((shortfall) => shortfall.roundId === round.id),
    }));
  }

  @Authorized('moderation')
  @Mutation(() => JuryRoundView, { description: 'Gives the entries of an open round short of their quorum the jurors they lack (jurors invited since, or freed), never one in conflict. What is still short stays in shortfalls.' })
  async completeJuryAssignments(@Arg('roundId', () => ID, { description: 'Round id.' }) roundId: string, @Ctx() ctx: RequestContext): Promise<JuryRoundView> {
    await ctx.services.contest.jury.completeRound(roundId);
    const [round] = await ctx.services.contest.deps.dataSource.query(`SELECT contest_id FROM contest_jury_round WHERE id = $1`, [roundId]);
    return (await this.roundViews(ctx, round.contest_id)).find((r) => r.id === roundId)!;
  }

  @Authorized('moderation')
  @Query(() => [RoundOutcomeView], { description: 'Which entries would advance at a threshold, before closing the round.' })
  async juryRoundPreview(
    @Arg('roundId', () => ID, { description: 'Round id.' }) roundId: string,
    @Arg('threshold', () => Float, { description: 'Minimum mean score.' }) threshold: number,
    @Arg('language', () => LanguageEnum, LANG) language: Language,
    @Ctx() ctx: RequestContext,
  ): Promise<RoundOutcomeView[]> {
    const { deps, jury } = ctx.services.contest;
    const outcomes = await jury.preview(roundId, threshold);
    const entries = outcomes.length ? await deps.dataSource.getRepository(ContestEntry).findBy({ id: In(outcomes.map((o) => o.entryId)) }) : [];
    const views = new Map((await buildEntryViews(deps, entries, 'PRIVATE')).map((view) => [view.id, view]));
    // Only the jury's view of the photo: moderators decide on the work, not on who made it.
    return outcomes.map((outcome) => {
      const { id, title, description, altText, category, commune, images } = photo(views.get(outcome.entryId)!, language);
      return { ...outcome, entry: { id, title, description, altText, category, commune, images } };
    });
  }

  @Authorized('moderation')
  @Mutation(() => JuryRoundView, { description: 'Closes a round at a threshold; the outcome is frozen.' })
  async closeJuryRound(@Arg('roundId', () => ID, { description: 'Round id.' }) roundId: string, @Arg('threshold', () => Float, { description: 'Minimum mean score.' }) threshold: number, @Ctx() ctx: RequestContext): Promise<JuryRoundView> {
    const round = await ctx.services.contest.jury.closeRound(roundId, threshold);
    return (await this.roundViews(ctx, round.contestId)).find((r) => r.id === round.id)!;
  }

  @Authorized('moderation')
  @Mutation(() => ContestView, { description: 'Publishes the results once the vote is closed: prizes and void-vote tallies are frozen.' })
  async publishContestResults(@Arg('contestId', () => ID, { description: 'Contest id.' }) contestId: string, @Ctx() ctx: RequestContext): Promise<ContestView> {
    return this.contestView(ctx, await ctx.services.contest.results.publish(contestId, viewerUserId(ctx)), 'fr');
  }

  @Authorized('moderation')
  @Mutation(() => ContestView, { description: 'Withdraws a mistaken publication of the results (logged with who and why): the prizes go, rounds, scores and votes stay, and the results can be published again. CONFLICT if they are not published.' })
  async withdrawContestResults(
    @Arg('contestId', () => ID, { description: 'Contest id.' }) contestId: string,
    @Arg('reason', { description: 'Why (required, at most 2000 characters); kept in the log.' }) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ContestView> {
    return this.contestView(ctx, await ctx.services.contest.results.withdrawPublication(contestId, reason, viewerUserId(ctx)), 'fr');
  }

  @Authorized('moderation')
  @Query(() => ReportFileView, { description: 'The whole campaign as a file (Pôle): every entry with its moderation, each round’s outcome, public votes and prizes; the XLSX and the PDF add the tallies and the publication log.' })
  async contestCampaignReport(
    @Arg('contestId', () => ID, { description: 'Contest id.' }) contestId: string,
    @Arg('format', () => ReportFormatEnum, { defaultValue: 'XLSX', description: 'CSV, XLSX or PDF.' }) format: 'CSV' | 'XLSX' | 'PDF',
    @Ctx() ctx: RequestContext,
  ): Promise<ReportFileView> {
    const report = await buildCampaignReport(ctx.services.contest.deps, contestId, format);
    return { filename: report.filename, mimeType: report.mimeType, base64: report.bytes.toString('base64') };
  }

  // No @Authorized: out of a moderator's reach, the release looks missing (NOT_FOUND), as an unknown entry does.
  @Query(() => ReportFileView, { description: 'The signed release of the people in an entry’s photo, for the Pôle’s moderators; NOT_FOUND for anyone else and for an entry without one.' })
  async contestEntryRelease(@Arg('entryId', () => ID, { description: 'Entry id.' }) entryId: string, @Ctx() ctx: RequestContext): Promise<ReportFileView> {
    const release = await readPeopleRelease(ctx.services.contest.deps, ctx.viewer ?? null, entryId);
    return { filename: release.filename, mimeType: release.mimeType, base64: release.bytes.toString('base64') };
  }

  @Authorized('moderation')
  @Query(() => [ResultsLogEntry], { description: 'Every publication of the results and every withdrawal, oldest first, with who and why (Pôle).' })
  contestResultsLog(@Arg('contestId', () => ID, { description: 'Contest id.' }) contestId: string, @Ctx() ctx: RequestContext): Promise<ResultsLogEntry[]> {
    return ctx.services.contest.results.publicationLog(contestId);
  }
}
