import type { Language, UserRole } from '@nfc/shared';
import { In, type DataSource } from 'typeorm';
import { Invitation } from '../auth/account-token.entities';
import type { AuthService } from '../auth/auth.service';
import { hashLinkToken, looksLikeLinkToken, newLinkToken } from '../auth/link-token';
import { MIN_PASSWORD_LENGTH, hashPassword } from '../auth/password';
import { UserAccount } from '../auth/user-account.entity';
import { viewerOrganisationId, type Viewer } from '../auth/viewer';
import { assertUuid, badUserInput, conflict, isUniqueViolation, notFound } from '../common/errors';
import { consume, type RateLimits } from '../common/rate-limits';
import { SqlParams } from '../common/sql-params';
import { siteLink } from '../contest/contest-deps';
import type { Logger } from '../logger';
import type { Mailer } from '../mail/mailer';
import { organisationAccess } from './organisation.access';
import { Organisation } from './organisation.entity';

/** How long an invitation link works. */
export const INVITATION_TTL_DAYS = 7;

export interface InvitationServiceOptions {
  rateLimits: RateLimits;
  dataSource: DataSource;
  auth: AuthService;
  mailer: Mailer;
  logger: Logger;
  publicSiteUrl: string;
  /** The person inviting; null for the public half (preview, accept). */
  viewer: Viewer | null;
}

export interface InviteInput {
  email: string;
  displayName: string;
  role: UserRole;
  organisationId?: string | null;
}

/** What the invitation page shows before the person chooses a password. */
export interface InvitationPreviewData {
  organisationName: string;
  email: string;
  displayName: string;
  role: UserRole;
  expiresAt: Date;
}

type Session = Awaited<ReturnType<AuthService['sessionFor']>>;

/** The SQL condition of an invitation that can still be accepted. */
const PENDING = `i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()`;

/**
 * Invitations: an office's administrator invites colleagues into their organisation, the Pôle's
 * administrators into any (the first administrator of a new office). The account is created only
 * when the person accepts, with the role given and a password of their own choosing.
 */
export class InvitationService {
  constructor(private readonly options: InvitationServiceOptions) {}

  private get viewer(): Viewer {
    if (!this.options.viewer) throw new Error('managing invitations requires a viewer');
    return this.options.viewer;
  }

  /** The organisation the viewer manages (their own when none is named); another's is NOT_FOUND. */
  private async manageable(organisationId: string | null | undefined): Promise<Organisation> {
    const target = organisationId ?? viewerOrganisationId(this.viewer);
    if (!target) throw badUserInput('organisationId is required.', [{ field: 'organisationId', message: 'Required.' }]);
    assertUuid(target, 'organisationId');
    const params = new SqlParams([target]);
    const [row] = await this.options.dataSource.query(`SELECT o.id FROM organisation o WHERE o.id = $1 AND ${organisationAccess(this.viewer).manageable('o', params)}`, params.values);
    const organisation = row ? await this.options.dataSource.getRepository(Organisation).findOneBy({ id: target }) : null;
    if (!organisation) throw notFound('Organisation', target);
    return organisation;
  }

