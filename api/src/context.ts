import type { DataSource } from 'typeorm';
import DataLoader from 'dataloader';
import { AuthService } from './auth/auth.service';
import type { MediaVariant } from './media/media-variant.entity';
import type { MediaService } from './media/media.service';
import { ImageByUrl } from './agenda/image-by-url';
import type { BrandService } from './brand/brand.service';
import type { Audience } from './brand/download-token';
import { PartnerService } from './brand/partner.service';
import type { LockupService } from './brand/lockup.service';
import { KitSubscriptionService } from './brand/kit-subscriptions';
import { EventReader } from './agenda/event.reader';
import { EventService } from './agenda/event.service';
import type { EventOccurrence } from './agenda/event.entities';
import { consume, type RateLimits } from './common/rate-limits';
import type { Viewer } from './auth/viewer';
import type { Logger } from './logger';
import type { Mailer } from './mail/mailer';
import type { DeadLetterList, JobQueue } from './jobs/job-definition';
import { OrganisationService } from './organisations/organisation.service';
import { DashboardService } from './statistics/dashboard.service';
import { PasswordResetService } from './auth/password-reset.service';
import { InvitationService } from './organisations/invitation.service';
import { createTerritoryLoaders, type TerritoryLoaders } from './territory/territory.loaders';
import { TerritoryService } from './territory/territory.service';
import type { ContestPrincipal } from './contest/contest-access';
import type { ContestDeps } from './contest/contest-deps';
import { EntrantService } from './contest/entrant.service';
import { JuryService } from './contest/jury.service';
import { ModerationService } from './contest/moderation.service';
import { ResultsService } from './contest/results.service';
import { VoteService } from './contest/vote.service';
// syndication: webhooks
import { WebhookService } from './webhooks/webhook.service';
import type { WebhookUrlPolicy } from './webhooks/webhook-url';
import { ImportService } from './imports/import.service';

/** Long-lived pieces shared by every request (the composition root builds them once). */
export interface AppDependencies {
  dataSource: DataSource;
  auth: AuthService;
  media: MediaService;
  brand: BrandService;
  /** Partners' co-branded lockups. */
  lockups: LockupService;
  rateLimits: RateLimits;
  logger: Logger;
  publicApiUrl: string;
  publicSiteUrl: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  contest: ContestDeps;
  /** Every e-mail the platform sends (the contest's deps hold the same one): it enqueues, the worker sends. */
  mailer: Mailer;
  /** The job queue: services hand work to it and never wait for the work. */
  jobs: JobQueue & DeadLetterList;
  /** Which webhook URLs are accepted (OUTBOUND_ALLOW_PRIVATE, https in production). */
  webhookPolicy: WebhookUrlPolicy;
  /** OUTBOUND_ALLOW_PRIVATE: imports may read feeds and images on private networks (tests). */
  outboundAllowPrivate?: boolean;
}

/** What every resolver receives: the viewer, per-request loaders and services built for that viewer. */
export interface RequestContext {
  requestId: string;
  ip: string;
  viewer: Viewer | null;
  /** An entrant, voter or juror of a contest (they have no account); null otherwise. */
  contestPrincipal: ContestPrincipal | null;
  logger: Logger;
  mailer: Mailer;
  jobs: JobQueue;
  publicApiUrl: string;
  publicSiteUrl: string;
  /** Signs download links (derived from the token secret, never the same key). */
  downloadSecret: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  /** The brand-kit levels this viewer reaches, computed once per request. */
  audience(): Promise<Audience>;
  /** Spends one point of the per-address budget for sensitive anonymous actions. */
  limitAnonymous(action: string): Promise<void>;
  loaders: TerritoryLoaders & { variantsByMedia: DataLoader<string, MediaVariant[]>; occurrencesByEvent: DataLoader<string, EventOccurrence[]>; coPublishersByEvent: DataLoader<string, string[]>; organisationNames: DataLoader<string, string | null> };
  services: {
    auth: AuthService;
    territory: TerritoryService;
    brand: BrandService;
    partners: PartnerService;
    lockups: LockupService;
    /** The public's notices of new kit versions (double opt-in). */
    kitSubscriptions: KitSubscriptionService;
    eventReader: EventReader;
    /** Needs a viewer. */
    events(): EventService;
    /** Images given by address in upsertEvents, fetched through the media intake. */
    eventImages(): ImageByUrl;
    /** Needs a viewer; resolvers reach it only behind @Authorized. */
    organisations(): OrganisationService;
    /** Needs a viewer, like organisations(). */
    media(): MediaService;
    /** Needs a viewer; resolvers reach it only behind @Authorized. */
    dashboard(): DashboardService;
    /** Needs a viewer; resolvers reach it only behind @Authorized('platform:admin'). */
    deadLetters(): DeadLetterList;
    /** Needs a viewer; resolvers reach it only behind @Authorized('agenda:write'). */
    imports(): ImportService;
    /** "Forgot password" links (public). */
    passwordResets: PasswordResetService;
    /** Needs a viewer; resolvers reach it only behind @Authorized('organisation:manage'). */
    webhooks(): WebhookService;
    /** Invitations: managing them needs a viewer; preview and accept are public. */
    invitations(): InvitationService;
    contest: {
      deps: ContestDeps;
      entrants: EntrantService;
      votes: VoteService;
      jury: JuryService;
      results: ResultsService;
      /** Needs a viewer with the moderation scope; resolvers reach it only behind @Authorized. */
      moderation(): ModerationService;
    };
  };
}

export interface CreateRequestContextOptions {
  deps: AppDependencies;
  requestId: string;
  ip: string;
  viewer: Viewer | null;
  contestPrincipal?: ContestPrincipal | null;
}

