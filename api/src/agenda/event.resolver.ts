import { AGENDA_LIMITS, EVENT_CATEGORIES, pickLanguage, type Language } from '@nfc/shared';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Float, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { fieldsAskedAt } from '../common/selection';
import type { Commune } from '../territory/commune.entity';
import { ForwardPageArgs } from '../common/pagination';
import type { RequestContext } from '../context';
import { LanguageEnum } from '../brand/brand.types';
import { notFound } from '../common/errors';
import type { AgendaEvent } from './event.entities';
import { EventInput, MergeChoiceInput, UpsertEventInput } from './event.inputs';
import {
  CommuneEventCount,
  DuplicateCandidate,
  EventEditingView,
  EventOrderEnum,
  EventImageView,
  EventCategoryView,
  EventChangePage,
  EventFilter,
  EventOccurrenceConnection,
  EventOccurrenceView,
  EventPlaceView,
  EventValidation,
  EventView,
  MyEventConnection,
  MyEventsFilter,
  UpsertEventResult,
} from './event.types';
import { eventJsonLd } from './json-ld';
import type { EventPlan, OccurrencePagePlan } from './event-json';
import { sqlPlanOf } from '../http/answers-in-sql';
import { markdownToHtml, markdownToText } from './markdown';
import { variantUrl } from '../media/media.service';
import { GraphQLJSONObject } from 'graphql-scalars';
import { REJECTION_REASON_MAX } from './event.service';


const LANG = { nullable: true, description: 'Language, with fallback to French.' } as const;

