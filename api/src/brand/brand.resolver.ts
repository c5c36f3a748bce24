import { presetsForKind, pickLanguage, type Language } from '@nfc/shared';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { signAccessToken } from '../auth/tokens';
import { AppError } from '../common/errors';
import type { RequestContext } from '../context';
import { KIT_SLUG, LOCKUP_SLUG, previewSlug, signDownloadToken, type DownloadGrant } from './download-token';
import type { PartnerLogoView as PartnerLogoData } from './lockup.service';
import { announceNewVersion } from './announce-version';
import type { PartnerStatus } from './brand.entities';
import { contrasts, hexToRgb } from './palette-formats';
import {
  BrandAssetVersionView,
  BrandAssetView,
  BrandCharterView,
  BrandKitInfo,
  BrandVersionPreview,
  CharterStandingView,
  PartnerRequestView,
  PartnerStatusEnum,
  ColourSwatchInput,
  ColourSwatchView,
  DownloadCount,
  LanguageEnum,
  LocalizedTextInput,
  PartnerListingView,
  PartnershipView,
  PartnerLogoView,
  UpdatePartnerProfileInput,
  RegisterPartnerInput,
  RegisteredPartner,
} from './brand.types';

const LANG = { nullable: true, description: 'Language of texts (fr by default).' } as const;

/** A restricted file's URL carries a token signed for that one version; a public one needs none. */
function withToken(url: string, grant: DownloadGrant, secret: string, restricted: boolean): string {
  return restricted ? `${url}?token=${signDownloadToken(grant, secret)}` : url;
}

@Resolver()
export class BrandResolver {
  @Query(() => [BrandAssetView], { description: 'Brand assets the caller may download: public ones for everyone, partner ones for approved partners.' })
  async brandAssets(@Arg('lang', () => LanguageEnum, LANG) lang: Language | null, @Ctx() ctx: RequestContext): Promise<BrandAssetView[]> {
    const brand = ctx.services.brand;
    const audience = await ctx.audience();
    const assets = await brand.listAssets(audience);
    const versions = new Map((await brand.latestVersions(assets.map((a) => a.id))).map((v) => [v.assetId, v]));
    return assets.map((asset) => {
      const version = versions.get(asset.id);
      const base = `${ctx.publicApiUrl}/brand/assets/${asset.slug}/v/${version?.version ?? 0}`;
      const restricted = asset.access !== 'PUBLIC';
      const link = (preset: string) => withToken(`${base}/${preset}`, { slug: asset.slug, version: version?.version ?? 0, audience }, ctx.downloadSecret, restricted);
      const rasterisable = version && !/pdf|postscript|eps/.test(version.mimeType);
      return {
        slug: asset.slug,
        kind: asset.kind,
        access: asset.access,
        layout: asset.layout,
        colourway: asset.colourway,
        name: pickLanguage(asset.name, lang ?? 'fr'),
        latestVersion: version ? { version: version.version, mimeType: version.mimeType, byteSize: version.byteSize, publishedAt: version.createdAt } : null,
        previewUrl: version && rasterisable ? link('png-512') : null,
        downloads: version
          ? [
              { preset: 'master', format: version.mimeType.split('/')[1]!.replace('svg+xml', 'svg'), width: null, url: link('master') },
              ...(rasterisable ? presetsForKind(asset.kind).map((preset) => ({ preset: preset.id, format: preset.format, width: preset.width, url: link(preset.id) })) : []),
            ]
          : [],
      };
    });
  }

  @Query(() => [ColourSwatchView], { description: 'The colour palette with HEX, RGB, CMYK, Pantone and WCAG contrasts.' })
  async colourPalette(@Arg('lang', () => LanguageEnum, LANG) lang: Language | null, @Ctx() ctx: RequestContext): Promise<ColourSwatchView[]> {
    return (await ctx.services.brand.listSwatches()).map((swatch) => {
      const c = contrasts(swatch.hex);
      return {
        slug: swatch.slug,
        name: pickLanguage(swatch.name, lang ?? 'fr'),
        hex: swatch.hex,
        rgb: hexToRgb(swatch.hex),
        cmyk: swatch.cmyk,
        pantone: swatch.pantone,
        contrastOnWhite: Math.round(c.onWhite * 100) / 100,
        contrastOnBlack: Math.round(c.onBlack * 100) / 100,
        verdictOnWhite: c.onWhiteVerdict,
        verdictOnBlack: c.onBlackVerdict,
        sortOrder: swatch.sortOrder,
        names: { fr: swatch.name.fr, en: swatch.name.en ?? null, de: swatch.name.de ?? null },
      };
    });
  }

