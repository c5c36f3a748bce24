import { textsLookup, type Texts } from './texts';

/** The Pôle's page of failed jobs (/pro/taches). */
const FR = {
  'jobs.title': 'Tâches en échec',
  'jobs.intro': 'Les e-mails, reconstructions du kit, imports et envois de webhooks passent par une file de tâches qui réessaie d’elle-même pendant environ une heure. Ce qui échoue encore après tous ses essais arrive ici et y reste un mois : relancez-le une fois la cause réglée (un serveur de messagerie revenu, par exemple), ou écartez-le.',
  'jobs.none': 'Aucune tâche en échec : tout ce qui a été demandé a été fait.',
  'jobs.count': '{count} tâches en échec',
  'jobs.count.one': '{count} tâche en échec',
  'jobs.colKind': 'Tâche',
  'jobs.colSummary': 'Objet',
  'jobs.colAttempts': 'Essais',
  'jobs.colError': 'Dernière erreur',
  'jobs.colFailed': 'Abandonnée le',
  'jobs.colActions': 'Actions',
  'jobs.retry': 'Relancer',
  'jobs.discard': 'Écarter',
  'jobs.retried': 'La tâche est relancée, avec de nouveaux essais.',
  'jobs.discarded': 'La tâche est écartée.',
  'jobs.gone': 'Cette tâche n’est plus dans la liste (déjà relancée ou écartée).',
  'jobs.noError': '—',
  'kind.mail.send': 'E-mail',
  'kind.brand.kit': 'Kit de communication',
  'kind.media.sweep': 'Nettoyage des médias',
  'kind.contest.retention': 'Purge du concours',
  'kind.agenda.digest': 'Récapitulatif hebdomadaire',
  'kind.webhook.deliver': 'Envoi de webhook',
  'kind.webhook.purge': 'Purge des envois de webhooks',
  'kind.import.run': 'Import d’une source',
  'kind.import.schedule': 'Planification des imports',
  'kind.other': 'Autre tâche',
};
type ProJobsKey = keyof typeof FR;

const EN: Record<ProJobsKey, string> = {
  'jobs.title': 'Failed jobs',
  'jobs.intro': 'E-mails, kit rebuilds, imports and webhook deliveries go through a job queue that retries on its own for about an hour. What still fails after every attempt lands here and stays for a month: run it again once the cause is fixed (a mail server back, say), or discard it.',
  'jobs.none': 'No failed job: everything asked for has been done.',
  'jobs.count': '{count} failed jobs',
  'jobs.count.one': '{count} failed job',
  'jobs.colKind': 'Job',
  'jobs.colSummary': 'About',
  'jobs.colAttempts': 'Attempts',
  'jobs.colError': 'Last error',
  'jobs.colFailed': 'Given up on',
  'jobs.colActions': 'Actions',
  'jobs.retry': 'Run again',
  'jobs.discard': 'Discard',
  'jobs.retried': 'The job runs again, with fresh attempts.',
  'jobs.discarded': 'The job is discarded.',
  'jobs.gone': 'This job is no longer in the list (already run again or discarded).',
  'jobs.noError': '—',
  'kind.mail.send': 'E-mail',
  'kind.brand.kit': 'Communication kit',
  'kind.media.sweep': 'Media clean-up',
  'kind.contest.retention': 'Contest purge',
  'kind.agenda.digest': 'Weekly digest',
  'kind.webhook.deliver': 'Webhook delivery',
  'kind.webhook.purge': 'Webhook delivery purge',
  'kind.import.run': 'Import of a source',
  'kind.import.schedule': 'Import schedule',
  'kind.other': 'Other job',
};

const DE: Record<ProJobsKey, string> = {
  'jobs.title': 'Fehlgeschlagene Aufgaben',
  'jobs.intro': 'E-Mails, Neuaufbauten des Kits, Importe und Webhook-Zustellungen laufen über eine Warteschlange, die etwa eine Stunde lang selbst neu versucht. Was nach allen Versuchen noch scheitert, landet hier und bleibt einen Monat: Starten Sie es erneut, sobald die Ursache behoben ist (etwa ein wieder erreichbarer Mailserver), oder verwerfen Sie es.',
  'jobs.none': 'Keine fehlgeschlagene Aufgabe: Alles Angeforderte ist erledigt.',
  'jobs.count': '{count} fehlgeschlagene Aufgaben',
  'jobs.count.one': '{count} fehlgeschlagene Aufgabe',
  'jobs.colKind': 'Aufgabe',
  'jobs.colSummary': 'Betreff',
  'jobs.colAttempts': 'Versuche',
  'jobs.colError': 'Letzter Fehler',
  'jobs.colFailed': 'Aufgegeben am',
  'jobs.colActions': 'Aktionen',
  'jobs.retry': 'Erneut starten',
  'jobs.discard': 'Verwerfen',
  'jobs.retried': 'Die Aufgabe läuft erneut, mit neuen Versuchen.',
  'jobs.discarded': 'Die Aufgabe ist verworfen.',
  'jobs.gone': 'Diese Aufgabe ist nicht mehr in der Liste (schon neu gestartet oder verworfen).',
  'jobs.noError': '—',
  'kind.mail.send': 'E-Mail',
  'kind.brand.kit': 'Kommunikationskit',
  'kind.media.sweep': 'Medienbereinigung',
  'kind.contest.retention': 'Bereinigung des Wettbewerbs',
  'kind.agenda.digest': 'Wöchentliche Übersicht',
  'kind.webhook.deliver': 'Webhook-Zustellung',
  'kind.webhook.purge': 'Bereinigung der Webhook-Zustellungen',
  'kind.import.run': 'Import einer Quelle',
  'kind.import.schedule': 'Importplanung',
  'kind.other': 'Andere Aufgabe',
};

export type { ProJobsKey };
const TEXTS: Texts<ProJobsKey> = { fr: FR, en: EN, de: DE };
export const proJobsText = textsLookup(TEXTS);

/** The label of a job kind; kinds added later read "Other job" until they get one. */
export function jobKindLabel(language: Parameters<typeof proJobsText>[0], kind: string): string {
  const key = `kind.${kind}` as ProJobsKey;
  return key in FR ? proJobsText(language, key) : `${proJobsText(language, 'kind.other')} (${kind})`;
}