@Resolver()
export class EventResolver {
  @Query(() => EventOccurrenceConnection, { description: 'The shared agenda: upcoming occurrences of published events, in date order.' })
  events(
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Criteria.' }) filter: EventFilter | null,
    @Args(() => ForwardPageArgs) page: ForwardPageArgs,
    @Arg('orderBy', () => EventOrderEnum, { defaultValue: 'DATE', description: 'By date (default), or by relevance with a text search.' }) orderBy: 'DATE' | 'RELEVANCE',
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EventOccurrenceConnection> {
    const plan = sqlPlanOf<OccurrencePagePlan>(info);
    if (plan) return ctx.services.eventReader.occurrencePageJson({ filter, first: page.first, after: page.after, orderBy }, plan) as Promise<never>;
    const eventFields = fieldsAskedAt(info, [['nodes', 'event'], ['edges', 'node', 'event']]);
    return ctx.services.eventReader.occurrences({ filter, first: page.first, after: page.after, orderBy, eventFields });
  }

  @Query(() => [CommuneEventCount], { description: 'The filtered agenda by commune, most dates first: the same events as `events`, counted in one statement. Without `to` (or `when`), the next twelve months.' })
  eventCountsByCommune(@Arg('filter', () => EventFilter, { nullable: true, description: 'Criteria, as for events.' }) filter: EventFilter | null, @Ctx() ctx: RequestContext): Promise<CommuneEventCount[]> {
    return ctx.services.eventReader.communeCounts(filter);
  }

  @Query(() => EventView, { description: "An event you may read by id: published, or your office's own in any review state (any, for the Pôle). NOT_FOUND otherwise." })
  async event(@Arg('id', () => ID, { description: 'Event id.' }) id: string, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<AgendaEvent> {
    const plan = sqlPlanOf<EventPlan>(info);
    if (plan) return ((await ctx.services.eventReader.readableJson({ id }, plan)) as never) ?? Promise.reject(notFound('Event', id));
    return (await ctx.services.eventReader.readable({ id }, fieldsAskedAt(info, [[]]))) ?? Promise.reject(notFound('Event', id));
  }

  @Query(() => EventView, { description: 'An event you may read by slug, as event(id). NOT_FOUND otherwise.' })
  async eventBySlug(@Arg('slug', { description: 'Slug.' }) slug: string, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<AgendaEvent> {
    const plan = sqlPlanOf<EventPlan>(info);
    if (plan) return ((await ctx.services.eventReader.readableJson({ slug }, plan)) as never) ?? Promise.reject(notFound('Event', slug));
    return (await ctx.services.eventReader.readable({ slug }, fieldsAskedAt(info, [[]]))) ?? Promise.reject(notFound('Event', slug));
  }

  @Query(() => EventChangePage, { description: 'Events changed or deleted since an instant, oldest first, for systems that sync. Pass nextSince back. The public sees events that were once published (a later unpublishing comes as a deletion); an office also sees its own.' })
  eventChanges(
    @Arg('since', { description: 'Instant of the last sync.' }) since: Date,
    @Arg('first', () => Int, { defaultValue: 100, description: 'At most this many changes (≤ 100).' }) first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<EventChangePage> {
    return ctx.services.eventReader.changes(since, Math.min(Math.max(first, 1), 100));
  }

  @Authorized('agenda:write')
  @Mutation(() => EventView, { description: 'Creates an event published by your organisation.' })
  createEvent(@Arg('input', () => EventInput, { description: 'The event.' }) input: EventInput, @Ctx() ctx: RequestContext): Promise<AgendaEvent> {
    return ctx.services.events().create(input);
  }

  @Authorized('agenda:write')
  @Mutation(() => EventView, { description: "Replaces an event's content, found by id or slug. FORBIDDEN for another office's published event; NOT_FOUND for one you cannot read." })
  async updateEvent(
    @Arg('id', () => ID, { nullable: true, description: 'Event id.' }) id: string | null,
    @Arg('slug', () => String, { nullable: true, description: 'Or its slug.' }) slug: string | null,
    @Arg('input', () => EventInput, { description: 'The event.' }) input: EventInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AgendaEvent> {
    const events = ctx.services.events();
    return events.update(await events.idOf({ id, slug }), input);
  }

  @Authorized('agenda:write')
  @Mutation(() => EventView, { description: 'Deletes an event, keeping a tombstone for systems that sync.' })
  deleteEvent(@Arg('id', () => ID, { description: 'Event id.' }) id: string, @Ctx() ctx: RequestContext): Promise<AgendaEvent> {
    return ctx.services.events().remove(id);
  }

  @Authorized('agenda:write')
  @Mutation(() => EventView, { description: 'Sends a draft (or a rejected event) to review, or to the agenda when your office needs no review.' })
  submitEvent(@Arg('id', () => ID, { description: 'Event id.' }) id: string, @Ctx() ctx: RequestContext): Promise<AgendaEvent> {
    return ctx.services.events().submit(id);
  }

  @Authorized('moderation')
  @Mutation(() => EventView, { description: 'Publishes an event (the Pôle, for any office).' })
  publishEvent(@Arg('id', () => ID, { description: 'Event id.' }) id: string, @Ctx() ctx: RequestContext): Promise<AgendaEvent> {
    return ctx.services.events().decide(id, 'PUBLISHED');
  }

  @Authorized('moderation')
  @Mutation(() => EventView, { description: 'Rejects an event under review (the Pôle), with the reason its office reads beside the event and receives by e-mail.' })
  rejectEvent(
    @Arg('id', () => ID, { description: 'Event id.' }) id: string,
    @Arg('reason', { description: `Why it is refused, for the office (1 to ${REJECTION_REASON_MAX} characters).` }) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<AgendaEvent> {
    return ctx.services.events().decide(id, 'REJECTED', reason);
  }

  @Authorized('agenda:write')
  @Mutation(() => EventView, { description: 'Cancels an event: it stays in every feed, marked cancelled.' })
  cancelEvent(@Arg('id', () => ID, { description: 'Event id.' }) id: string, @Ctx() ctx: RequestContext): Promise<AgendaEvent> {
    return ctx.services.events().cancel(id);
  }

  @Authorized('agenda:write')
  @Mutation(() => EventView, { description: "Features another office's event in your agenda (you become a co-publisher; you cannot edit it)." })
  featureEvent(@Arg('id', () => ID, { description: 'Event id.' }) id: string, @Ctx() ctx: RequestContext): Promise<AgendaEvent> {
    return ctx.services.events().feature(id);
  }

  @Authorized('organisation:manage')
  @Mutation(() => Boolean, { description: 'Whether events your staff create wait for the Pôle’s review.' })
  setAgendaReview(
    @Arg('organisationId', () => ID, { description: 'Your organisation.' }) organisationId: string,
    @Arg('required', { description: 'true: review first.' }) required: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    return ctx.services.events().setReview(organisationId, required);
  }

  @Authorized('agenda:write')
  @Query(() => MyEventConnection, {
    description: "Your office's events in every review state and status (never deleted ones), last changed first, with counts per state and status; the Pôle reads every office's, or one office's with filter.organisationId.",
  })
  myEvents(
    @Arg('filter', () => MyEventsFilter, { nullable: true, description: 'Criteria.' }) filter: MyEventsFilter | null,
    @Args(() => ForwardPageArgs) page: ForwardPageArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<MyEventConnection> {
    return ctx.services.eventReader.mine(filter, page.first, page.after) as unknown as Promise<MyEventConnection>;
  }

  @Authorized('moderation')
  @Query(() => [EventView], { description: 'Events waiting for review (the Pôle).' })
  pendingEvents(@Ctx() ctx: RequestContext): Promise<AgendaEvent[]> {
    return ctx.services.eventReader.pending();
  }

  @Authorized('moderation')
  @Query(() => [DuplicateCandidate], { description: 'Events of different offices that look like the same one (the Pôle).' })
  duplicateCandidates(@Ctx() ctx: RequestContext): Promise<DuplicateCandidate[]> {
    return ctx.services.eventReader.duplicates() as unknown as Promise<DuplicateCandidate[]>;
  }

  @Authorized('moderation')
  @Mutation(() => EventView, { description: 'Merges a duplicate into the canonical event, field by field as chosen; both offices stay as publishers and are told, both keep their external ids, translations and details the canonical event lacks are kept. Later writes to the duplicate answer MERGED_INTO with the canonical id.' })
  mergeEvents(
    @Arg('keepId', () => ID, { description: 'The canonical event.' }) keepId: string,
    @Arg('mergeId', () => ID, { description: 'The duplicate.' }) mergeId: string,
    @Arg('choices', () => [MergeChoiceInput], { defaultValue: [], description: 'Where each field comes from; a field not listed comes from the kept event, filled from the other where it is empty.' }) choices: MergeChoiceInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<AgendaEvent> {
    return ctx.services.events().mergeAndTell(keepId, mergeId, choices);
  }

  @Authorized('agenda:write')
  @Mutation(() => EventValidation, { description: 'A dry run: every field error at once, nothing stored.' })
  async validateEvent(@Arg('input', () => EventInput, { validate: false, description: 'The event.' }) input: EventInput, @Ctx() ctx: RequestContext): Promise<EventValidation> {
    const { errors, occurrences } = await ctx.services.events().check(input);
    const long = input.longDescription;
    // Rendered only within the length the event may have (a longer one has its error already).
    const html = (text: string | undefined) => (text?.trim() && text.length <= AGENDA_LIMITS.longDescriptionMaxLength ? markdownToHtml(text) : null);
    return {
      valid: errors.length === 0,
      errors,
      occurrences: occurrences.slice(0, 50),
      occurrenceCount: occurrences.length,
      longDescriptionHtml: html(long?.fr) ? { fr: html(long!.fr)!, en: html(long!.en), de: html(long!.de) } : null,
    };
  }

  @Authorized('agenda:write')
  @Mutation(() => [UpsertEventResult], {
    description:
      'Creates or updates up to 250 events by their id in your system (ids are yours alone: another office may use the same system and ids). Each item is stored or refused on its own, with its field errors; the answer reports every item, and an unforeseen failure stores nothing. The same item sent again is UNCHANGED.',
  })
  async upsertEvents(
    @Arg('system', { description: 'Your system, e.g. "decibelles", "apidae", "openagenda".' }) system: string,
    @Arg('events', () => [UpsertEventInput], { validate: false, description: 'The events.' }) events: UpsertEventInput[],
    @Arg('dryRun', { defaultValue: false, description: 'Check and report every item as the call would, then store nothing.' }) dryRun: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<UpsertEventResult[]> {
    const images = ctx.services.eventImages();
    const prepared = await images.prepare(system, events, { dryRun });
    try {
      return await ctx.services.events().upsert(system, events, { dryRun, itemErrors: prepared.errors });
    } finally {
      // An image fetched for an item that was refused, or for a batch that failed, leaves no file behind.
      await images.discardUnheld(prepared);
    }
  }
}

@Resolver(() => EventView)
export class EventFieldsResolver {
  @FieldResolver(() => String, { description: 'Title.' })
  title(@Root() event: AgendaEvent, @Arg('lang', () => LanguageEnum, LANG) lang: Language | null): string {
    return pickLanguage(event.title, lang ?? 'fr');
  }

  @FieldResolver(() => String, { nullable: true, description: 'Short description.' })
  shortDescription(@Root() event: AgendaEvent, @Arg('lang', () => LanguageEnum, LANG) lang: Language | null): string | null {
    return event.shortDescription ? pickLanguage(event.shortDescription, lang ?? 'fr') : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Long description, Markdown (never HTML).' })
  longDescription(@Root() event: AgendaEvent, @Arg('lang', () => LanguageEnum, LANG) lang: Language | null): string | null {
    return event.longDescription ? pickLanguage(event.longDescription, lang ?? 'fr') : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Long description rendered from its Markdown as sanitised HTML, to insert as it is: only p, br, strong, em, del, s, ul, ol, li, blockquote, code, pre, h3, h4, hr and a; links only to http, https, mailto and tel (others dropped, their text kept), with rel="nofollow noopener"; no images, no attributes besides href, rel and start.',
  })
  longDescriptionHtml(@Root() event: AgendaEvent, @Arg('lang', () => LanguageEnum, LANG) lang: Language | null): string | null {
    return event.longDescription ? markdownToHtml(pickLanguage(event.longDescription, lang ?? 'fr')) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Long description as plain text (no markup; a link as its text, then its target in parentheses), for feeds, e-mails and text-only readers. Escape it for your format.' })
  longDescriptionText(@Root() event: AgendaEvent, @Arg('lang', () => LanguageEnum, LANG) lang: Language | null): string | null {
    return event.longDescription ? markdownToText(pickLanguage(event.longDescription, lang ?? 'fr')) : null;
  }

  @FieldResolver(() => [String], { description: 'Languages whose texts a machine translated.' })
  machineTranslated(@Root() event: AgendaEvent): string[] {
    return Object.entries(event.translationOrigin ?? {}).filter(([, origin]) => origin === 'MACHINE').map(([language]) => language);
  }

  @FieldResolver(() => [EventCategoryView], { description: 'Categories.' })
  categories(@Root() event: AgendaEvent, @Arg('lang', () => LanguageEnum, LANG) lang: Language | null): EventCategoryView[] {
    return EVENT_CATEGORIES.filter((c) => event.categories.includes(c.id)).map((c) => ({ id: c.id, label: c.label[lang ?? 'fr'], schemaOrgType: c.schemaOrgType, dataTourismeType: c.dataTourismeType }));
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Lowest price.' })
  priceMin(@Root() event: AgendaEvent): number | null {
    return event.priceMin === null ? null : Number(event.priceMin);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Highest price.' })
  priceMax(@Root() event: AgendaEvent): number | null {
    return event.priceMax === null ? null : Number(event.priceMax);
  }

  @FieldResolver(() => EventPlaceView, { description: 'Place.' })
  place(@Root() event: AgendaEvent, @Ctx() ctx: RequestContext): EventPlaceView | Promise<EventPlaceView> {
    const place = (commune: Commune): EventPlaceView => ({ name: event.placeName, streetAddress: event.streetAddress, postalCode: event.postalCode, commune, lat: event.lat, lon: event.lon, approximate: event.locationApproximate });
    // Read with the event (event-rows.ts): answered at once, no promise per event of a list. An
    // event from elsewhere (a mutation's answer) has its commune from the loader.
    return event.commune ? place(event.commune) : ctx.loaders.communeByInsee.load(event.communeInsee).then((commune) => place(commune!));
  }

  @FieldResolver(() => GraphQLJSONObject, { description: 'schema.org Event JSON-LD (its next date), texts as plain text. To embed it in a <script type="application/ld+json">, serialise it with <, >, &, U+2028 and U+2029 as \\u escapes.' })
  async jsonLd(@Root() event: AgendaEvent, @Arg('lang', () => LanguageEnum, LANG) lang: Language | null, @Ctx() ctx: RequestContext): Promise<Record<string, unknown>> {
    const [occurrences, commune, publisher] = await Promise.all([
      ctx.loaders.occurrencesByEvent.load(event.id),
      event.commune ?? ctx.loaders.communeByInsee.load(event.communeInsee),
      ctx.loaders.organisationById.load(event.publisherId),
    ]);
    const now = Date.now();
    const next = occurrences.find((o) => o.endsAt.getTime() >= now) ?? occurrences.at(-1);
    const variants = event.imageMediaId ? await ctx.loaders.variantsByMedia.load(event.imageMediaId) : [];
    const imageUrls = variants.filter((v) => v.format === 'jpeg').map((v) => variantUrl(ctx.publicApiUrl, v));
    return JSON.parse(JSON.stringify(eventJsonLd({ event, occurrence: next, commune, organiser: publisher?.name ?? null, siteUrl: ctx.publicSiteUrl, imageUrls, language: lang ?? 'fr' })));
  }

  @FieldResolver(() => EventImageView, { nullable: true, description: 'The image, if any.' })
  async image(@Root() event: AgendaEvent, @Arg('lang', () => LanguageEnum, LANG) lang: Language | null, @Ctx() ctx: RequestContext): Promise<EventImageView | null> {
    if (!event.imageMediaId) return null;
    const variants = await ctx.loaders.variantsByMedia.load(event.imageMediaId);
    return {
      credit: event.imageCredit,
      alt: event.imageAlt ? pickLanguage(event.imageAlt, lang ?? 'fr') : null,
      variants: variants.map((v) => ({ format: v.format, width: v.width, height: v.height, url: variantUrl(ctx.publicApiUrl, v) })),
    };
  }

  @FieldResolver(() => [ID], { description: 'Organisations featuring the event besides its publisher.' })
  async coPublishers(@Root() event: AgendaEvent, @Ctx() ctx: RequestContext): Promise<string[]> {
    return ctx.loaders.coPublishersByEvent.load(event.id);
  }

  @FieldResolver(() => ID, { description: 'The organisation that publishes (and alone may edit) the event.' })
  publisherId(@Root() event: AgendaEvent): string {
    return event.publisherId;
  }

  @FieldResolver(() => String, { description: 'Name of the office that publishes it.' })
  async publisherName(@Root() event: AgendaEvent, @Ctx() ctx: RequestContext): Promise<string> {
    return (await ctx.loaders.organisationNames.load(event.publisherId)) ?? '';
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why the Pôle refused it, while it is refused (only its office and the Pôle read refused events).' })
  rejectionReason(@Root() event: AgendaEvent): string | null {
    return event.moderation === 'REJECTED' ? event.rejectionReason : null;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the Pôle last approved or refused it.' })
  reviewedAt(@Root() event: AgendaEvent): Date | null {
    return event.reviewedAt;
  }

  @FieldResolver(() => String, { description: 'Review state: DRAFT, PENDING, PUBLISHED, REJECTED or ARCHIVED.' })
  moderation(@Root() event: AgendaEvent): string {
    return event.moderation;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'Start of the next date not yet over (or of the last one when all are past); null without dates.' })
  async nextStartsAt(@Root() event: AgendaEvent, @Ctx() ctx: RequestContext): Promise<Date | null> {
    const occurrences = await ctx.loaders.occurrencesByEvent.load(event.id);
    const now = Date.now();
    return (occurrences.find((o) => o.endsAt.getTime() >= now) ?? occurrences.at(-1))?.startsAt ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'How to register (phone, e-mail), when its office shows it to the public; its editors read it in `editing`.' })
  registrationContact(@Root() event: AgendaEvent): string | null {
    return event.registrationContactPublic ? event.registrationContact : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'How to reach the organiser, when its office shows it to the public.' })
  organiserContact(@Root() event: AgendaEvent): string | null {
    return event.organiserContactPublic ? event.organiserContact : null;
  }

  @FieldResolver(() => EventEditingView, { nullable: true, description: 'The event as its publisher entered it, to fill an editor again: null unless you may edit it (its office, or the Pôle).' })
  async editing(@Root() event: AgendaEvent, @Ctx() ctx: RequestContext): Promise<EventEditingView | null> {
    // Only people who write events may edit one: the public (and the contest's people) cost no query.
    if (!ctx.viewer || !ctx.viewer.scopes.includes('agenda:write')) return null;
    if (!(await ctx.services.eventReader.isEditable(event.id))) return null;
    const text = (value: AgendaEvent['title'] | null) => (value ? { fr: value.fr, en: value.en ?? null, de: value.de ?? null } : null);
    const schedule = event.schedule;
    return {
      title: text(event.title)!,
      shortDescription: text(event.shortDescription),
      longDescription: text(event.longDescription),
      schedule: {
        allDay: Boolean(schedule.allDay),
        dates: schedule.dates?.map((d) => ({ start: d.start, end: d.end ?? null })) ?? null,
        recurrence: schedule.recurrence
          ? { start: schedule.recurrence.start, durationMinutes: schedule.recurrence.durationMinutes, rule: schedule.recurrence.rule, exceptions: schedule.recurrence.exceptions ?? [], additions: schedule.recurrence.additions ?? [] }
          : null,
      },
      imageId: event.imageMediaId,
      imageCredit: event.imageCredit,
      imageAlt: text(event.imageAlt),
      registrationContact: event.registrationContact,
      registrationContactPublic: event.registrationContactPublic,
      organiserContact: event.organiserContact,
      organiserContactPublic: event.organiserContactPublic,
      locationApproximate: event.locationApproximate,
    };
  }

  @FieldResolver(() => [EventOccurrenceView], { description: 'All dates of the event, in order.' })
  async occurrences(@Root() event: AgendaEvent, @Ctx() ctx: RequestContext): Promise<EventOccurrenceView[]> {
    return (await ctx.loaders.occurrencesByEvent.load(event.id)).map((o) => ({ id: o.id, startsAt: o.startsAt, endsAt: o.endsAt, event: event as unknown as EventView }));
  }
}
