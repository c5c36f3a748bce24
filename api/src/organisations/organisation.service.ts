import { TERRITORY, isScope, scopesAllowedForApiKey, type Scope, type UserRole } from '@nfc/shared';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { ApiKey } from '../auth/api-key.entity';
import { generateApiKey } from '../auth/api-key-secret';
import { hashPassword } from '../auth/password';
import { UserAccount } from '../auth/user-account.entity';
import { hasScope, viewerOrganisationId, type Viewer } from '../auth/viewer';
import { assertUuid, badUserInput, conflict, forbidden, isUniqueViolation, notFound } from '../common/errors';
import { SqlParams } from '../common/sql-params';
import { Organisation } from './organisation.entity';
import { organisationAccess, type OrganisationAccess } from './organisation.access';
import type { CreateOrganisationInput, CreateUserInput, IssueApiKeyInput } from './organisation.inputs';
import { slugify } from './slugify';

export interface OrganisationServiceOptions {
  dataSource: DataSource;
  viewer: Viewer;
}

/**
 * Organisations, their people and their API keys. Built per request with the viewer:
 * a platform admin reaches every organisation, anyone else only their own.
 */
export class OrganisationService {
  private readonly dataSource: DataSource;
  private readonly viewer: Viewer;

  private readonly access: OrganisationAccess;

  constructor(options: OrganisationServiceOptions) {
    this.dataSource = options.dataSource;
    this.viewer = options.viewer;
    this.access = organisationAccess(options.viewer);
  }

  private get isPlatformAdmin(): boolean {
    return hasScope(this.viewer, 'platform:admin');
  }

  /**
   * The organisation the viewer manages (their own when none is named): the row filter of
   * organisation.access.ts is in the statement, so another's looks like a missing one.
   */
  private async manageableOrganisation(organisationId: string | undefined | null): Promise<Organisation> {
    const target = organisationId ?? viewerOrganisationId(this.viewer);
    if (!target) throw badUserInput('organisationId is required.', [{ field: 'organisationId', message: 'Required.' }]);
    return this.organisationThrough('manageable', target, 'organisationId');
  }

  /** One organisation through one of the access module's filters, in the statement; NOT_FOUND otherwise. */
  private async organisationThrough(filter: 'readable' | 'manageable', id: string, field = 'id'): Promise<Organisation> {
    assertUuid(id, field);
    const params = new SqlParams([id]);
    const [row] = await this.dataSource.query(`SELECT o.id FROM organisation o WHERE o.id = $1 AND ${this.access[filter]('o', params)}`, params.values);
    const organisation = row ? await this.dataSource.getRepository(Organisation).findOneBy({ id }) : null;
    if (!organisation) throw notFound('Organisation', id);
    return organisation;
  }

  async listOrganisations(): Promise<Organisation[]> {
    const params = new SqlParams();
    const rows: Array<{ id: string }> = await this.dataSource.query(`SELECT o.id FROM organisation o WHERE ${this.access.readable('o', params)} ORDER BY o.kind, o.name`, params.values);
    const organisations = rows.length ? await this.dataSource.getRepository(Organisation).findBy({ id: In(rows.map((row) => row.id)) }) : [];
    const byId = new Map(organisations.map((organisation) => [organisation.id, organisation]));
    return rows.map((row) => byId.get(row.id)!);
  }

  /** An organisation the viewer reads: their own, or any for the Pôle's administrators. */
  getOrganisation(id: string): Promise<Organisation> {
    return this.organisationThrough('readable', id);
  }

  /** The viewer themself, or a person of an organisation the viewer manages. */
  async getUser(id: string): Promise<UserAccount> {
    assertUuid(id);
    const params = new SqlParams([id]);
    const self = this.viewer.kind === 'USER' ? `u.id = ${params.add(this.viewer.userId)} OR ` : '';
    const [row] = await this.dataSource.query(`SELECT u.id FROM user_account u WHERE u.id = $1 AND (${self}${this.access.manageableMember('u', params)})`, params.values);
    const user = row ? await this.dataSource.getRepository(UserAccount).findOneBy({ id }) : null;
    if (!user) throw notFound('User', id);
    return user;
  }

  /** The people of an organisation the viewer manages (their own when none is named), by name. */
  async listMembers(organisationId?: string | null): Promise<UserAccount[]> {
    const target = await this.manageableOrganisation(organisationId);
    return this.dataSource.getRepository(UserAccount).find({ where: { organisationId: target.id }, order: { displayName: 'ASC', email: 'ASC' } });
  }

  /**
   * Locks the administrators of the organisation of `userId` (so two changes at once are taken in
   * turn) and refuses, CONFLICT, a change that would leave it without one.
   */
  private async keepAnAdministrator(db: EntityManager, user: UserAccount, what: string): Promise<void> {
    if (user.role !== 'ADMIN') return;
    const admins: Array<{ id: string }> = await db.query(`SELECT id FROM user_account WHERE organisation_id = $1 AND role = 'ADMIN' ORDER BY id FOR UPDATE`, [user.organisationId]);
    if (!admins.some((admin) => admin.id !== user.id)) {
      throw conflict(`An organisation keeps at least one administrator: name another before you ${what}.`, [{ field: 'id', message: 'The last administrator.' }]);
    }
  }

  /** Gives a person of an organisation in reach another role; the last administrator stays one. */
  async setUserRole(id: string, role: UserRole): Promise<UserAccount> {
    const user = await this.getUserToManage(id);
    if (user.role === role) return user;
    await this.dataSource.transaction(async (db) => {
      if (role !== 'ADMIN') await this.keepAnAdministrator(db, user, 'change this role');
      await db.query(`UPDATE user_account SET role = $2 WHERE id = $1`, [id, role]);
    });
    return this.dataSource.getRepository(UserAccount).findOneByOrFail({ id });
  }