  /**
   * Invites a person and e-mails them the link. An address that already has an account is
   * CONFLICT; inviting the same address again into the same organisation replaces the earlier
   * invitation (its link stops working).
   */
  async invite(input: InviteInput, language: Language): Promise<Invitation> {
    const organisation = await this.manageable(input.organisationId);
    const email = input.email.trim().toLowerCase();
    const displayName = input.displayName.trim();
    if (!displayName) throw badUserInput('A name is required.', [{ field: 'displayName', message: 'Required.' }]);
    const { token, hash } = newLinkToken();
    const viewer = this.viewer;
    // Each invitation is an e-mail to someone else: a daily budget per organisation and per address.
    await consume(this.options.rateLimits.invitationsByOrganisation, organisation.id);
    await consume(this.options.rateLimits.invitationsByAddress, email);
    const inviter = viewer.kind === 'USER' ? await this.options.dataSource.getRepository(UserAccount).findOneBy({ id: viewer.userId }) : null;
    const link = `${siteLink(this.options.publicSiteUrl, language, '/pro/invitation')}?jeton=${token}`;
    // One transaction: the invitation, its e-mail (a job on the queue) and the end of the earlier
    // link to the same address; none happens without the others.
    const invitation = await this.options.dataSource.transaction(async (db) => {
      const [taken] = await db.query(`SELECT 1 FROM user_account WHERE email = $1`, [email]);
      if (taken) throw conflict('An account with this email exists.', [{ field: 'email', message: 'Already registered.' }]);
      const repository = db.getRepository(Invitation);
      const saved = await repository.save(
        repository.create({
          organisationId: organisation.id,
          email,
          displayName,
          role: input.role,
          tokenHash: hash,
          invitedByUserId: viewer.kind === 'USER' ? viewer.userId : null,
          expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 24 * 3600_000),
          acceptedAt: null,
          revokedAt: null,
        }),
      );
      await db.query(`UPDATE invitation i SET revoked_at = now() WHERE i.organisation_id = $1 AND i.email = $2 AND i.id <> $3 AND ${PENDING}`, [organisation.id, email, saved.id]);
      await this.options.mailer.send(email, { kind: 'INVITATION', organisationName: organisation.name, inviterName: inviter?.displayName ?? null, role: input.role, link, days: INVITATION_TTL_DAYS }, language, { manager: db });
      return saved;
    });
    return invitation;
  }

  /** Invitations of an organisation the viewer manages that can still be accepted, newest first. */
  async pending(organisationId: string | null | undefined): Promise<Invitation[]> {
    const organisation = await this.manageable(organisationId);
    const rows: Array<{ id: string }> = await this.options.dataSource.query(`SELECT i.id FROM invitation i WHERE i.organisation_id = $1 AND ${PENDING} ORDER BY i.created_at DESC`, [organisation.id]);
    if (!rows.length) return [];
    const found = await this.options.dataSource.getRepository(Invitation).findBy({ id: In(rows.map((row) => row.id)) });
    const byId = new Map(found.map((invitation) => [invitation.id, invitation]));
    return rows.map((row) => byId.get(row.id)!);
  }

  /** Revokes a pending invitation in reach; its link stops working. NOT_FOUND otherwise. */
  async revoke(id: string): Promise<Invitation> {
    assertUuid(id);
    const params = new SqlParams([id]);
    const [rows] = (await this.options.dataSource.query(
      `UPDATE invitation i SET revoked_at = now() WHERE i.id = $1 AND ${PENDING} AND ${organisationAccess(this.viewer).manageableMember('i', params)} RETURNING i.id`,
      params.values,
    )) as [unknown[], number];
    if (!rows.length) throw notFound('Invitation', id);
    return this.options.dataSource.getRepository(Invitation).findOneByOrFail({ id });
  }

  /** What an invitation link offers; NOT_FOUND for an unknown, expired, accepted or revoked one. */
  async preview(token: string): Promise<InvitationPreviewData> {
    const [row] = looksLikeLinkToken(token)
      ? ((await this.options.dataSource.query(
          `SELECT o.name AS organisation_name, i.email, i.display_name, i.role, i.expires_at FROM invitation i JOIN organisation o ON o.id = i.organisation_id WHERE i.token_hash = $1 AND ${PENDING}`,
          [hashLinkToken(token)],
        )) as Array<{ organisation_name: string; email: string; display_name: string; role: UserRole; expires_at: Date }>)
      : [];
    if (!row) throw notFound('Invitation', 'this link');
    return { organisationName: row.organisation_name, email: row.email, displayName: row.display_name, role: row.role, expiresAt: row.expires_at };
  }

  /**
   * Accepts an invitation: creates the account with the invited role and the person's own
   * password, and spends the invitation, in one transaction; the answer signs them in.
   */
  async accept(token: string, displayName: string, password: string): Promise<Session> {
    if (!looksLikeLinkToken(token)) throw notFound('Invitation', 'this link');
    const name = displayName.trim();
    const fields = [
      ...(name.length < 1 || name.length > 120 ? [{ field: 'displayName', message: 'Between 1 and 120 characters.' }] : []),
      ...(password.length < MIN_PASSWORD_LENGTH ? [{ field: 'password', message: `At least ${MIN_PASSWORD_LENGTH} characters.` }] : []),
      ...(password.length > 256 ? [{ field: 'password', message: 'At most 256 characters.' }] : []),
    ];
    // Only a link that works costs a password hash: a made-up token is refused before any argon2 work.
    await this.preview(token);
    const passwordHash = fields.length ? '' : await hashPassword(password);
    const userId = await this.options.dataSource.transaction(async (db) => {
      // The row is locked: of two acceptances at once, the second finds it spent.
      const [invitation] = (await db.query(`SELECT i.id, i.organisation_id, i.email, i.role FROM invitation i WHERE i.token_hash = $1 AND ${PENDING} FOR UPDATE`, [hashLinkToken(token)])) as Array<{
        id: string;
        organisation_id: string;
        email: string;
        role: UserRole;
      }>;
      if (!invitation) throw notFound('Invitation', 'this link');
      if (fields.length) throw badUserInput(fields.map((f) => `${f.field}: ${f.message}`).join(' '), fields);
      try {
        const [created] = (await db.query(`INSERT INTO user_account (organisation_id, email, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
          invitation.organisation_id,
          invitation.email,
          name,
          invitation.role,
          passwordHash,
        ])) as Array<{ id: string }>;
        await db.query(`UPDATE invitation SET accepted_at = now() WHERE id = $1`, [invitation.id]);
        // The address has its account now: its other invitations (to other organisations) can never be accepted.
        await db.query(`UPDATE invitation i SET revoked_at = now() WHERE i.email = $1 AND i.id <> $2 AND ${PENDING}`, [invitation.email, invitation.id]);
        return created!.id;
      } catch (error) {
        if (isUniqueViolation(error, 'user_account_email_key')) throw conflict('An account with this email exists; sign in instead.', [{ field: 'email', message: 'Already registered.' }]);
        throw error;
      }
    });
    return this.options.auth.sessionFor(userId);
  }

}
