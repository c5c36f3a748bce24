import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password';
import { slugify } from './slugify';

export const DEV_ADMIN_EMAIL = 'admin@nord-franche-comte.localhost';
export const POLE_SLUG = 'pole-metropolitain';

export interface DevelopmentCredentials {
  email: string;
  password: string;
}

/** "CC du Pays d'Héricourt" → "Pays d'Héricourt". */
export function shortEpciName(name: string): string {
  return name.replace(/^(CA|CC)\s+/, '').replace(/^(du|des|de la|de l'|de)\s+/i, '');
}

/**
 * Development data: the Pôle, one tourism office per EPCI, and an admin account.
 * Idempotent. The admin password is random, kept in .data/dev-admin.json (git-ignored)
 * and printed by `npm start`; there is no fixed password anywhere in the code.
 */
export async function seedDevelopment(dataSource: DataSource, dataDir: string): Promise<DevelopmentCredentials> {
  await dataSource.query(
    `INSERT INTO organisation (kind, name, slug) VALUES ('POLE', 'Pôle métropolitain Nord Franche-Comté', $1)
     ON CONFLICT (slug) DO NOTHING`,
    [POLE_SLUG],
  );
  const epcis: Array<{ siren: string; name: string }> = await dataSource.query(`SELECT siren, name FROM epci ORDER BY population DESC`);
  await dataSource.query(
    `INSERT INTO organisation (kind, name, slug, epci_siren)
     SELECT 'TOURISM_OFFICE', name, slug, siren FROM jsonb_to_recordset($1::jsonb) AS o(name text, slug text, siren text)
     ON CONFLICT (slug) DO NOTHING`,
    [
      JSON.stringify(
        epcis.map((epci) => ({
          name: `Office de tourisme – ${shortEpciName(epci.name)}`,
          slug: `ot-${slugify(shortEpciName(epci.name))}`,
          siren: epci.siren,
        })),
      ),
    ],
  );

  const credentialsFile = join(dataDir, 'dev-admin.json');
  const known = existsSync(credentialsFile) ? (JSON.parse(readFileSync(credentialsFile, 'utf8')) as DevelopmentCredentials) : undefined;
  const [existing] = await dataSource.query(`SELECT id FROM user_account WHERE email = $1`, [DEV_ADMIN_EMAIL]);
  if (existing && known) return known;

  // New account, or an account whose password was lost with .data: (re)set a random one.
  const credentials = { email: DEV_ADMIN_EMAIL, password: randomBytes(12).toString('base64url') };
  const passwordHash = await hashPassword(credentials.password);
  await dataSource.query(
    `INSERT INTO user_account (organisation_id, email, display_name, role, password_hash)
     SELECT id, $1, 'Administrateur (développement)', 'ADMIN', $2 FROM organisation WHERE slug = $3
     ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
    [DEV_ADMIN_EMAIL, passwordHash, POLE_SLUG],
  );
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}
