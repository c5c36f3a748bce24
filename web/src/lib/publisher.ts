/**
 * What the legal notice and the privacy and accessibility pages say about who publishes and who
 * hosts the site. The hosting provider and the contact address depend on the deployment: they are
 * read from the environment at request time (README, "Environment"); what is not set is shown as a
 * field still to be completed, never as an invented value.
 */
export interface PublisherSettings {
  /** The Pôle's SIREN (SITE_PUBLISHER_SIREN), or null: to be completed. */
  siren: string | null;
  /** The address for accessibility feedback and data-protection requests (SITE_CONTACT_EMAIL). */
  contactEmail: string;
  /** The hosting provider (SITE_HOST_NAME, SITE_HOST_ADDRESS, SITE_HOST_PHONE); null: to be completed. */
  host: { name: string | null; address: string | null; phone: string | null };
}

/** The Pôle's published address (its 2020–2025 roadmap, back cover). */
export const DEFAULT_CONTACT_EMAIL = 'contact@pmnfc.fr';

const value = (name: string): string | null => process.env[name]?.trim() || null;

export function publisherSettings(): PublisherSettings {
  const siren = value('SITE_PUBLISHER_SIREN');
  return {
    siren: siren && /^\d{9}$/.test(siren.replace(/\s/g, '')) ? siren.replace(/\s/g, '').replace(/(\d{3})(?=\d)/g, '$1 ') : null,
    contactEmail: value('SITE_CONTACT_EMAIL') ?? DEFAULT_CONTACT_EMAIL,
    host: { name: value('SITE_HOST_NAME'), address: value('SITE_HOST_ADDRESS'), phone: value('SITE_HOST_PHONE') },
  };
}
