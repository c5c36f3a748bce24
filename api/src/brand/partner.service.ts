import { TERRITORY, isValidSiret, type LocalizedText, type PartnerType } from '@nfc/shared';
import type { Logger } from '../logger';
import type { Mailer } from '../mail/mailer';
import jwt from 'jsonwebtoken';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password';
import { hasScope, type Viewer } from '../auth/viewer';
import { badUserInput, conflict, forbidden, isUniqueViolation, notFound, unauthenticated, type FieldError } from '../common/errors';
import { Organisation } from '../organisations/organisation.entity';
import { slugify } from '../organisations/slugify';
import { UserAccount } from '../auth/user-account.entity';
import { BrandCharter, PartnerProfile, type PartnerStatus } from './brand.entities';

export interface RegisterPartnerOptions {
  organisationName: string;
  siret: string;
  partnerType: PartnerType;
  epciSiren?: string | null;
  website?: string | null;
  listInDirectory: boolean;
  contactName: string;
  email: string;
  password: string;
}

export interface Partnership {
  status: PartnerStatus;
  partnerType: PartnerType;
  acceptedCharterVersion: number | null;
  currentCharterVersion: number | null;
  canDownloadPartnerAssets: boolean;
  /** The Pôle's reason, when it refused the registration. */
  decisionReason: string | null;
  emailVerified: boolean;
  website: string | null;
  epciSiren: string | null;
  listed: boolean;
}

/** A partner registration as the Pôle reviews it. */
export interface PartnerRequest {
  organisationId: string;
  name: string;
  siret: string;
  /** When the administrator confirmed their address; null: the request does not count yet. */
  emailVerifiedAt: Date | null;
  partnerType: PartnerType;
  epciName: string | null;
  website: string | null;
  listed: boolean;
  status: PartnerStatus;
  decisionReason: string | null;
  decidedAt: Date | null;
  registeredAt: Date;
  acceptedCharterVersion: number | null;
  contacts: Array<{ displayName: string; email: string }>;
}

/** The charter in force and how many partners are bound by it. */
export interface CharterStanding {
  version: number;
  publishedAt: Date;
  /** Partner organisations (any status) that accepted this version. */
  acceptedCount: number;
  /** Approved partners that have not accepted it yet (their partner downloads are paused). */
  approvedAwaitingCount: number;
}

export interface DecidePartnerOptions {
  organisationId: string;
  approve: boolean;
  /** Required to refuse: shown to the partner and e-mailed. */
  reason?: string | null;
  viewer: Viewer;
  /** Tells the partner's administrators; a delivery failure is logged, the decision stands. */
  notify?: { mailer: Mailer; siteUrl: string; logger: Logger };
}

/** The longest reason kept (a few paragraphs). */
export const MAX_DECISION_REASON_LENGTH = 2000;

export interface PartnerListing {
  name: string;
  partnerType: PartnerType;
  epciName: string | null;
  website: string | null;
}

/** How the partner service tells partners: e-mails, and the signed links in them. */
export interface PartnerNotices {
  mailer: Mailer;
  siteUrl: string;
  logger: Logger;
  /** Signs the address-confirmation links. */
  secret: string;
}

/** How long a registration's confirmation link works. */
export const PARTNER_CONFIRMATION_DAYS = 7;

export interface PartnerProfileUpdate {
  website?: string | null;
  listInDirectory?: boolean;
  epciSiren?: string | null;
  partnerType?: PartnerType;
}

