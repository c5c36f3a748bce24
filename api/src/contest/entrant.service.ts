import { CONTEST_LIMITS, normaliseEmail, pickLanguage, type AgeBand, type EntryFlag, type Language } from '@nfc/shared';
import { attachUpload, entrantUploads } from '../media/attachments';
import type { EntityManager } from 'typeorm';
import { OPERATOR } from '../auth/viewer';
import { AppError, assertUuid, badUserInput, forbidden, isUniqueViolation, notFound } from '../common/errors';
import { SqlParams } from '../common/sql-params';
import { entryAccess } from './entry.access';
import { consume } from '../common/rate-limits';
import { TerritoryService } from '../territory/territory.service';
import { signContestToken } from './contest-access';
import { findContest, phaseOf, recordTransition, editionLink, type ContestDeps } from './contest-deps';
import { Contest, ContestEntrant, ContestEntry, ContestRulesVersion } from './contest.entities';
import { refused } from './contest-errors';
import { codeAccount } from './one-time-codes';

export interface RegisterEntrantInput {
  email: string;
  fullName: string;
  communeInsee: string;
  ageBand: AgeBand;
  guardianName?: string | null;
  guardianEmail?: string | null;
  acceptedRulesVersion: number;
  acceptLicence: boolean;
  creditLine: string;
  language: Language;
}

export interface EntryInput {
  categoryId: string;
  title: string;
  description?: string | null;
  altText: string;
  communeInsee: string;
  peoplePresent: boolean;
  peopleConsent: boolean;
  /**
   * A signed release of the people recognisable in the photo, uploaded first
   * (POST /uploads?purpose=PEOPLE_RELEASE). On a correction, absent keeps the one attached,
   * a new one replaces it; an entry without people keeps none.
   */
  releaseUploadId?: string | null;
}

export interface CodeSent {
  sentTo: string;
  expiresAt: Date;
}

/** States that count towards the entry limit and hold the photo's fingerprint. */
const LIVE_STATES = ['SUBMITTED', 'PENDING_MODERATION', 'APPROVED', 'CHANGES_REQUESTED', 'REJECTED'];

/**
 * The answer to a code request, identical whether or not the address is known, so that
 * nobody learns who registered by asking.
 */
export function codeSentTo(email: string): CodeSent {
  return { sentTo: maskEmail(email.trim()), expiresAt: new Date(Date.now() + CONTEST_LIMITS.codeTtlMinutes * 60_000) };
}

/** "j***@example.org": shows where the code went without repeating the address. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

function currentRules(db: EntityManager | ContestDeps['dataSource'], contestId: string): Promise<ContestRulesVersion | null> {
  return db.getRepository(ContestRulesVersion).findOne({ where: { contestId }, order: { version: 'DESC' } });
}

/**
 * The resident's side of the contest: registering (eligibility, consents), proving the
 * address, submitting photos, and their rights over their data.
 */
export class EntrantService {
  private readonly territory: TerritoryService;

  constructor(private readonly deps: ContestDeps) {
    this.territory = new TerritoryService(deps.dataSource);
  }

