import type { Scope } from '@nfc/shared';
import type { AuthChecker } from 'type-graphql';
import { forbidden, unauthenticated } from '../common/errors';
import type { RequestContext } from '../context';

/**
 * The one authChecker: `@Authorized()` needs any authenticated viewer,
 * `@Authorized('agenda:write')` needs that scope. Which rows a viewer may touch is
 * decided in the services, as query filters.
 */
export const authChecker: AuthChecker<RequestContext, Scope> = ({ context }, requiredScopes) => {
  const { viewer } = context;
  if (!viewer) throw unauthenticated();
  const missing = requiredScopes.filter((scope) => !viewer.scopes.includes(scope));
  if (missing.length) throw forbidden(`Requires the scope ${missing.join(', ')}.`);
  return true;
};
