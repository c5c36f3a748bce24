import { hasScope, viewerOrganisationId, type Viewer } from '../auth/viewer';
import { NO_ROWS, type RowFilter } from '../common/sql-params';

/**
 * Who reaches which webhook subscriptions, as a row filter over `webhook_subscription`
 * (and, through it, its deliveries and attempts).
 *
 * - An organisation's administrators (`organisation:manage`) reach its own subscriptions, and
 *   only those: a subscription holds where the organisation's systems listen, so not even the
 *   Pôle's administrators see another organisation's. Out of reach looks like missing.
 * - Everyone else (editors, API keys, the public) reaches none.
 */
export interface WebhookAccess {
  manageable: RowFilter;
  /** The organisation new subscriptions belong to, or null when the viewer may create none. */
  owner: string | null;
}

export function webhookAccess(viewer: Viewer | null): WebhookAccess {
  const organisationId = viewer ? viewerOrganisationId(viewer) : null;
  if (!organisationId || !hasScope(viewer, 'organisation:manage')) return { manageable: NO_ROWS, owner: null };
  return { manageable: (s, p) => `${s}.organisation_id = ${p.add(organisationId)}`, owner: organisationId };
}