/** What is wrong with a partner's EPCI and website, as a registration or an update gives them. */
function profileProblems(profile: { epciSiren?: string | null; website?: string | null }): FieldError[] {
  const problems: FieldError[] = [];
  if (profile.epciSiren && !(TERRITORY.memberEpciSirens as readonly string[]).includes(profile.epciSiren)) problems.push({ field: 'epciSiren', message: 'Not a member EPCI.' });
  if (profile.website && !/^https:\/\/[^\s/$.?#].[^\s]*$/i.test(profile.website)) problems.push({ field: 'website', message: 'Must be an https:// address.' });
  return problems;
}

/** Partners of the brand: registration, the versioned charter, approval, the public directory. */
export class PartnerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly notices?: PartnerNotices,
  ) {}

  private partnerArea(query = ''): string {
    return `${(this.notices?.siteUrl ?? '').replace(/\/+$/, '')}/kit/partenaires${query}`;
  }

  /** The confirmation link's token: the organisation and the address it was sent to, signed, for a week. */
  private confirmationToken(organisationId: string, email: string): string {
    return jwt.sign({ purpose: 'partner-email', email }, `partner-email:${this.notices!.secret}`, { algorithm: 'HS256', subject: organisationId, expiresIn: PARTNER_CONFIRMATION_DAYS * 24 * 3600 });
  }

  /** "Registration received": what happens next, and the link that confirms the address. */
  private async sendConfirmation(organisationId: string, organisationName: string, email: string): Promise<void> {
    if (!this.notices) return;
    const link = this.partnerArea(`?confirmer=${encodeURIComponent(this.confirmationToken(organisationId, email))}`);
    await this.notices.mailer
      .send(email, { kind: 'PARTNER_REGISTERED', organisationName, link, days: PARTNER_CONFIRMATION_DAYS }, 'fr')
      .catch((error: unknown) => this.notices!.logger.warn({ err: error, organisationId }, 'partner confirmation e-mail not sent'));
  }

  /**
   * Confirms a registration's address from the e-mailed link: the request now counts and the Pôle
   * can decide on it. Idempotent; a link for an address the account no longer has is refused.
   */
  async confirmEmail(token: string): Promise<{ organisationName: string }> {
    let claims: { sub?: string; email?: string; purpose?: string };
    try {
      claims = jwt.verify(token, `partner-email:${this.notices!.secret}`, { algorithms: ['HS256'] }) as typeof claims;
    } catch {
      throw badUserInput('This confirmation link is invalid or has expired: ask for a new one from your partner area.', [{ field: 'token', message: 'Invalid or expired.' }]);
    }
    if (claims.purpose !== 'partner-email' || !claims.sub || !claims.email) throw badUserInput('This confirmation link is invalid.', [{ field: 'token', message: 'Invalid.' }]);
    const [row] = await this.dataSource.query(
      `UPDATE partner_profile p SET email_verified_at = coalesce(p.email_verified_at, now())
       FROM organisation o WHERE p.organisation_id = $1 AND o.id = p.organisation_id
         AND EXISTS (SELECT 1 FROM user_account u WHERE u.organisation_id = p.organisation_id AND u.email = $2)
       RETURNING o.name`,
      [claims.sub, claims.email],
    );
    const updated = (row as Array<{ name: string }>)[0];
    if (!updated) throw badUserInput('This confirmation link is invalid.', [{ field: 'token', message: 'Invalid.' }]);
    return { organisationName: updated.name };
  }

  /** A new confirmation e-mail for the signed-in partner whose address is not confirmed yet. */
  async resendConfirmation(viewer: Viewer | null): Promise<boolean> {
    if (!viewer) throw unauthenticated();
    if (viewer.kind !== 'USER') throw forbidden('A person of the partner organisation confirms its address, not an API key.');
    const [row] = await this.dataSource.query(
      `SELECT o.name, p.email_verified_at, u.email FROM partner_profile p JOIN organisation o ON o.id = p.organisation_id JOIN user_account u ON u.id = $2
       WHERE p.organisation_id = $1`,
      [viewer.organisationId, viewer.userId],
    );
    if (!row) throw forbidden('Only partner organisations confirm a registration.');
    if (row.email_verified_at) return false;
    await this.sendConfirmation(viewer.organisationId, row.name, row.email);
    return true;
  }

  /** The partner's own profile: website, EPCI, type and whether it is listed in the directory. */
  async updateProfile(update: PartnerProfileUpdate, viewer: Viewer | null): Promise<void> {
    if (!viewer) throw unauthenticated();
    if (viewer.kind !== 'USER') throw forbidden('A person of the partner organisation updates its profile, not an API key.');
    if (viewer.role !== 'ADMIN') throw forbidden('An administrator of the partner organisation updates its profile.');
    const problems = profileProblems(update);
    if (problems.length) throw badUserInput('The profile is not valid.', problems);
    const [, updated]: [unknown, number] = await this.dataSource.query(
      `UPDATE partner_profile SET
         website = CASE WHEN $2 THEN $3 ELSE website END,
         listed = coalesce($4, listed),
         epci_siren = CASE WHEN $5 THEN $6 ELSE epci_siren END,
         partner_type = coalesce($7::partner_type, partner_type)
       WHERE organisation_id = $1`,
      [viewer.organisationId, update.website !== undefined, update.website?.trim() || null, update.listInDirectory ?? null, update.epciSiren !== undefined, update.epciSiren || null, update.partnerType ?? null],
    );
    if (!updated) throw forbidden('Only partner organisations have a partner profile.');
  }

  /** Registers a partner organisation and its first administrator, pending approval. All or nothing. */
  async register(input: RegisterPartnerOptions): Promise<{ organisation: Organisation; user: UserAccount }> {
    const siret = input.siret.replace(/\s/g, '');
    const problems: FieldError[] = [...(isValidSiret(siret) ? [] : [{ field: 'siret', message: 'Not a valid SIRET (14 digits: a real SIREN, an establishment number, and their check digits).' }]), ...profileProblems(input)];
    if (problems.length) throw badUserInput('The registration is not valid.', problems);

    const passwordHash = await hashPassword(input.password);
    try {
      const registered = await this.dataSource.transaction(async (db) => {
        // Only an approved partner holds its SIRET: a refused or unconfirmed request (a mistake, or
        // someone posing as the company) never keeps the real establishment out.
        const [held] = await db.query(`SELECT 1 FROM partner_profile WHERE siret = $1 AND status = 'APPROVED'`, [siret]);
        if (held) throw conflict('This establishment is already a partner: ask its administrator to invite you.', [{ field: 'siret', message: 'Already a partner.' }]);
        const slugBase = slugify(input.organisationName) || 'partenaire';
        const [{ taken }] = await db.query(`SELECT count(*)::int AS taken FROM organisation WHERE slug = $1 OR slug LIKE $1 || '-%'`, [slugBase]);
        const organisation = await db.getRepository(Organisation).save(
          db.getRepository(Organisation).create({ kind: 'PARTNER', name: input.organisationName.trim(), slug: taken ? `${slugBase}-${taken + 1}` : slugBase, epciSiren: null }),
        );
        const user = await db.getRepository(UserAccount).save(
          db.getRepository(UserAccount).create({
            organisationId: organisation.id,
            email: input.email.trim().toLowerCase(),
            displayName: input.contactName.trim(),
            role: 'ADMIN',
            passwordHash,
            lastLoginAt: null,
          }),
        );
        await db.getRepository(PartnerProfile).insert({
          organisationId: organisation.id,
          siret,
          partnerType: input.partnerType,
          epciSiren: input.epciSiren ?? null,
          website: input.website ?? null,
          listed: input.listInDirectory,
          status: 'PENDING',
          decidedAt: null,
          decisionReason: null,
          emailVerifiedAt: null,
        });
        return { organisation, user };
      });
      await this.sendConfirmation(registered.organisation.id, registered.organisation.name, registered.user.email);
      return registered;
    } catch (error) {
      if (isUniqueViolation(error, 'user_account_email_key')) throw conflict('An account with this email exists.', [{ field: 'email', message: 'Already registered.' }]);
      throw error;
    }
  }

  async currentCharter(): Promise<BrandCharter | null> {
    return this.dataSource.getRepository(BrandCharter).findOne({ where: {}, order: { version: 'DESC' } });
  }

  async partnership(viewer: Viewer | null): Promise<Partnership | null> {
    if (!viewer || viewer.kind === 'OPERATOR') return null;
    const [row] = await this.dataSource.query(
      `SELECT p.status, p.partner_type, p.decision_reason, p.email_verified_at, p.website, p.epci_siren, p.listed,
              (SELECT max(charter_version) FROM charter_acceptance a WHERE a.organisation_id = p.organisation_id) AS accepted,
              (SELECT max(version) FROM brand_charter) AS current
       FROM partner_profile p WHERE p.organisation_id = $1`,
      [viewer.organisationId],
    );
    if (!row) return null;
    return {
      status: row.status,
      partnerType: row.partner_type,
      acceptedCharterVersion: row.accepted,
      currentCharterVersion: row.current,
      canDownloadPartnerAssets: row.status === 'APPROVED' && row.accepted !== null && row.accepted === row.current,
      decisionReason: row.status === 'REJECTED' ? row.decision_reason : null,
      emailVerified: row.email_verified_at !== null,
      website: row.website,
      epciSiren: row.epci_siren,
      listed: row.listed,
    };
  }

  /** Records that the viewer's organisation accepts the charter version it was shown. */
  async acceptCharter(version: number, viewer: Viewer | null): Promise<Partnership> {
    if (!viewer) throw unauthenticated();
    // CASE: an API key is signed in, but a charter is accepted by a person.
    if (viewer.kind !== 'USER') throw forbidden('A person of the partner organisation accepts the charter, not an API key.');
    const current = await this.currentCharter();
    if (!current) throw notFound('Charter', 'current');
    if (version !== current.version) throw conflict(`The charter has changed: read and accept version ${current.version}.`, [{ field: 'version', message: `Current version is ${current.version}.` }]);
    const partnership = await this.partnership(viewer);
    if (!partnership) throw forbidden('Only partner organisations accept the charter.');
    await this.dataSource.query(
      `INSERT INTO charter_acceptance (organisation_id, charter_version, accepted_by_user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [viewer.organisationId, version, viewer.userId],
    );
    return (await this.partnership(viewer))!;
  }

  /**
   * Approves or refuses a partner. A refusal needs a reason, stored and sent to the partner's
   * administrators with the decision; an approval clears any earlier reason.
   */
  async decide({ organisationId, approve, reason, viewer, notify }: DecidePartnerOptions): Promise<PartnerStatus> {
    if (!hasScope(viewer, 'platform:admin')) throw forbidden();
    const text = reason?.trim() ?? '';
    // CASE: a refusal the partner cannot understand is no decision: the reason comes first.
    if (!approve && !text) throw badUserInput('A refusal needs a reason, which the partner will read.', [{ field: 'reason', message: 'Give the reason for the refusal.' }]);
    if (text.length > MAX_DECISION_REASON_LENGTH) throw badUserInput('The reason is too long.', [{ field: 'reason', message: `At most ${MAX_DECISION_REASON_LENGTH} characters.` }]);
    const [profile] = await this.dataSource.query(`SELECT email_verified_at FROM partner_profile WHERE organisation_id = $1`, [organisationId]);
    if (!profile) throw notFound('Partner', organisationId);
    // CASE: an address nobody confirmed may not be the company's: the request does not count yet.
    if (approve && !profile.email_verified_at) throw conflict('The partner has not confirmed their e-mail address yet: the request cannot be approved before.');
    const result = await this.dataSource
      .query(
        `UPDATE partner_profile p SET status = $2, decided_at = now(), decision_reason = $3
         FROM organisation o WHERE p.organisation_id = $1 AND o.id = p.organisation_id RETURNING p.status, o.name`,
        [organisationId, approve ? 'APPROVED' : 'REJECTED', approve ? null : text],
      )
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'partner_profile_siret_approved_key')) throw conflict('Another organisation is already the approved partner for this SIRET.', [{ field: 'organisationId', message: 'SIRET already approved.' }]);
        throw error;
      });
    const rows = result[0] as Array<{ status: PartnerStatus; name: string }>;
    if (!rows.length) throw notFound('Partner', organisationId);
    const [{ status, name }] = rows as [{ status: PartnerStatus; name: string }];
    if (notify) await this.tellPartner({ organisationId, organisationName: name, status, reason: approve ? null : text, notify });
    return status;
  }

  private async tellPartner({ organisationId, organisationName, status, reason, notify }: { organisationId: string; organisationName: string; status: PartnerStatus; reason: string | null; notify: NonNullable<DecidePartnerOptions['notify']> }): Promise<void> {
    const admins: Array<{ email: string }> = await this.dataSource.query(`SELECT email FROM user_account WHERE organisation_id = $1 AND role = 'ADMIN' ORDER BY created_at`, [organisationId]);
    // Partners register on the French site and no language is kept for them: French, the site's first language.
    const link = `${notify.siteUrl.replace(/\/+$/, '')}/kit/partenaires`;
    for (const { email } of admins) {
      await notify.mailer
        .send(email, { kind: 'PARTNER_DECISION', organisationName, decision: status === 'APPROVED' ? 'APPROVED' : 'REJECTED', reason, link }, 'fr')
        .catch((error: unknown) => notify.logger.warn({ err: error, organisationId }, 'partner decision e-mail not sent'));
    }
  }

  /** Partner registrations for the Pôle, oldest first, optionally of some statuses only. */
  async requests(statuses: readonly PartnerStatus[] | null, viewer: Viewer): Promise<PartnerRequest[]> {
    if (!hasScope(viewer, 'brand:write')) throw forbidden();
    const rows: Array<Omit<PartnerRequest, 'contacts'> & { contacts: PartnerRequest['contacts'] | null }> = await this.dataSource.query(
      `SELECT p.organisation_id AS "organisationId", o.name, p.siret, p.email_verified_at AS "emailVerifiedAt", p.partner_type AS "partnerType", e.name AS "epciName", p.website, p.listed,
              p.status, p.decision_reason AS "decisionReason", p.decided_at AS "decidedAt", p.created_at AS "registeredAt",
              (SELECT max(charter_version) FROM charter_acceptance a WHERE a.organisation_id = p.organisation_id) AS "acceptedCharterVersion",
              (SELECT json_agg(json_build_object('displayName', u.display_name, 'email', u.email) ORDER BY u.created_at)
                 FROM user_account u WHERE u.organisation_id = p.organisation_id AND u.role = 'ADMIN') AS contacts
       FROM partner_profile p JOIN organisation o ON o.id = p.organisation_id LEFT JOIN epci e ON e.siren = p.epci_siren
       WHERE ($1::partner_status[] IS NULL OR p.status = ANY($1::partner_status[]))
       ORDER BY p.created_at, p.organisation_id`,
      [statuses && statuses.length ? [...statuses] : null],
    );
    return rows.map((row) => ({ ...row, contacts: row.contacts ?? [] }));
  }

  /** The charter in force and how many partners accepted it (Pôle). */
  async charterStanding(viewer: Viewer): Promise<CharterStanding | null> {
    if (!hasScope(viewer, 'brand:write')) throw forbidden();
    const [row] = await this.dataSource.query(
      `SELECT c.version, c.published_at AS "publishedAt",
              (SELECT count(*)::int FROM charter_acceptance a JOIN partner_profile p ON p.organisation_id = a.organisation_id WHERE a.charter_version = c.version) AS "acceptedCount",
              (SELECT count(*)::int FROM partner_profile p WHERE p.status = 'APPROVED'
                 AND NOT EXISTS (SELECT 1 FROM charter_acceptance a WHERE a.organisation_id = p.organisation_id AND a.charter_version = c.version)) AS "approvedAwaitingCount"
       FROM brand_charter c ORDER BY c.version DESC LIMIT 1`,
    );
    return row ?? null;
  }

  /** A new charter version: every partner must accept it again before partner downloads resume. */
  async publishCharter(text: LocalizedText, viewer: Viewer): Promise<BrandCharter> {
    if (!hasScope(viewer, 'brand:write')) throw forbidden();
    const version = await this.dataSource.transaction(async (db) => {
      // Two publications at once would both take max + 1: they take turns.
      await db.query(`SELECT pg_advisory_xact_lock(hashtext('brand_charter'))`);
      const [row] = await db.query(`INSERT INTO brand_charter (version, text) SELECT coalesce(max(version), 0) + 1, $1 FROM brand_charter RETURNING version`, [JSON.stringify(text)]);
      return row.version as number;
    });
    await this.announceCharter(version);
    return (await this.dataSource.getRepository(BrandCharter).findOneBy({ version }))!;
  }

  /**
   * One e-mail per administrator of each approved partner: a new charter is in force, partner
   * downloads wait for its acceptance. A failed delivery is logged; the charter stands.
   */
  private async announceCharter(version: number): Promise<void> {
    if (!this.notices) return;
    const admins: Array<{ email: string; name: string; organisation_id: string }> = await this.dataSource.query(
      `SELECT u.email, o.name, o.id AS organisation_id FROM partner_profile p JOIN organisation o ON o.id = p.organisation_id JOIN user_account u ON u.organisation_id = p.organisation_id AND u.role = 'ADMIN'
       WHERE p.status = 'APPROVED' ORDER BY o.name, u.created_at`,
    );
    for (const admin of admins) {
      await this.notices.mailer
        .send(admin.email, { kind: 'PARTNER_CHARTER', organisationName: admin.name, version, link: this.partnerArea() }, 'fr')
        .catch((error: unknown) => this.notices!.logger.warn({ err: error, organisationId: admin.organisation_id }, 'new charter e-mail not sent'));
    }
  }

  /**
   * A new version of an asset supersedes the one partners downloaded: each approved partner
   * organisation that downloaded an earlier version gets one e-mail per administrator, with the
   * version it has, the new one, and the link to the kit. A failed delivery is logged.
   */
  async announceNewVersion(asset: { id: string; name: string }, version: number, note: string | null = null): Promise<number> {
    if (!this.notices) return 0;
    const recipients: Array<{ email: string; name: string; organisation_id: string; had: number }> = await this.dataSource.query(
      `SELECT u.email, o.name, o.id AS organisation_id, d.had
       FROM (SELECT organisation_id, max(version) AS had FROM brand_download WHERE asset_id = $1 AND organisation_id IS NOT NULL AND version < $2 GROUP BY organisation_id) d
       JOIN partner_profile p ON p.organisation_id = d.organisation_id AND p.status = 'APPROVED'
       JOIN organisation o ON o.id = d.organisation_id
       JOIN user_account u ON u.organisation_id = d.organisation_id AND u.role = 'ADMIN'
       ORDER BY o.name, u.created_at`,
      [asset.id, version],
    );
    const link = `${this.notices.siteUrl.replace(/\/+$/, '')}/kit`;
    for (const recipient of recipients) {
      await this.notices.mailer
        .send(recipient.email, { kind: 'BRAND_VERSION', organisationName: recipient.name, assetName: asset.name, previousVersion: recipient.had, version, link, note }, 'fr')
        .catch((error: unknown) => this.notices!.logger.warn({ err: error, organisationId: recipient.organisation_id }, 'new asset version e-mail not sent'));
    }
    return recipients.length;
  }

  /** Approved partners who chose to be listed. */
  directory(): Promise<PartnerListing[]> {
    return this.dataSource.query(
      `SELECT o.name, p.partner_type AS "partnerType", e.name AS "epciName", p.website
       FROM partner_profile p JOIN organisation o ON o.id = p.organisation_id LEFT JOIN epci e ON e.siren = p.epci_siren
       WHERE p.status = 'APPROVED' AND p.listed ORDER BY o.name`,
    );
  }
}
