import type { MigrationInterface } from 'typeorm';
import { CreateTerritory1763780000000 } from './1763780000000-create-territory';
import { CreateOrganisationsAndAccess1763780100000 } from './1763780100000-create-organisations-and-access';
import { CreateMedia1763780200000 } from './1763780200000-create-media';
import { CreateBrandKit1763780300000 } from './1763780300000-create-brand-kit';
import { CreateAgenda1763780400000 } from './1763780400000-create-agenda';
import { AddAgendaModerationCopublishingDuplicates1763780500000 } from './1763780500000-add-agenda-moderation-copublishing-duplicates';
import { AddAgendaFilterIndexes1763780600000 } from './1763780600000-add-agenda-filter-indexes';
import { AddOccurrenceEndIndex1763780700000 } from './1763780700000-add-occurrence-end-index';
import { CreateContest1763780800000 } from './1763780800000-create-contest';
import { StoreEventSearchVector1763780900000 } from './1763780900000-store-event-search-vector';
import { AddOccurrencePeriodIndex1763781000000 } from './1763781000000-add-occurrence-period-index';
import { AddEventFirstPublishedAt1763781500000 } from './1763781500000-add-event-first-published-at';
import { BackfillEventFirstPublishedAt1763781600000 } from './1763781600000-backfill-event-first-published-at';
import { AddUserTokenVersion1763781700000 } from './1763781700000-add-user-token-version';
import { AddEventImageIndex1763781800000 } from './1763781800000-add-event-image-index';
import { AddContestCodeBudget1763782000000 } from './1763782000000-add-contest-code-budget';
import { AttachEventImages1763782500000 } from './1763782500000-attach-event-images';
import { KeyExternalIdsByOrganisation1763782600000 } from './1763782600000-key-external-ids-by-organisation';
// espace pro
import { CreatePasswordResetsAndInvitations1763783000000 } from './1763783000000-create-password-resets-and-invitations';
import { AddUnpublishedEventsIndex1763783100000 } from './1763783100000-add-unpublished-events-index';
import { AddPartnerDecisionReason1763783200000 } from './1763783200000-add-partner-decision-reason';
import { AddEventReviewDecision1763783300000 } from './1763783300000-add-event-review-decision';
import { AddEventPublicContactsAndImageSource1763784200000 } from './1763784200000-add-event-public-contacts-and-image-source';
import { AddEventMergeContribution1763784300000 } from './1763784300000-add-event-merge-contribution';
import { StoreEventSearchVectorsPerLanguage1763784400000 } from './1763784400000-store-event-search-vectors-per-language';
import { CreateRateLimitBudgets1763784500000 } from './1763784500000-create-rate-limit-budgets';
import { NotifyPublicReadChanges1763784600000 } from './1763784600000-notify-public-read-changes';
import { LogContestResults1763784700000 } from './1763784700000-log-contest-results';
import { RecordJuryRoundEntriesAtOpening1763784800000 } from './1763784800000-record-jury-round-entries-at-opening';
import { VerifyPartnerEmails1763784900000 } from './1763784900000-verify-partner-emails';
import { AddCombinedRanking1763785000000 } from './1763785000000-add-combined-ranking';
import { MarkDisqualifications1763785100000 } from './1763785100000-mark-disqualifications';
import { AddEntryPeopleRelease1763785300000 } from './1763785300000-add-entry-people-release';
// syndication
import { InstallJobQueue1763783900000 } from './1763783900000-install-job-queue';
import { CreateImports1763784000000 } from './1763784000000-create-imports';
import { CreateWebhooks1763784100000 } from './1763784100000-create-webhooks';
import { AddPartnerLockupsAndKitSubscriptions1763785500000 } from './1763785500000-add-partner-lockups-and-kit-subscriptions';

/** Every migration, in order. New ones are appended; landed ones are never edited. */
export const MIGRATIONS: Array<new () => MigrationInterface> = [
  CreateTerritory1763780000000,
  CreateOrganisationsAndAccess1763780100000,
  CreateMedia1763780200000,
  CreateBrandKit1763780300000,
  CreateAgenda1763780400000,
  AddAgendaModerationCopublishingDuplicates1763780500000,
  AddAgendaFilterIndexes1763780600000,
  AddOccurrenceEndIndex1763780700000,
  CreateContest1763780800000,
  StoreEventSearchVector1763780900000,
  AddOccurrencePeriodIndex1763781000000,
  AddEventFirstPublishedAt1763781500000,
  BackfillEventFirstPublishedAt1763781600000,
  AddUserTokenVersion1763781700000,
  AddEventImageIndex1763781800000,
  AddContestCodeBudget1763782000000,
  AttachEventImages1763782500000,
  KeyExternalIdsByOrganisation1763782600000,
  // espace pro
  CreatePasswordResetsAndInvitations1763783000000,
  AddUnpublishedEventsIndex1763783100000,
  AddPartnerDecisionReason1763783200000,
  AddEventReviewDecision1763783300000,
  // syndication
  InstallJobQueue1763783900000,
  CreateImports1763784000000,
  CreateWebhooks1763784100000,
  // the agenda's contract
  AddEventPublicContactsAndImageSource1763784200000,
  AddEventMergeContribution1763784300000,
  StoreEventSearchVectorsPerLanguage1763784400000,
  CreateRateLimitBudgets1763784500000,
  NotifyPublicReadChanges1763784600000,
  // the contest, fair
  LogContestResults1763784700000,
  RecordJuryRoundEntriesAtOpening1763784800000,
  VerifyPartnerEmails1763784900000,
  AddCombinedRanking1763785000000,
  MarkDisqualifications1763785100000,
  // the contest's evidence
  AddEntryPeopleRelease1763785300000,
  // the kit's ★ rows
  AddPartnerLockupsAndKitSubscriptions1763785500000,
];