  /**
   * Registers (or updates, while unverified) an entrant and emails a code. An address that
   * is already verified is never overwritten by someone else: it just gets a new code.
   */
  async register(contestSlug: string, input: RegisterEntrantInput, ip: string): Promise<CodeSent> {
    const { dataSource, codes, mailer } = this.deps;
    const contest = await findContest(dataSource, { slug: contestSlug });
    if (phaseOf(contest) !== 'SUBMISSION') throw refused('OUTSIDE_WINDOW', 'Registrations are open only while photos can be submitted.');
    await consume(this.deps.rateLimits.loginByIp, `contest-register:${ip}`);
    const email = input.email.trim();
    const emailNormalised = normaliseEmail(email);
    await consume(this.deps.rateLimits.loginByEmail, `contest-register:${emailNormalised}`);
    if (!(await this.isTerritoryCommune(input.communeInsee))) {
      throw refused('NOT_A_RESIDENT', 'The contest is open to residents of the 197 communes of Nord Franche-Comté.', 'communeInsee');
    }
    if (input.ageBand === 'UNDER_15' && (!input.guardianName?.trim() || !input.guardianEmail?.trim())) {
      throw refused('GUARDIAN_REQUIRED', 'Under 15, a parent or guardian must consent: give their name and email.', 'guardianEmail');
    }
    if (input.ageBand === 'UNDER_15' && normaliseEmail(input.guardianEmail!) === emailNormalised) {
      throw refused('GUARDIAN_REQUIRED', "The guardian's address must be their own.", 'guardianEmail');
    }
    const rules = await currentRules(dataSource, contest.id);
    if (!rules || input.acceptedRulesVersion !== rules.version) {
      throw refused('CONSENT_REQUIRED', `Accept the current rules (version ${rules?.version ?? 1}).`, 'acceptedRulesVersion', { currentRulesVersion: rules?.version ?? null });
    }
    if (!input.acceptLicence) throw refused('CONSENT_REQUIRED', 'Entering means granting the Pôle the licence described in the rules.', 'acceptLicence');

    const fields = {
      email,
      fullName: input.fullName.trim(),
      communeInsee: input.communeInsee,
      ageBand: input.ageBand,
      guardianName: input.ageBand === 'UNDER_15' ? input.guardianName!.trim() : null,
      guardianEmail: input.ageBand === 'UNDER_15' ? input.guardianEmail!.trim() : null,
      rulesVersion: rules.version,
      licenceAcceptedAt: new Date(),
      creditLine: input.creditLine.trim(),
      locale: input.language,
    };
    const repository = dataSource.getRepository(ContestEntrant);
    let entrant = await repository.findOne({ where: { contestId: contest.id, emailNormalised } });
    if (!entrant) {
      try {
        entrant = await repository.save(repository.create({ contestId: contest.id, emailNormalised, emailVerifiedAt: null, guardianConsentAt: null, ...fields }));
      } catch (error) {
        if (!isUniqueViolation(error, 'contest_entrant_email_key')) throw error;
        entrant = await repository.findOneOrFail({ where: { contestId: contest.id, emailNormalised } });
      }
    } else if (!entrant.emailVerifiedAt) {
      await repository.update({ id: entrant.id }, fields);
    }
    const { code, expiresAt } = await codes.issue('ENTRANT', entrant.id, codeAccount(contest.id, 'ENTRANT', emailNormalised), ip);
    const language = entrant.emailVerifiedAt ? entrant.locale : input.language;
    await mailer.send(
      entrant.email,
      { kind: 'ENTRANT_CODE', contestTitle: pickLanguage(contest.title, language), code, link: editionLink(this.deps.publicSiteUrl, language, contest, 'participer', `?etape=code&email=${encodeURIComponent(entrant.email)}`) },
      language,
    );
    return { sentTo: maskEmail(entrant.email), expiresAt };
  }

  /** A returning entrant asks for a code. The answer is the same whether or not the address is known. */
  async requestCode(contestSlug: string, email: string, ip: string): Promise<CodeSent> {
    const { dataSource, codes, mailer } = this.deps;
    const contest = await findContest(dataSource, { slug: contestSlug });
    await consume(this.deps.rateLimits.loginByIp, `contest-code:${ip}`);
    const emailNormalised = normaliseEmail(email);
    await consume(this.deps.rateLimits.loginByEmail, `contest-code:${emailNormalised}`);
    const entrant = await dataSource.getRepository(ContestEntrant).findOne({ where: { contestId: contest.id, emailNormalised } });
    const account = codeAccount(contest.id, 'ENTRANT', emailNormalised);
    if (!entrant) await codes.requestWithoutCode(account, ip);
    if (entrant) {
      const issued = await codes.issue('ENTRANT', entrant.id, account, ip);
      await mailer.send(
        entrant.email,
        { kind: 'ENTRANT_CODE', contestTitle: pickLanguage(contest.title, entrant.locale), code: issued.code, link: editionLink(this.deps.publicSiteUrl, entrant.locale, contest, 'mes-photos') },
        entrant.locale,
      );
    }
    return codeSentTo(email);
  }

  /** Spends the emailed code: the address is verified and a contest session starts. */
  async verify(contestSlug: string, email: string, code: string, ip: string): Promise<{ token: string; expiresAt: Date }> {
    const { dataSource, codes } = this.deps;
    const contest = await findContest(dataSource, { slug: contestSlug });
    const entrant = await dataSource.getRepository(ContestEntrant).findOne({ where: { contestId: contest.id, emailNormalised: normaliseEmail(email) } });
    await codes.consume('ENTRANT', entrant?.id ?? null, code, codeAccount(contest.id, 'ENTRANT', normaliseEmail(email)), ip);
    const firstTime = !entrant!.emailVerifiedAt;
    if (firstTime) await dataSource.query(`UPDATE contest_entrant SET email_verified_at = now() WHERE id = $1`, [entrant!.id]);
    return signContestToken({ role: 'ENTRANT', id: entrant!.id, contestId: contest.id }, this.deps.secret);
  }

  /**
   * Emails the guardian a code and a link to the consent page, where they see what they are
   * asked to allow. Within the guardian's budgets (one entrant's consent is one account).
   */
  private async askGuardian(contest: Contest, entrant: ContestEntrant, ip: string): Promise<void> {
    const { code } = await this.deps.codes.issue('GUARDIAN', entrant.id, codeAccount(contest.id, 'GUARDIAN', entrant.id), ip);
    const waiting: Array<{ count: number }> = await this.deps.dataSource.query(`SELECT count(*)::int AS count FROM contest_entry WHERE entrant_id = $1 AND state = 'SUBMITTED'`, [entrant.id]);
    await this.deps.mailer.send(
      entrant.guardianEmail!,
      {
        kind: 'GUARDIAN_CONSENT',
        contestTitle: pickLanguage(contest.title, entrant.locale),
        entrantName: entrant.fullName,
        guardianName: entrant.guardianName!,
        photos: waiting[0]?.count ?? 0,
        code,
        link: editionLink(this.deps.publicSiteUrl, entrant.locale, contest, 'autorisation', `?participant=${entrant.id}`),
      },
      entrant.locale,
    );
  }

