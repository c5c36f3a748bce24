import argon2 from 'argon2';

export const MIN_PASSWORD_LENGTH = 12;

/** argon2id with the library's defaults (OWASP-compliant memory and time costs). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash to verify against when the account does not exist, so that a wrong email
 * costs the same time as a wrong password and reveals nothing.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-account-password');
  return dummyHash;
}