  @Query(() => BrandKitInfo, { nullable: true, description: 'The ZIP of the whole kit for the caller (partner kit for approved partners).' })
  async brandKit(@Ctx() ctx: RequestContext): Promise<BrandKitInfo | null> {
    const audience = await ctx.audience();
    const kit = await ctx.services.brand.latestKit(audience);
    if (!kit) return null;
    return { version: kit.version, access: kit.access, builtAt: kit.builtAt, byteSize: kit.byteSize, url: withToken(`${ctx.publicApiUrl}/brand/kit.zip`, { slug: KIT_SLUG, version: kit.version, audience }, ctx.downloadSecret, kit.access !== 'PUBLIC') };
  }

  @Query(() => BrandCharterView, { nullable: true, description: 'The brand charter in force.' })
  async brandCharter(@Arg('lang', () => LanguageEnum, LANG) lang: Language | null, @Ctx() ctx: RequestContext): Promise<BrandCharterView | null> {
    const charter = await ctx.services.partners.currentCharter();
    return charter ? { version: charter.version, text: pickLanguage(charter.text, lang ?? 'fr'), publishedAt: charter.publishedAt } : null;
  }

  @Query(() => [PartnerListingView], { description: 'The public directory of approved partners who chose to be listed.' })
  partnerDirectory(@Ctx() ctx: RequestContext): Promise<PartnerListingView[]> {
    return ctx.services.partners.directory();
  }

  @Authorized()
  @Query(() => PartnershipView, { nullable: true, description: "Your organisation's partner status; null if it is not a partner." })
  myPartnership(@Ctx() ctx: RequestContext): Promise<PartnershipView | null> {
    return ctx.services.partners.partnership(ctx.viewer);
  }

  @Mutation(() => RegisteredPartner, { description: 'Registers a partner organisation (pending approval by the Pôle) and logs its administrator in.' })
  async registerPartner(@Arg('input', () => RegisterPartnerInput, { description: 'The partner.' }) input: RegisterPartnerInput, @Ctx() ctx: RequestContext): Promise<RegisteredPartner> {
    await ctx.limitAnonymous('registration');
    const { organisation, user } = await ctx.services.partners.register(input);
    return { organisation, token: signAccessToken(user.id, ctx.jwtSecret, ctx.accessTokenTtlSeconds).token };
  }