  /**
   * A minor's photos wait for their guardian, who is asked once the first of a batch arrives:
   * a code sent in the last ten minutes already covers the photos that follow it, since the
   * consent page shows every photo waiting when it is opened. A spent budget does not refuse
   * the photo (it is saved): the entrant or the guardian asks again later.
   */
  private async askGuardianForNewPhoto(contest: Contest, entrant: ContestEntrant): Promise<void> {
    const [recent] = await this.deps.dataSource.query(
      `SELECT 1 FROM contest_code WHERE subject_id = $1 AND purpose = 'GUARDIAN' AND consumed_at IS NULL AND expires_at > now() + make_interval(mins => $2)`,
      [entrant.id, CONTEST_LIMITS.codeTtlMinutes - 10],
    );
    if (recent) return;
    await this.askGuardian(contest, entrant, 'system:new-photo').catch((error: unknown) => {
      if (!(error instanceof AppError && error.extensions.code === 'RATE_LIMITED')) throw error;
      this.deps.logger.info({ entrantId: entrant.id }, 'guardian budget spent: not emailed for a new photo');
    });
  }

  /** The entrant asks for their guardian to be emailed again (entrant session). */
  async remindGuardian(entrantId: string, ip: string): Promise<CodeSent> {
    const entrant = await this.entrant(entrantId);
    if (entrant.ageBand !== 'UNDER_15' || !entrant.guardianEmail) throw refused('GUARDIAN_REQUIRED', 'Only an entrant under 15 has a guardian to ask.');
    const contest = await findContest(this.deps.dataSource, { id: entrant.contestId });
    await this.askGuardian(contest, entrant, ip);
    return codeSentTo(entrant.guardianEmail);
  }

  /**
   * The guardian asks for a new code from the consent page, at any time (a code expires after
   * thirty minutes; an email gets lost). The answer is the same for any participant id, known
   * or not, and the code only ever goes to the address the entrant gave.
   */
  async renewGuardianCode(entrantId: string, ip: string): Promise<void> {
    const { entrant, account } = await this.guardianSubject(entrantId);
    if (!entrant?.guardianEmail) {
      await this.deps.codes.requestWithoutCode(account, ip);
      return;
    }
    const contest = await findContest(this.deps.dataSource, { id: entrant.contestId });
    await this.askGuardian(contest, entrant, ip);
  }

  private async guardianSubject(entrantId: string): Promise<{ entrant: ContestEntrant | null; account: string }> {
    assertUuid(entrantId, 'participant');
    const entrant = await this.deps.dataSource.getRepository(ContestEntrant).findOne({ where: { id: entrantId } });
    const usable = entrant && entrant.ageBand === 'UNDER_15' ? entrant : null;
    return { entrant: usable, account: codeAccount(entrant?.contestId ?? 'none', 'GUARDIAN', entrantId) };
  }

  /**
   * What the guardian is asked to allow, shown before they decide, with the code they received
   * (checked, not spent): the photos waiting, the name published with them, the licence and
   * the rules. Nothing here without the code, so a forwarded link shows nothing.
   */
  async guardianReview(entrantId: string, code: string, ip: string): Promise<{ contest: Contest; entrant: ContestEntrant; rules: ContestRulesVersion | null; waiting: ContestEntry[] }> {
    const { entrant, account } = await this.guardianSubject(entrantId);
    await this.deps.codes.check('GUARDIAN', entrant?.id ?? null, code, account, ip);
    const contest = await findContest(this.deps.dataSource, { id: entrant!.contestId });
    const [rules, waiting] = await Promise.all([currentRules(this.deps.dataSource, contest.id), this.deps.dataSource.getRepository(ContestEntry).find({ where: { entrantId, state: 'SUBMITTED' }, order: { submittedAt: 'ASC' } })]);
    return { contest, entrant: entrant!, rules, waiting };
  }