export function createRequestContext({ deps, requestId, ip, viewer, contestPrincipal = null }: CreateRequestContextOptions): RequestContext {
  const logger = deps.logger.child({ requestId });
  let audience: Promise<Audience> | undefined;
  const reader = new EventReader(deps.dataSource, viewer);
  return {
    downloadSecret: deps.jwtSecret,
    jwtSecret: deps.jwtSecret,
    accessTokenTtlSeconds: deps.accessTokenTtlSeconds,
    audience: () => (audience ??= deps.brand.audienceOf(viewer)),
    limitAnonymous: (action) => consume(deps.rateLimits.loginByIp, `${action}:${ip}`),
    requestId,
    ip,
    viewer,
    contestPrincipal,
    logger,
    mailer: deps.mailer,
    jobs: deps.jobs,
    publicApiUrl: deps.publicApiUrl,
    publicSiteUrl: deps.publicSiteUrl,
    loaders: {
      ...createTerritoryLoaders(deps.dataSource),
      variantsByMedia: new DataLoader(async (ids: readonly string[]) => {
        const variants = await deps.media.variantsOf(ids);
        return ids.map((id) => variants.filter((variant) => variant.mediaId === id));
      }),
      // Names are public (the agenda shows who publishes); one statement per request's batch.
      organisationNames: new DataLoader(async (ids: readonly string[]) => {
        const rows: Array<{ id: string; name: string }> = await deps.dataSource.query(`SELECT id, name FROM organisation WHERE id = ANY($1::uuid[])`, [[...ids]]);
        return ids.map((id) => rows.find((row) => row.id === id)?.name ?? null);
      }),
      coPublishersByEvent: new DataLoader(async (ids: readonly string[]) => {
        const rows: Array<{ event_id: string; organisation_id: string }> = await deps.dataSource.query(`SELECT event_id, organisation_id FROM event_co_publisher WHERE event_id = ANY($1)`, [[...ids]]);
        return ids.map((id) => rows.filter((row) => row.event_id === id).map((row) => row.organisation_id));
      }),
      occurrencesByEvent: new DataLoader(async (ids: readonly string[]) => {
        const occurrences = await reader.occurrencesOf(ids);
        return ids.map((id) => occurrences.filter((occurrence) => occurrence.eventId === id));
      }),
    },
    services: {
      auth: deps.auth,
      territory: new TerritoryService(deps.dataSource),
      brand: deps.brand,
      lockups: deps.lockups,
      kitSubscriptions: new KitSubscriptionService(deps.dataSource, { mailer: deps.mailer, siteUrl: deps.publicSiteUrl, logger, secret: deps.jwtSecret }),
      partners: new PartnerService(deps.dataSource, { mailer: deps.mailer, siteUrl: deps.publicSiteUrl, logger, secret: deps.jwtSecret }),
      eventReader: reader,
      events: () => {
        if (!viewer) throw new Error('events service requires a viewer');
        return new EventService({ dataSource: deps.dataSource, viewer, notices: { mailer: deps.mailer, logger, publicSiteUrl: deps.publicSiteUrl }, webhooks: { jobs: deps.jobs, publicSiteUrl: deps.publicSiteUrl } });
      },
      eventImages: () => {
        if (!viewer) throw new Error('event images require a viewer');
        return new ImageByUrl({ dataSource: deps.dataSource, media: deps.media, viewer, allowPrivate: deps.outboundAllowPrivate ?? false });
      },
      organisations: () => {
        if (!viewer) throw new Error('organisations service requires a viewer');
        return new OrganisationService({ dataSource: deps.dataSource, viewer });
      },
      media: () => {
        if (!viewer) throw new Error('media service requires a viewer');
        return deps.media;
      },
      dashboard: () => {
        if (!viewer) throw new Error('dashboard service requires a viewer');
        return new DashboardService(deps.dataSource, viewer);
      },
      deadLetters: () => {
        if (!viewer) throw new Error('the dead-letter list requires a viewer');
        return deps.jobs;
      },
      webhooks: () => {
        if (!viewer) throw new Error('webhooks service requires a viewer');
        return new WebhookService({ dataSource: deps.dataSource, viewer, jobs: deps.jobs, logger, secret: deps.jwtSecret, policy: deps.webhookPolicy, publicSiteUrl: deps.publicSiteUrl });
      },
      imports: () => {
        if (!viewer) throw new Error('imports service requires a viewer');
        return new ImportService({ dataSource: deps.dataSource, viewer, jobs: deps.jobs, media: deps.media, logger, allowPrivate: deps.outboundAllowPrivate ?? false, webhooks: { jobs: deps.jobs, publicSiteUrl: deps.publicSiteUrl } });
      },
      passwordResets: new PasswordResetService({ dataSource: deps.dataSource, auth: deps.auth, mailer: deps.mailer, rateLimits: deps.rateLimits, logger, publicSiteUrl: deps.publicSiteUrl }),
      invitations: () => new InvitationService({ dataSource: deps.dataSource, auth: deps.auth, mailer: deps.mailer, rateLimits: deps.rateLimits, logger, publicSiteUrl: deps.publicSiteUrl, viewer }),
      contest: {
        deps: deps.contest,
        entrants: new EntrantService(deps.contest),
        votes: new VoteService(deps.contest),
        jury: new JuryService(deps.contest),
        results: new ResultsService(deps.contest),
        moderation: () => {
          if (!viewer) throw new Error('moderation service requires a viewer');
          return new ModerationService(deps.contest, viewer.kind === 'USER' ? viewer.userId : null);
        },
      },
    },
  };
}
