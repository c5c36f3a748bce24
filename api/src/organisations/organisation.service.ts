import { TERRITORY, isScope, scopesAllowedForApiKey, type Scope } from '@nfc/shared';
import type { DataSource } from 'typeorm';
import { ApiKey } from '../auth/api-key.entity';
import { generateApiKey } from '../auth/api-key-secret';
import { hashPassword } from '../auth/password';
import { UserAccount } from '../auth/user-account.entity';
import { hasScope, viewerOrganisationId, type Viewer } from '../auth/viewer';
import { assertUuid, badUserInput, conflict, forbidden, isUniqueViolation, notFound } from '../common/errors';
import { Organisation } from './organisation.entity';
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

  constructor(options: OrganisationServiceOptions) {
    this.dataSource = options.dataSource;
    this.viewer = options.viewer;
  }

  private get isPlatformAdmin(): boolean {
    return hasScope(this.viewer, 'platform:admin');
  }

  /** The organisation id the viewer may act on: their own, or any for a platform admin. */
  private organisationInReach(organisationId: string | undefined | null): string {
    const own = viewerOrganisationId(this.viewer);
    const target = organisationId ?? own;
    if (!target) throw badUserInput('organisationId is required.', [{ field: 'organisationId', message: 'Required.' }]);
    if (target !== own && !this.isPlatformAdmin) throw forbidden('You may only manage your own organisation.');
    return target;
  }

  async listOrganisations(): Promise<Organisation[]> {
    const query = this.dataSource.getRepository(Organisation).createQueryBuilder('o').orderBy('o.kind').addOrderBy('o.name');
    // Row filter: outside the Pôle, a viewer sees only their own organisation.
    if (!this.isPlatformAdmin) query.where('o.id = :id', { id: viewerOrganisationId(this.viewer) });
    return query.getMany();
  }

  async getOrganisation(id: string): Promise<Organisation> {
    assertUuid(id);
    const organisation = await this.dataSource.getRepository(Organisation).findOneBy({ id: this.organisationInReach(id) });
    if (!organisation) throw notFound('Organisation', id);
    return organisation;
  }

  /** A person of an organisation in reach. */
  async getUser(id: string): Promise<UserAccount> {
    const user = await this.dataSource.getRepository(UserAccount).findOneBy({ id });
    if (!user) throw notFound('User', id);
    this.organisationInReach(user.organisationId);
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
    const organisationId = this.organisationInReach(input.organisationId);
    await this.getOrganisation(organisationId);
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
    const target = this.organisationInReach(organisationId);
    return this.dataSource.getRepository(ApiKey).find({ where: { organisationId: target }, order: { createdAt: 'DESC' } });
  }

  /** Issues a key; its secret is returned once and only its hash is stored. */
  async issueApiKey(input: IssueApiKeyInput): Promise<{ key: string; apiKey: ApiKey }> {
    const organisation = await this.getOrganisation(this.organisationInReach(input.organisationId));
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
    const query = this.dataSource
      .createQueryBuilder()
      .update(ApiKey)
      .set({ revokedAt: () => 'coalesce(revoked_at, now())' })
      .where('id = :id', { id });
    if (!this.isPlatformAdmin) query.andWhere('organisation_id = :organisationId', { organisationId: viewerOrganisationId(this.viewer) });
    const result = await query.execute();
    if (!result.affected) throw notFound('API key', id);
    return this.dataSource.getRepository(ApiKey).findOneByOrFail({ id });
  }
}