  /**
   * The guardian decides, spending their code. Consent moves the photos they saw to
   * moderation; a refusal withdraws them (never public, out of every count). Only the photos
   * listed are decided, so a photo that arrived after the page was opened waits for its own
   * consent; without a list, every waiting photo is.
   */
  async decideGuardianConsent(entrantId: string, code: string, decision: 'CONSENT' | 'REFUSE', entryIds: string[] | null, ip: string): Promise<number> {
    for (const id of entryIds ?? []) assertUuid(id, 'entryIds');
    const { entrant, account } = await this.guardianSubject(entrantId);
    await this.deps.codes.consume('GUARDIAN', entrant?.id ?? null, code, account, ip);
    return this.deps.dataSource.transaction(async (db) => {
      await db.query(`SELECT id FROM contest_entrant WHERE id = $1 FOR UPDATE`, [entrantId]);
      if (decision === 'CONSENT') await db.query(`UPDATE contest_entrant SET guardian_consent_at = now() WHERE id = $1`, [entrantId]);
      const waiting = await db.getRepository(ContestEntry).find({ where: { entrantId, state: 'SUBMITTED' } });
      const decided = waiting.filter((entry) => !entryIds || entryIds.includes(entry.id));
      for (const entry of decided) {
        if (decision === 'CONSENT') await recordTransition(db, entry, 'PENDING_MODERATION', { actor: 'GUARDIAN' }, 'Guardian consent given.');
        else await recordTransition(db, entry, 'WITHDRAWN', { actor: 'GUARDIAN' }, 'The guardian refused consent.');
      }
      return decided.length;
    });
  }

  async currentRulesVersion(contestId: string): Promise<number> {
    return (await currentRules(this.deps.dataSource, contestId))?.version ?? 0;
  }

  /**
   * Accepts a newer version of the rules. Only the current one can be accepted: a page left
   * open on an older version must show the new text first.
   */
  async acceptRules(entrantId: string, version: number): Promise<number> {
    const entrant = await this.entrant(entrantId);
    const current = await this.currentRulesVersion(entrant.contestId);
    if (version !== current) throw refused('CONSENT_REQUIRED', `Accept the current rules (version ${current}).`, 'version', { currentRulesVersion: current });
    if (entrant.rulesVersion !== current) await this.deps.dataSource.query(`UPDATE contest_entrant SET rules_version = $2, licence_accepted_at = now() WHERE id = $1`, [entrantId, current]);
    return current;
  }

  /** A new rules version is accepted before the entrant's next photo or correction. */
  private async assertRulesAccepted(entrant: ContestEntrant): Promise<void> {
    const current = await this.currentRulesVersion(entrant.contestId);
    if (entrant.rulesVersion < current) {
      throw refused('CONSENT_REQUIRED', `The rules changed (version ${current}): read and accept them to go on.`, 'acceptedRulesVersion', { currentRulesVersion: current });
    }
  }

  async entrant(entrantId: string): Promise<ContestEntrant> {
    const entrant = await this.deps.dataSource.getRepository(ContestEntrant).findOne({ where: { id: entrantId } });
    if (!entrant) throw notFound('Entrant', entrantId);
    return entrant;
  }

