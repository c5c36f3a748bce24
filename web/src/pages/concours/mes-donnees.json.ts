import { z } from 'astro/zod';
import type { APIRoute } from 'astro';
import { contestMutation, readContestSession } from '../../lib/contest';

/** The signed-in entrant's data as a JSON download (GDPR art. 15 and 20). */
export const GET: APIRoute = async ({ cookies }) => {
  const token = readContestSession(cookies, 'entrant');
  if (!token) return new Response('Sign in first.', { status: 401 });
  const data = await contestMutation(token, z.object({ myContestData: z.record(z.string(), z.unknown()) }), `query { myContestData }`, {});
  return new Response(JSON.stringify(data.myContestData, null, 2), {
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': 'attachment; filename="mes-donnees-concours.json"', 'cache-control': 'private, no-store' },
  });
};
