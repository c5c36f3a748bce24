import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';
import type { Mailer } from '../mail/mailer';
import type { MailMessage } from '../mail/templates';
import type { AgendaEvent } from './event.entities';

export interface NoticeDeps {
  dataSource: DataSource;
  mailer: Mailer;
  logger: Logger;
  publicSiteUrl: string;
}

/** The espace pro page of an event, where its office reads the decision. */
export function eventWorkspaceLink(publicSiteUrl: string, eventId: string): string {
  return `${publicSiteUrl}/pro/evenements/${eventId}`;
}

/**
 * Tells the people of each organisation what the Pôle decided about their events. Sent after
 * the decision is stored, one message per person; a mail server that fails does not undo the
 * decision (the office sees it in its list all the same), and is logged without the addresses.
 * The offices work in French: the messages are French.
 */
export async function tellOrganisations(deps: NoticeDeps, notices: Array<{ organisationId: string; message: MailMessage }>): Promise<void> {
  if (!notices.length) return;
  const people: Array<{ email: string; organisation_id: string }> = await deps.dataSource.query(`SELECT email, organisation_id FROM user_account WHERE organisation_id = ANY($1)`, [notices.map((notice) => notice.organisationId)]);
  const sends = notices.flatMap((notice) => people.filter((person) => person.organisation_id === notice.organisationId).map((person) => deps.mailer.send(person.email, notice.message, 'fr')));
  const failed = (await Promise.allSettled(sends)).filter((outcome) => outcome.status === 'rejected').length;
  if (failed) deps.logger.warn({ failed, kinds: [...new Set(notices.map((notice) => notice.message.kind))] }, 'Some review e-mails could not be sent');
}

/** The review decision's message for the event's office. */
export function reviewNotice(deps: Pick<NoticeDeps, 'publicSiteUrl'>, event: AgendaEvent): { organisationId: string; message: MailMessage } {
  return {
    organisationId: event.publisherId,
    message: { kind: 'EVENT_REVIEW', eventTitle: event.title.fr, decision: event.moderation === 'REJECTED' ? 'REJECTED' : 'PUBLISHED', reason: event.rejectionReason, link: eventWorkspaceLink(deps.publicSiteUrl, event.id) },
  };
}

/**
 * A merge's messages: one for the office whose event stays the reference (a link to edit it),
 * one for the office merged into it, which cannot edit the reference: its link is the public page.
 */
export function mergeNotices(deps: Pick<NoticeDeps, 'publicSiteUrl'>, kept: AgendaEvent, merged: AgendaEvent): Array<{ organisationId: string; message: MailMessage }> {
  const base = { kind: 'EVENTS_MERGED' as const, keptTitle: kept.title.fr, mergedTitle: merged.title.fr };
  const toKept = { organisationId: kept.publisherId, message: { ...base, yours: 'KEPT' as const, link: eventWorkspaceLink(deps.publicSiteUrl, kept.id) } };
  if (kept.publisherId === merged.publisherId) return [toKept];
  return [toKept, { organisationId: merged.publisherId, message: { ...base, yours: 'MERGED' as const, link: `${deps.publicSiteUrl}/agenda/${kept.slug}` } }];
}