  /**
   * Attaches an uploaded photo as an entry, after every eligibility check, in the entry's own
   * transaction. A refusal that concerns the photo itself deletes the upload (nothing is left
   * behind), but never one that another entry holds: that is UPLOAD_IN_USE, and it stays.
   */
  async submit(entrantId: string, uploadId: string, input: EntryInput): Promise<ContestEntry> {
    assertUuid(uploadId, 'uploadId');
    assertUuid(input.categoryId, 'categoryId');
    const releaseId = input.releaseUploadId || null;
    const { dataSource, media } = this.deps;
    const entrant = await this.entrant(entrantId);
    const contest = await findContest(dataSource, { id: entrant.contestId });
    if (!entrant.emailVerifiedAt) throw refused('EMAIL_NOT_VERIFIED', 'Confirm your email address with the code first.');
    if (phaseOf(contest) !== 'SUBMISSION') throw refused('OUTSIDE_WINDOW', 'Photos can be submitted only while the submission window is open.');
    if (entrant.ageBand === 'UNDER_15' && !entrant.guardianName) throw refused('GUARDIAN_REQUIRED', 'A guardian must be named for an entrant under 15.');
    await this.assertRulesAccepted(entrant);
    await this.checkEntryFields(contest.id, input);

    const [item] = await dataSource.query(
      `SELECT id, width, height, sha256, perceptual_hash, captured_at, gps_lat, gps_lon, attached_at FROM media_item WHERE id = $1 AND entrant_id = $2 AND purpose = 'PHOTO'`,
      [uploadId, entrantId],
    );
    if (!item) throw notFound('Upload', uploadId);
    if (item.attached_at) throw badUserInput('This upload is already part of an entry.', [{ field: 'uploadId', message: 'Already used.' }]);

    // A refused photo goes, unless something holds it by now (discardUnattached checks under a lock).
    const photo = await this.checkPhoto(contest, item, input.communeInsee).catch(async (error: unknown) => {
      await media.discardUnattached(uploadId).catch(() => undefined);
      // The release sent for this photo goes with it: no orphan waits for the sweeper.
      if (releaseId) await this.discardOwnRelease(entrantId, releaseId);
      throw error;
    });

    try {
      const entry = await dataSource.transaction(async (db) => {
        // The entrant's row is the lock: two submissions at once cannot both pass the limit.
        await db.query(`SELECT id FROM contest_entrant WHERE id = $1 FOR UPDATE`, [entrantId]);
        // Attached in this transaction, before the entry is written: an upload another entry
        // holds (a second submission of it, at once or later) is refused and left as it is.
        await attachUpload(db, { uploadId, purposes: ['PHOTO'], owner: entrantUploads(entrantId), field: 'uploadId' });
        if (releaseId) await attachUpload(db, { uploadId: releaseId, purposes: ['PEOPLE_RELEASE'], owner: entrantUploads(entrantId), field: 'releaseUploadId' });
        const counts: Array<{ category_id: string; count: number }> = await db.query(
          `SELECT category_id, count(*)::int AS count FROM contest_entry WHERE entrant_id = $1 AND state = ANY($2) GROUP BY category_id`,
          [entrantId, LIVE_STATES],
        );
        const total = counts.reduce((sum, row) => sum + row.count, 0);
        const inCategory = counts.find((row) => row.category_id === input.categoryId)?.count ?? 0;
        if (contest.maxEntriesTotal !== null && total >= contest.maxEntriesTotal) {
          throw refused('ENTRY_LIMIT_REACHED', `Each entrant may submit ${contest.maxEntriesTotal} photos in all.`, undefined, { limit: contest.maxEntriesTotal });
        }
        if (contest.maxEntriesPerCategory !== null && inCategory >= contest.maxEntriesPerCategory) {
          throw refused('ENTRY_LIMIT_REACHED', `Each entrant may submit ${contest.maxEntriesPerCategory} photos per category.`, 'categoryId', { limit: contest.maxEntriesPerCategory });
        }
        const repository = db.getRepository(ContestEntry);
        const saved = await repository.save(
          repository.create({
            contestId: contest.id,
            entrantId,
            categoryId: input.categoryId,
            mediaId: uploadId,
            photoSha256: item.sha256,
            perceptualHash: item.perceptual_hash,
            title: input.title.trim(),
            description: input.description?.trim() || null,
            altText: input.altText.trim(),
            communeInsee: input.communeInsee,
            gpsCommuneInsee: photo.gpsCommuneInsee,
            flags: photo.flags,
            nearDuplicateOfId: photo.nearDuplicateOfId,
            peoplePresent: input.peoplePresent,
            peopleConsent: input.peopleConsent,
            releaseMediaId: releaseId,
            creditLine: entrant.creditLine,
            state: 'SUBMITTED',
            stateReason: null,
          }),
        );
        await db.query(`INSERT INTO contest_entry_transition (entry_id, from_state, to_state, actor) VALUES ($1, NULL, 'SUBMITTED', 'ENTRANT')`, [saved.id]);
        // A minor's every photo waits for the guardian, who consents to the photos they see.
        if (entrant.ageBand !== 'UNDER_15') await recordTransition(db, saved, 'PENDING_MODERATION', { actor: 'SYSTEM' }, photo.flags.length ? `Flagged: ${photo.flags.join(', ')}` : null);
        return saved;
      });
      if (entrant.ageBand === 'UNDER_15') {
        // The photo is saved whatever happens to the email; the entrant can ask again.
        await this.askGuardianForNewPhoto(contest, entrant).catch((error: unknown) => this.deps.logger.warn({ err: error, entrantId }, 'guardian not emailed for a new photo'));
      }
      return entry;
    } catch (error) {
      // Refusals of the submission itself leave nothing behind: the upload goes too.
      const refusal = isUniqueViolation(error, 'contest_entry_sha256_key')
        ? refused('DUPLICATE_PHOTO', 'This photo has already been entered.', 'uploadId')
        : error instanceof AppError && error.extensions.reason === 'ENTRY_LIMIT_REACHED'
          ? error
          : null;
      if (!refusal) throw error;
      await media.discardUnattached(uploadId).catch(() => undefined);
      if (releaseId) await this.discardOwnRelease(entrantId, releaseId);
      throw refusal;
    }
  }

