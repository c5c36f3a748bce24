import { z } from 'astro/zod';
import type { AstroCookies } from 'astro';
import type { Scope } from '@nfc/shared';
import { ApiError, queryAs } from '../api';
import { clearSession, readSession, writeSession } from '../session';

/** Refresh a session with less than this left, so that no one loses a half-typed form to the hour's end. */
const REFRESH_WHEN_LEFT_MS = 20 * 60 * 1000;

/** When a token expires, read from its payload (the API alone checks its signature). */
export function tokenExpiry(token: string): number | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * A fresh token when this one nears its end; the API keeps the time of the sign-in and refuses
 * past its maximum (then the person signs in again at their next page).
 */
async function refreshed(cookies: AstroCookies, token: string): Promise<string> {
  const expiry = tokenExpiry(token);
  if (expiry === null || expiry - Date.now() > REFRESH_WHEN_LEFT_MS) return token;
  const answer = await queryAs(token, z.object({ refreshSession: z.object({ token: z.string() }) }), `mutation { refreshSession { token } }`).catch(() => null);
  if (!answer) return token;
  writeSession(cookies, answer.refreshSession.token);
  return answer.refreshSession.token;
}

const ProViewerSchema = z.object({
  me: z
    .object({
      kind: z.enum(['USER', 'API_KEY']),
      scopes: z.array(z.string()),
      user: z.object({ id: z.string(), email: z.string(), displayName: z.string(), role: z.enum(['ADMIN', 'EDITOR']) }).nullable(),
      organisation: z.object({ id: z.string(), name: z.string(), slug: z.string(), kind: z.enum(['POLE', 'TOURISM_OFFICE', 'PARTNER']), agendaRequiresReview: z.boolean() }),
    })
    .nullable(),
});

/** The person signed in to the espace pro, with what they may do. */
export interface ProViewer {
  token: string;
  user: { id: string; email: string; displayName: string; role: 'ADMIN' | 'EDITOR' };
  organisation: { id: string; name: string; slug: string; kind: 'POLE' | 'TOURISM_OFFICE' | 'PARTNER'; agendaRequiresReview: boolean };
  scopes: Scope[];
  /** Shorthands for the navigation and the pages' guards. */
  can: { publish: boolean; moderate: boolean; manageTeam: boolean; manageBrand: boolean; administer: boolean };
}

/**
 * Who is signed in, from the session cookie (shared with /kit and the contest's moderation, so
 * one sign-in serves them all). An expired or revoked session clears the cookie and reads as
 * signed out.
 */
export async function proViewer(cookies: AstroCookies): Promise<ProViewer | null> {
  const stored = readSession(cookies);
  if (!stored) return null;
  const token = await refreshed(cookies, stored);
  const data = await queryAs(token, ProViewerSchema, `{ me { kind scopes user { id email displayName role } organisation { id name slug kind agendaRequiresReview } } }`).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') return { me: null };
    throw error;
  });
  if (!data.me?.user) {
    clearSession(cookies);
    return null;
  }
  const scopes = data.me.scopes as Scope[];
  return {
    token,
    user: data.me.user,
    organisation: data.me.organisation,
    scopes,
    can: {
      publish: scopes.includes('agenda:write'),
      moderate: scopes.includes('moderation'),
      manageTeam: scopes.includes('organisation:manage'),
      manageBrand: scopes.includes('brand:write'),
      administer: scopes.includes('platform:admin'),
    },
  };
}