  @Mutation(() => String, { description: 'Confirms a partner registration’s address with the token of the e-mailed link; returns the organisation’s name. The request then counts and can be approved.' })
  async confirmPartnerEmail(@Arg('token', { description: 'From the link in the e-mail.' }) token: string, @Ctx() ctx: RequestContext): Promise<string> {
    await ctx.limitAnonymous('partner-confirmation');
    return (await ctx.services.partners.confirmEmail(token)).organisationName;
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Sends the confirmation e-mail again to the signed-in partner administrator whose address is not confirmed; false if it already is.' })
  async resendPartnerConfirmation(@Ctx() ctx: RequestContext): Promise<boolean> {
    await ctx.limitAnonymous('partner-confirmation-resend');
    return ctx.services.partners.resendConfirmation(ctx.viewer);
  }

  @Authorized()
  @Mutation(() => PartnershipView, { description: 'A partner administrator updates its profile: website, EPCI, kind, and whether it is listed in the directory.' })
  async updatePartnerProfile(@Arg('input', () => UpdatePartnerProfileInput, { description: 'What changes.' }) input: UpdatePartnerProfileInput, @Ctx() ctx: RequestContext): Promise<PartnershipView> {
    await ctx.services.partners.updateProfile(input, ctx.viewer);
    return (await ctx.services.partners.partnership(ctx.viewer))!;
  }

  @Authorized()
  @Mutation(() => PartnershipView, { description: 'Accepts the charter version you were shown. CONFLICT if a newer one is in force.' })
  acceptBrandCharter(@Arg('version', () => Int, { description: 'Charter version accepted.' }) version: number, @Ctx() ctx: RequestContext): Promise<PartnershipView> {
    return ctx.services.partners.acceptCharter(version, ctx.viewer);
  }

  @Authorized('platform:admin')
  @Mutation(() => String, { description: 'Approves or refuses a partner (Pôle administrators); its administrators are told by e-mail. A refusal needs a reason, which the partner reads. Returns the new status.' })
  decidePartner(
    @Arg('organisationId', () => ID, { description: 'The partner organisation.' }) organisationId: string,
    @Arg('approve', { description: 'true to approve, false to refuse.' }) approve: boolean,
    @Arg('reason', () => String, { nullable: true, description: 'Why it is refused (required to refuse, at most 2000 characters); ignored for an approval.' }) reason: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<string> {
    return ctx.services.partners.decide({ organisationId, approve, reason, viewer: ctx.viewer!, notify: { mailer: ctx.services.contest.deps.mailer, siteUrl: ctx.publicSiteUrl, logger: ctx.logger } });
  }

  // kit (pro-kit)
  @Authorized('brand:write')
  @Query(() => [PartnerRequestView], { description: 'Partner registrations with their details, oldest first (Pôle); all of them, or those of the statuses given.' })
  partnerRequests(
    @Arg('statuses', () => [PartnerStatusEnum], { nullable: true, description: 'Only these statuses (all when omitted).' }) statuses: PartnerStatus[] | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PartnerRequestView[]> {
    return ctx.services.partners.requests(statuses, ctx.viewer!);
  }

  @Authorized('brand:write')
  @Query(() => CharterStandingView, { nullable: true, description: 'The charter in force and how many partners accepted it (Pôle); null before the first version.' })
  brandCharterStanding(@Ctx() ctx: RequestContext): Promise<CharterStandingView | null> {
    return ctx.services.partners.charterStanding(ctx.viewer!);
  }

  @Authorized('brand:write')
  @Query(() => BrandVersionPreview, {
    description:
      'Every rendition an upload would produce as the next version of an asset, rendered as publication renders them, without publishing or storing anything (Pôle). Confirm with publishBrandAssetVersion and the same upload.',
  })
  async previewBrandAssetVersion(
    @Arg('slug', { description: 'The asset.' }) slug: string,
    @Arg('uploadId', () => ID, { description: 'The upload id POST /uploads returned (purpose BRAND_MASTER or PRINT_MASTER).' }) uploadId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<BrandVersionPreview> {
    const { item, bytes } = await ctx.services.media().readOriginal(uploadId, ctx.viewer!);
    if (item.purpose !== 'BRAND_MASTER' && item.purpose !== 'PRINT_MASTER') {
      throw new AppError('BAD_USER_INPUT', 'This upload is not a brand master.', { reason: 'WRONG_PURPOSE', fields: [{ field: 'uploadId', message: 'Upload it with purpose BRAND_MASTER or PRINT_MASTER.' }] });
    }
    // CASE: an upload already published belongs to its version; a new file is a new upload.
    if (item.attachedAt) throw new AppError('BAD_USER_INPUT', 'This upload is already used.', { reason: 'UPLOAD_IN_USE', fields: [{ field: 'uploadId', message: 'Upload the file again.' }] });
    const preview = await ctx.services.brand.previewVersion({ slug, bytes, uploadId: item.id, viewer: ctx.viewer! });
    const audience = { levels: ['INTERNAL' as const], organisationId: ctx.viewer!.kind === 'OPERATOR' ? null : ctx.viewer!.organisationId, partnerType: null };
    const token = signDownloadToken({ slug: previewSlug(item.id), version: 0, audience }, ctx.downloadSecret);
    return {
      assetSlug: preview.asset.slug,
      uploadId: item.id,
      nextVersion: preview.nextVersion,
      mimeType: preview.mimeType,
      byteSize: preview.byteSize,
      width: preview.width,
      height: preview.height,
      renditions: preview.renditions.map(({ preset, byteSize }) => ({
        preset: preset.id,
        format: preset.format,
        width: preset.width,
        square: Boolean(preset.square),
        background: preset.background ?? null,
        byteSize,
        url: `${ctx.publicApiUrl}/brand/previews/${item.id}/${preset.id}?token=${token}`,
      })),
    };
  }

  @Authorized('brand:write')
  @Mutation(() => BrandCharterView, { description: 'Publishes a new charter version; partners must accept it again.' })
  async publishBrandCharter(@Arg('text', () => LocalizedTextInput, { description: 'Text of the charter.' }) text: LocalizedTextInput, @Ctx() ctx: RequestContext): Promise<BrandCharterView> {
    const charter = await ctx.services.partners.publishCharter({ fr: text.fr, ...(text.en ? { en: text.en } : {}), ...(text.de ? { de: text.de } : {}) }, ctx.viewer!);
    return { version: charter.version, text: charter.text.fr, publishedAt: charter.publishedAt };
  }

  @Authorized('brand:write')
  @Mutation(() => BrandAssetVersionView, { description: 'Publishes a new version of an asset from an upload (POST /uploads?purpose=BRAND_MASTER or PRINT_MASTER); the kits are rebuilt.' })
  async publishBrandAssetVersion(
    @Arg('slug', { description: 'The asset.' }) slug: string,
    @Arg('uploadId', () => ID, { description: 'The upload id POST /uploads returned.' }) uploadId: string,
    @Ctx() ctx: RequestContext,
    @Arg('note', () => String, { nullable: true, description: 'What changed, in a sentence (500 characters at most): it goes in every supersession notice.' }) note?: string | null,
  ): Promise<BrandAssetVersionView> {
    const changeNote = note?.replace(/\s+/g, ' ').trim() || null;
    if (changeNote && changeNote.length > 500) throw new AppError('BAD_USER_INPUT', 'The note is too long: 500 characters at most.', { fields: [{ field: 'note', message: 'At most 500 characters.' }] });
    const media = ctx.services.media();
    const { item, bytes } = await media.readOriginal(uploadId, ctx.viewer!);
    if (item.purpose !== 'BRAND_MASTER' && item.purpose !== 'PRINT_MASTER') {
      throw new AppError('BAD_USER_INPUT', 'This upload is not a brand master.', { fields: [{ field: 'uploadId', message: 'Upload it with purpose BRAND_MASTER or PRINT_MASTER.' }] });
    }
    // The upload is attached in the version's own transaction: one already used is refused.
    const version = await ctx.services.brand.publishVersion({ slug, bytes, viewer: ctx.viewer!, uploadId: item.id });
    await ctx.services.brand.rebuildKits();
    // Partners who downloaded an earlier version are told (supersession notice).
    await announceNewVersion({ dataSource: ctx.services.brand.dataSource, partners: ctx.services.partners, jobs: ctx.jobs }, version.assetId, version.version, changeNote);
    return { version: version.version, mimeType: version.mimeType, byteSize: version.byteSize, publishedAt: version.createdAt };
  }

  @Authorized('brand:write')
  @Mutation(() => [ColourSwatchView], { description: 'Adds or updates a colour of the palette (Pôle); the kits are rebuilt.' })
  async saveColourSwatch(@Arg('input', () => ColourSwatchInput, { description: 'The colour.' }) input: ColourSwatchInput, @Ctx() ctx: RequestContext): Promise<ColourSwatchView[]> {
    await ctx.services.brand.saveSwatch({
      slug: input.slug,
      name: { fr: input.name.fr, ...(input.name.en ? { en: input.name.en } : {}), ...(input.name.de ? { de: input.name.de } : {}) },
      hex: input.hex.toLowerCase(),
      cmyk: input.cmyk ?? null,
      pantone: input.pantone ?? null,
      sortOrder: input.sortOrder ?? 100,
    });
    return this.colourPalette('fr', ctx);
  }

  @Authorized('brand:write')
  @Query(() => [DownloadCount], { description: 'Downloads per asset, format and partner type over a period (Pôle).' })
  async brandDownloadStats(
    @Arg('from', { description: 'Start of the period (inclusive).' }) from: Date,
    @Arg('to', { description: 'End of the period (exclusive).' }) to: Date,
    @Ctx() ctx: RequestContext,
  ): Promise<DownloadCount[]> {
    await ctx.services.brand.downloads.flush();
    return ctx.services.brand.dataSource.query(
      `SELECT a.slug AS "assetSlug", d.format, coalesce(d.partner_type::text, 'ANONYMOUS') AS audience, count(*)::int AS count
       FROM brand_download d LEFT JOIN brand_asset a ON a.id = d.asset_id
       WHERE d.downloaded_at >= $1 AND d.downloaded_at < $2
       GROUP BY 1, 2, 3 ORDER BY count DESC, 1, 2, 3`,
      [from, to],
    );
  }

  /** The lockups' links, signed for this partner and this logo version (15 minutes). */
  private lockupLinks(view: PartnerLogoData, ctx: RequestContext): PartnerLogoView {
    const viewer = ctx.viewer!;
    const organisationId = viewer.kind === 'OPERATOR' ? null : viewer.organisationId;
    const token = signDownloadToken({ slug: LOCKUP_SLUG, version: view.version, audience: { levels: ['PUBLIC', 'PARTNER'], organisationId, partnerType: null } }, ctx.downloadSecret);
    return {
      ...view,
      lockups: view.lockups.map((lockup) => ({
        ...lockup,
        url: `${ctx.publicApiUrl}/brand/lockups/v/${view.version}/${lockup.layout.toLowerCase()}-${lockup.ground.toLowerCase()}.${lockup.format}?token=${token}`,
      })),
    };
  }

  @Authorized('brand:read')
  @Query(() => PartnerLogoView, { nullable: true, description: 'The signed-in partner’s own logo and its co-branded lockups; null before a logo is given. Approved partners bound by the current charter only.' })
  async myPartnerLogo(@Ctx() ctx: RequestContext): Promise<PartnerLogoView | null> {
    const view = await ctx.services.lockups.view(ctx.viewer);
    return view && this.lockupLinks(view, ctx);
  }

  @Authorized('brand:read')
  @Mutation(() => PartnerLogoView, { description: 'Makes an upload (POST /uploads?purpose=PARTNER_LOGO: SVG, or PNG/JPEG/WebP of at least 400 px) the partner’s logo for its lockups, replacing the previous one.' })
  async attachPartnerLogo(@Arg('uploadId', () => ID, { description: 'The upload id POST /uploads returned.' }) uploadId: string, @Ctx() ctx: RequestContext): Promise<PartnerLogoView> {
    return this.lockupLinks(await ctx.services.lockups.attach(uploadId, ctx.viewer), ctx);
  }

  @Authorized('brand:read')
  @Mutation(() => Boolean, { description: 'Removes the partner’s logo and its file; false when there was none.' })
  async removePartnerLogo(@Ctx() ctx: RequestContext): Promise<boolean> {
    return ctx.services.lockups.remove(ctx.viewer);
  }

  @Mutation(() => Boolean, { description: 'Asks to be told by e-mail when a public file of the kit has a new version. A confirmation link is sent (at most every ten minutes); nothing is sent before it is followed. Always true: the answer says nothing about the address.' })
  async subscribeToKitUpdates(
    @Arg('email', { description: 'The address to tell.' }) email: string,
    @Arg('lang', () => LanguageEnum, LANG) lang: Language | null,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    await ctx.limitAnonymous('kit-subscription');
    await ctx.services.kitSubscriptions.subscribe(email, lang ?? 'fr');
    return true;
  }

  @Mutation(() => Boolean, { description: 'Confirms a subscription with the token of the e-mailed link.' })
  async confirmKitSubscription(@Arg('token', { description: 'From the link.' }) token: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await ctx.limitAnonymous('kit-subscription-confirm');
    await ctx.services.kitSubscriptions.confirm(token);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Stops the notices and deletes the address, with the token of the link every notice carries.' })
  async unsubscribeFromKitUpdates(@Arg('token', { description: 'From the link.' }) token: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await ctx.limitAnonymous('kit-subscription-confirm');
    await ctx.services.kitSubscriptions.unsubscribe(token);
    return true;
  }
}