  /** The photo's own checks: resolution, same photo, capture date, and where GPS places it. */
  private async checkPhoto(
    contest: Contest,
    item: { width: number | null; height: number | null; sha256: string; perceptual_hash: string | null; captured_at: Date | null; gps_lat: number | null; gps_lon: number | null },
    declaredCommune: string,
  ): Promise<{ flags: EntryFlag[]; gpsCommuneInsee: string | null; nearDuplicateOfId: string | null }> {
    const { dataSource } = this.deps;
    const megapixels = ((item.width ?? 0) * (item.height ?? 0)) / 1_000_000;
    if (megapixels < contest.minMegapixels) {
      throw refused('RESOLUTION_TOO_LOW', `The photo has ${megapixels.toFixed(1)} megapixels; at least ${contest.minMegapixels} are needed.`, 'uploadId', { megapixels: Number(megapixels.toFixed(2)), minMegapixels: contest.minMegapixels });
    }
    const [same] = await dataSource.query(`SELECT 1 FROM contest_entry WHERE photo_sha256 = $1 AND state = ANY($2) LIMIT 1`, [item.sha256, LIVE_STATES]);
    if (same) throw refused('DUPLICATE_PHOTO', 'This photo has already been entered.', 'uploadId');

    const flags: EntryFlag[] = [];
    if (contest.captureFrom || contest.captureTo) {
      if (!item.captured_at) {
        flags.push('NO_CAPTURE_DATE');
      } else {
        const day = new Date(item.captured_at).toISOString().slice(0, 10);
        if ((contest.captureFrom && day < contest.captureFrom) || (contest.captureTo && day > contest.captureTo)) {
          throw refused('CAPTURE_DATE_OUTSIDE_WINDOW', `The photo must be taken between ${contest.captureFrom ?? '…'} and ${contest.captureTo ?? '…'} (it was taken on ${day}).`, 'uploadId');
        }
      }
    }

    let gpsCommuneInsee: string | null = null;
    if (item.gps_lat !== null && item.gps_lon !== null) {
      const commune = await this.territory.communeAt(item.gps_lat, item.gps_lon);
      if (!commune) {
        if (contest.outsideTerritory === 'REFUSE') throw refused('OUTSIDE_TERRITORY', 'The location recorded in the photo is outside Nord Franche-Comté.', 'uploadId');
        flags.push('GPS_OUTSIDE_TERRITORY');
      } else {
        gpsCommuneInsee = commune.inseeCode;
        if (commune.inseeCode !== declaredCommune) flags.push('GPS_COMMUNE_MISMATCH');
      }
    }

    let nearDuplicateOfId: string | null = null;
    if (item.perceptual_hash) {
      // 64-bit difference hashes compared by Hamming distance; contests hold thousands of entries, not millions.
      const [near] = await dataSource.query(
        `SELECT id FROM contest_entry
         WHERE perceptual_hash IS NOT NULL AND state = ANY($2)
           AND bit_count(('x' || perceptual_hash)::bit(64) # ('x' || $1)::bit(64)) <= $3
         ORDER BY bit_count(('x' || perceptual_hash)::bit(64) # ('x' || $1)::bit(64)) LIMIT 1`,
        [item.perceptual_hash, LIVE_STATES, CONTEST_LIMITS.nearDuplicateDistance],
      );
      if (near) {
        flags.push('NEAR_DUPLICATE');
        nearDuplicateOfId = near.id;
      }
    }
    return { flags, gpsCommuneInsee, nearDuplicateOfId };
  }

  /** Discards a release sent with a refused photo, only if it is this entrant's own upload (an id from elsewhere is left alone). */
  private async discardOwnRelease(entrantId: string, releaseId: string): Promise<void> {
    const [own] = await this.deps.dataSource.query(`SELECT 1 FROM media_item WHERE id = $1 AND entrant_id = $2 AND purpose = 'PEOPLE_RELEASE'`, [releaseId, entrantId]).catch(() => []);
    if (own) await this.deps.media.discardUnattached(releaseId).catch(() => undefined);
  }

  /** Corrects an entry the moderator sent back; it returns to moderation. */
  async update(entrantId: string, entryId: string, input: EntryInput): Promise<ContestEntry> {
    const entry = await this.ownEntry(entrantId, entryId);
    if (entry.state !== 'CHANGES_REQUESTED') throw forbidden('Only an entry sent back for changes can be edited.');
    await this.assertRulesAccepted(await this.entrant(entrantId));
    await this.checkEntryFields(entry.contestId, input);
    const { updated, letGo } = await this.deps.dataSource.transaction(async (db) => {
      // CASE: two corrections at once (a double submit): the second waits here and finds the entry back in moderation.
      const current = await db.getRepository(ContestEntry).findOne({ where: { id: entry.id }, lock: { mode: 'pessimistic_write' } });
      if (!current || current.state !== 'CHANGES_REQUESTED') throw forbidden('Only an entry sent back for changes can be edited.');
      // A new release replaces the one held; an entry no longer declaring people keeps none.
      const releaseMediaId = input.releaseUploadId || (input.peoplePresent ? current.releaseMediaId : null);
      const flags: EntryFlag[] = current.flags.filter((flag) => flag !== 'GPS_COMMUNE_MISMATCH');
      if (current.gpsCommuneInsee && current.gpsCommuneInsee !== input.communeInsee) flags.push('GPS_COMMUNE_MISMATCH');
      if (input.releaseUploadId) await attachUpload(db, { uploadId: input.releaseUploadId, purposes: ['PEOPLE_RELEASE'], owner: entrantUploads(entrantId), field: 'releaseUploadId' });
      await db.getRepository(ContestEntry).update(
        { id: current.id },
        { categoryId: input.categoryId, title: input.title.trim(), description: input.description?.trim() || null, altText: input.altText.trim(), communeInsee: input.communeInsee, peoplePresent: input.peoplePresent, peopleConsent: input.peopleConsent, releaseMediaId, flags },
      );
      await recordTransition(db, current, 'PENDING_MODERATION', { actor: 'ENTRANT' }, 'Corrected by the entrant.');
      return { updated: await db.getRepository(ContestEntry).findOneByOrFail({ id: current.id }), letGo: current.releaseMediaId && current.releaseMediaId !== releaseMediaId ? current.releaseMediaId : null };
    });
    // The release let go is deleted with its file: no orphan. A failure here leaves a file the logs name, not a broken answer.
    if (letGo) await this.deps.media.delete(letGo, OPERATOR).catch((error: unknown) => this.deps.logger.warn({ err: error, mediaId: letGo }, 'replaced release not deleted'));
    return updated;
  }

