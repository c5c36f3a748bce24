import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../context';
import { isAnonymousPublicRead } from './public-query-cache';

/** How long a proxy or CDN may serve a public read again, and serve it stale while it refreshes. */
export const PUBLIC_READ_MAX_AGE_SECONDS = 10;
export const PUBLIC_READ_STALE_SECONDS = 60;

/**
 * Cache-Control on GraphQL answers, so that any HTTP cache in front of the API (the compose file's
 * proxy, a CDN) may keep what is the same for everyone, and only that: an anonymous query over GET
 * (the only method shared caches keep), whose every root field is public (the agenda, the territory)
 * and that answered without error, is `public` for ten seconds and may be served stale for a minute
 * while it refreshes, which protects the database from a stampede when a popular page expires. With
 * persisted queries (Apollo's APQ, on by default) such a GET is a short URL: the query's hash and
 * its variables. Everything else (a signed-in caller, a contest voter, a mutation, an error) is
 * `private, no-store`. `Vary: Authorization` keeps a cache from handing an anonymous answer to a
 * signed-in caller, whose rows differ. The API's own caches are emptied by writes at once
 * (read-invalidation.ts); a shared cache outside is not, so its ten seconds are the delay it adds.
 */
export function httpCacheHeaders(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response, operation, contextValue, errors }) {
          const headers = response.http.headers;
          headers.set('vary', 'Authorization');
          const single = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const shareable =
            request.http?.method === 'GET' &&
            isAnonymousPublicRead(operation, contextValue) &&
            !errors?.length &&
            !single?.errors?.length &&
            (response.http.status ?? 200) === 200;
          headers.set('cache-control', shareable ? `public, max-age=${PUBLIC_READ_MAX_AGE_SECONDS}, stale-while-revalidate=${PUBLIC_READ_STALE_SECONDS}` : 'private, no-store');
        },
      };
    },
  };
}
