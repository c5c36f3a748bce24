import { randomBytes } from 'node:crypto';
import type { OrganisationKind, UserRole } from '@nfc/shared';
import type { DataSource } from 'typeorm';
import { OPERATOR } from '../src/auth/viewer';
import { OrganisationService } from '../src/organisations/organisation.service';

function operator(dataSource: DataSource): OrganisationService {
  return new OrganisationService({ dataSource, viewer: OPERATOR });
}

export interface CreateOrganisationOptions {
  kind?: OrganisationKind;
  name?: string;
  epciSiren?: string;
}

export async function createOrganisation(dataSource: DataSource, options: CreateOrganisationOptions = {}) {
  const kind = options.kind ?? 'TOURISM_OFFICE';
  return operator(dataSource).createOrganisation({
    kind,
    name: options.name ?? `Organisation ${randomBytes(3).toString('hex')}`,
    epciSiren: options.epciSiren ?? (kind === 'TOURISM_OFFICE' ? '200069052' : undefined),
  });
}

export interface CreateUserOptions {
  organisationId: string;
  role?: UserRole;
  email?: string;
  password?: string;
}

export async function createUser(dataSource: DataSource, options: CreateUserOptions) {
  const password = options.password ?? `pw-${randomBytes(9).toString('hex')}`;
  const user = await operator(dataSource).createUser({
    organisationId: options.organisationId,
    email: options.email ?? `user-${randomBytes(4).toString('hex')}@example.org`,
    displayName: 'Test User',
    role: options.role ?? 'EDITOR',
    password,
  });
  return { user, password };
}

export async function issueApiKey(dataSource: DataSource, organisationId: string, scopes: string[] = ['agenda:write']) {
  return operator(dataSource).issueApiKey({ organisationId, name: 'test key', scopes });
}