  /** A person of an organisation the viewer manages (not merely themself); NOT_FOUND otherwise. */
  private async getUserToManage(id: string): Promise<UserAccount> {
    assertUuid(id);
    const params = new SqlParams([id]);
    const [row] = await this.dataSource.query(`SELECT u.id FROM user_account u WHERE u.id = $1 AND ${this.access.manageableMember('u', params)}`, params.values);
    const user = row ? await this.dataSource.getRepository(UserAccount).findOneBy({ id }) : null;
    if (!user) throw notFound('User', id);
    return user;
  }

  /**
   * Removes a person from their organisation. Their tokens stop working at once: the account
   * row is gone, and every request re-reads it. A person cannot remove themselves (another
   * administrator must), and an organisation never loses its last administrator (CONFLICT).
   */
  async removeUser(id: string): Promise<UserAccount> {
    const user = await this.getUser(id);
    if (this.viewer.kind === 'USER' && this.viewer.userId === id) throw badUserInput('You cannot remove yourself; ask another administrator.', [{ field: 'id', message: 'Yourself.' }]);
    await this.dataSource.transaction(async (db) => {
      await this.keepAnAdministrator(db, user, 'remove this person');
      await db.query(`UPDATE api_key SET created_by_user_id = NULL WHERE created_by_user_id = $1`, [id]);
      await db.query(`DELETE FROM user_account WHERE id = $1`, [id]);
    });
    return user;
  }

  async createOrganisation(input: CreateOrganisationInput): Promise<Organisation> {
    if (!this.isPlatformAdmin) throw forbidden();
    if (input.kind === 'TOURISM_OFFICE' && !input.epciSiren) {
      throw badUserInput('A tourism office serves an EPCI.', [{ field: 'epciSiren', message: 'Required for a tourism office.' }]);
    }
    if (input.epciSiren && !(TERRITORY.memberEpciSirens as readonly string[]).includes(input.epciSiren)) {
      throw badUserInput('The EPCI is not a member of the Pôle.', [{ field: 'epciSiren', message: 'Not a member EPCI.' }]);
    }
    const slug = input.slug ?? slugify(input.name);
    try {
      return await this.dataSource.getRepository(Organisation).save(
        this.dataSource.getRepository(Organisation).create({ kind: input.kind, name: input.name.trim(), slug, epciSiren: input.epciSiren ?? null }),
      );
    } catch (error) {
      if (isUniqueViolation(error, 'organisation_slug_key')) throw conflict(`The slug "${slug}" is taken.`, [{ field: 'slug', message: 'Already taken.' }]);
      throw error;
    }
  }

  async createUser(input: CreateUserInput): Promise<UserAccount> {
    const organisationId = (await this.manageableOrganisation(input.organisationId)).id;
    const email = input.email.trim().toLowerCase();
    const repository = this.dataSource.getRepository(UserAccount);
    try {
      return await repository.save(
        repository.create({
          organisationId,
          email,
          displayName: input.displayName.trim(),
          role: input.role,
          passwordHash: await hashPassword(input.password),
          lastLoginAt: null,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error, 'user_account_email_key')) throw conflict('An account with this email exists.', [{ field: 'email', message: 'Already registered.' }]);
      throw error;
    }
  }

  async listApiKeys(organisationId?: string | null): Promise<ApiKey[]> {
    const target = await this.manageableOrganisation(organisationId);
    return this.dataSource.getRepository(ApiKey).find({ where: { organisationId: target.id }, order: { createdAt: 'DESC' } });
  }

  /** Issues a key; its secret is returned once and only its hash is stored. */
  async issueApiKey(input: IssueApiKeyInput): Promise<{ key: string; apiKey: ApiKey }> {
    const organisation = await this.manageableOrganisation(input.organisationId);
    const allowed = scopesAllowedForApiKey(organisation.kind);
    const refused = input.scopes.filter((scope) => !isScope(scope) || !allowed.includes(scope));
    if (refused.length || input.scopes.length === 0) {
      throw badUserInput(`Scopes allowed for this organisation: ${allowed.join(', ')}.`, [
        { field: 'scopes', message: refused.length ? `Not allowed: ${refused.join(', ')}.` : 'At least one scope.' },
      ]);
    }
    const generated = generateApiKey();
    const repository = this.dataSource.getRepository(ApiKey);
    const apiKey = await repository.save(
      repository.create({
        organisationId: organisation.id,
        name: input.name.trim(),
        prefix: generated.prefix,
        secretHash: generated.secretHash,
        scopes: [...new Set(input.scopes as Scope[])],
        createdByUserId: this.viewer.kind === 'USER' ? this.viewer.userId : null,
        lastUsedAt: null,
        revokedAt: null,
      }),
    );
    return { key: generated.key, apiKey };
  }

  /** Revokes a key in reach; a key of another organisation looks like an unknown one. */
  async revokeApiKey(id: string): Promise<ApiKey> {
    assertUuid(id);
    const params = new SqlParams([id]);
    const [rows] = await this.dataSource.query(`UPDATE api_key k SET revoked_at = coalesce(k.revoked_at, now()) WHERE k.id = $1 AND ${this.access.manageableMember('k', params)} RETURNING k.id`, params.values);
    if (!(rows as unknown[]).length) throw notFound('API key', id);
    return this.dataSource.getRepository(ApiKey).findOneByOrFail({ id });
  }
}
