import { AGENDA_ENTITIES } from '../agenda/event.entities';
import { ApiKey } from '../auth/api-key.entity';
import { Invitation, PasswordReset } from '../auth/account-token.entities';
import { CONTEST_ENTITIES } from '../contest/contest.entities';
import { BRAND_ENTITIES } from '../brand/brand.entities';
import { UserAccount } from '../auth/user-account.entity';
import { MediaItem } from '../media/media-item.entity';
import { MediaVariant } from '../media/media-variant.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Commune } from '../territory/commune.entity';
import { Department } from '../territory/department.entity';
import { Epci } from '../territory/epci.entity';
import { Region } from '../territory/region.entity';
import { WEBHOOK_ENTITIES } from '../webhooks/webhook.entities';
import { IMPORT_ENTITIES } from '../imports/import.entities';

/** Every entity, listed explicitly: no globbing, so the compiled and test builds see the same set. */
export const ENTITIES = [Region, Department, Epci, Commune, Organisation, UserAccount, ApiKey, PasswordReset, Invitation, MediaItem, MediaVariant, ...BRAND_ENTITIES, ...AGENDA_ENTITIES, ...CONTEST_ENTITIES, ...WEBHOOK_ENTITIES, ...IMPORT_ENTITIES];