  /** Withdraws an entry, until the results are published. Its photo stops being public at once. */
  async withdraw(entrantId: string, entryId: string): Promise<ContestEntry> {
    const entry = await this.ownEntry(entrantId, entryId);
    const contest = await findContest(this.deps.dataSource, { id: entry.contestId });
    if (contest.resultsPublishedAt) throw refused('OUTSIDE_WINDOW', 'Entries can no longer be withdrawn once the results are published; you may still ask for erasure.');
    if (entry.state === 'WITHDRAWN' || entry.state === 'ERASED') return entry;
    return this.deps.dataSource.transaction(async (db) => {
      await recordTransition(db, entry, 'WITHDRAWN', { actor: 'ENTRANT' });
      if (entry.mediaId) await db.query(`UPDATE media_item SET visibility = 'PRIVATE' WHERE id = $1`, [entry.mediaId]);
      return entry;
    });
  }

  async entries(entrantId: string): Promise<ContestEntry[]> {
    return this.deps.dataSource.getRepository(ContestEntry).find({ where: { entrantId }, order: { submittedAt: 'ASC' } });
  }

  /** Everything held about the entrant, as JSON (GDPR art. 15 and 20). */
  async exportData(entrantId: string): Promise<Record<string, unknown>> {
    const { dataSource } = this.deps;
    const entrant = await this.entrant(entrantId);
    const entries = await this.entries(entrantId);
    const transitions = entries.length
      ? await dataSource.query(`SELECT entry_id, from_state, to_state, actor, reason, at FROM contest_entry_transition WHERE entry_id = ANY($1) ORDER BY at, id`, [entries.map((e) => e.id)])
      : [];
    const photos = entries.length
      ? await dataSource.query(`SELECT id, mime_type, byte_size, width, height, sha256, captured_at, gps_lat, gps_lon, created_at FROM media_item WHERE id = ANY($1)`, [entries.flatMap((e) => [e.mediaId, e.releaseMediaId]).filter(Boolean)])
      : [];
    return {
      exportedAt: new Date().toISOString(),
      entrant: {
        email: entrant.email,
        emailVerifiedAt: entrant.emailVerifiedAt,
        fullName: entrant.fullName,
        communeInsee: entrant.communeInsee,
        ageBand: entrant.ageBand,
        guardianName: entrant.guardianName,
        guardianEmail: entrant.guardianEmail,
        guardianConsentAt: entrant.guardianConsentAt,
        rulesVersionAccepted: entrant.rulesVersion,
        licenceAcceptedAt: entrant.licenceAcceptedAt,
        creditLine: entrant.creditLine,
        language: entrant.locale,
        registeredAt: entrant.createdAt,
      },
      entries: entries.map((entry) => ({
        id: entry.id,
        title: entry.title,
        description: entry.description,
        altText: entry.altText,
        communeInsee: entry.communeInsee,
        gpsCommuneInsee: entry.gpsCommuneInsee,
        peoplePresent: entry.peoplePresent,
        peopleConsent: entry.peopleConsent,
        creditLine: entry.creditLine,
        state: entry.state,
        stateReason: entry.stateReason,
        submittedAt: entry.submittedAt,
        photo: photos.find((photo: { id: string }) => photo.id === entry.mediaId) ?? null,
        peopleRelease: photos.find((file: { id: string }) => file.id === entry.releaseMediaId) ?? null,
        history: transitions.filter((t: { entry_id: string }) => t.entry_id === entry.id).map(({ entry_id: _ignored, ...rest }: Record<string, unknown>) => rest),
      })),
    };
  }

  /**
   * Erases the entrant (GDPR art. 17): files, personal data and the account go. Entries
   * stay as anonymous tombstones (state ERASED, no title, no credit, no photo), so awards
   * and vote tallies already published keep adding up.
   */
  async erase(entrantId: string): Promise<void> {
    await eraseEntrant(this.deps, entrantId);
  }

  private async ownEntry(entrantId: string, entryId: string): Promise<ContestEntry> {
    assertUuid(entryId, 'entryId');
    // The row filter is in the statement: someone else's entry is reported as missing.
    const params = new SqlParams([entryId]);
    const [row] = await this.deps.dataSource.query(`SELECT e.id FROM contest_entry e WHERE e.id = $1 AND ${entryAccess({ entrantId }).own('e', params)}`, params.values);
    const entry = row ? await this.deps.dataSource.getRepository(ContestEntry).findOneBy({ id: entryId }) : null;
    if (!entry) throw notFound('Entry', entryId);
    return entry;
  }

  /** The checks an entry's details need, at submission and at correction alike. */
  private async checkEntryFields(contestId: string, input: EntryInput): Promise<void> {
    if (input.peoplePresent && !input.peopleConsent) {
      throw refused('CONSENT_REQUIRED', 'Confirm that the people who can be recognised agreed to be photographed and published.', 'peopleConsent');
    }
    if (input.releaseUploadId) {
      assertUuid(input.releaseUploadId, 'releaseUploadId');
      // CASE: a release is evidence of the people's consent; an entry with nobody in it holds none.
      if (!input.peoplePresent) throw badUserInput('A release is attached only when people can be recognised in the photo.', [{ field: 'releaseUploadId', message: 'No one is declared in the photo.' }]);
    }
    const [category] = await this.deps.dataSource.query(`SELECT id FROM contest_category WHERE id = $1 AND contest_id = $2`, [input.categoryId, contestId]);
    if (!category) throw badUserInput('This category is not part of the contest.', [{ field: 'categoryId', message: 'Unknown category.' }]);
    if (!(await this.isTerritoryCommune(input.communeInsee))) {
      throw badUserInput('The photo must be taken in one of the 197 communes of Nord Franche-Comté.', [{ field: 'communeInsee', message: 'Not a commune of the territory.' }]);
    }
  }

  private async isTerritoryCommune(insee: string): Promise<boolean> {
    if (!/^[0-9AB]{5}$/.test(insee ?? '')) return false;
    const [row] = await this.deps.dataSource.query(`SELECT 1 FROM commune WHERE insee_code = $1`, [insee]);
    return Boolean(row);
  }
}

/** Turns entries into tombstones and deletes the entrant with every file; shared by erasure and retention. */
export async function eraseEntries(deps: ContestDeps, entryIds: string[], actor: 'ENTRANT' | 'SYSTEM', reason: string): Promise<void> {
  if (!entryIds.length) return;
  const mediaIds: string[] = await deps.dataSource.transaction(async (db) => {
    const entries = await db.getRepository(ContestEntry).find({ where: entryIds.map((id) => ({ id })) });
    for (const entry of entries) {
      if (entry.state !== 'ERASED') await recordTransition(db, entry, 'ERASED', { actor }, reason);
    }
    const rows: Array<{ media_id: string | null; release_media_id: string | null }> = await db.query(`SELECT media_id, release_media_id FROM contest_entry WHERE id = ANY($1)`, [entryIds]);
    await db.query(
      `UPDATE contest_entry SET title = NULL, description = NULL, alt_text = NULL, credit_line = NULL, photo_sha256 = NULL, perceptual_hash = NULL,
         gps_commune_insee = NULL, media_id = NULL, release_media_id = NULL, near_duplicate_of_id = NULL WHERE id = ANY($1)`,
      [entryIds],
    );
    // The log keeps who did what, not what the entrant wrote.
    await db.query(`UPDATE contest_entry_transition SET reason = NULL WHERE entry_id = ANY($1) AND actor IN ('ENTRANT', 'GUARDIAN')`, [entryIds]);
    // The photo and the people's release go with the entry.
    return rows.flatMap((row) => [row.media_id, row.release_media_id]).filter((id): id is string => id !== null);
  });
  for (const id of mediaIds) await deps.media.delete(id, OPERATOR);
}

export async function eraseEntrant(deps: ContestDeps, entrantId: string, actor: 'ENTRANT' | 'SYSTEM' = 'ENTRANT'): Promise<void> {
  const entryIds: string[] = (await deps.dataSource.query(`SELECT id FROM contest_entry WHERE entrant_id = $1`, [entrantId])).map((row: { id: string }) => row.id);
  await eraseEntries(deps, entryIds, actor, actor === 'ENTRANT' ? 'Erased at the entrant’s request.' : 'Erased by the retention policy.');
  const uploads: string[] = (await deps.dataSource.query(`SELECT id FROM media_item WHERE entrant_id = $1`, [entrantId])).map((row: { id: string }) => row.id);
  for (const id of uploads) await deps.media.delete(id, OPERATOR);
  await deps.dataSource.query(`DELETE FROM contest_code WHERE subject_id = $1`, [entrantId]);
  await deps.dataSource.query(`DELETE FROM contest_entrant WHERE id = $1`, [entrantId]);
}
