import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../context';
import { MediaItem } from './media-item.entity';
import { MediaVariant } from './media-variant.entity';
import { variantUrl } from './media.service';

@Resolver(() => MediaItem)
export class MediaResolver {
  @Authorized()
  @Query(() => MediaItem, { description: "An uploaded file of your organisation (any, for the Pôle). Upload with POST /uploads." })
  mediaItem(@Arg('id', () => ID, { description: 'Upload id.' }) id: string, @Ctx() ctx: RequestContext): Promise<MediaItem> {
    return ctx.services.media().getItem(id, ctx.viewer!);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes an uploaded file, its original and its variants.' })
  async deleteMedia(@Arg('id', () => ID, { description: 'Upload id.' }) id: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await ctx.services.media().delete(id, ctx.viewer!);
    return true;
  }

  @FieldResolver(() => [MediaVariant], { description: 'Web variants (AVIF, WebP, JPEG) by width, smallest first; served only once the file is public.' })
  variants(@Root() item: MediaItem, @Ctx() ctx: RequestContext): Promise<MediaVariant[]> {
    return ctx.loaders.variantsByMedia.load(item.id);
  }
}

@Resolver(() => MediaVariant)
export class MediaVariantResolver {
  @FieldResolver(() => String, { description: 'Immutable URL of the variant (content-addressed).' })
  url(@Root() variant: MediaVariant, @Ctx() ctx: RequestContext): string {
    return variantUrl(ctx.publicApiUrl, variant);
  }
}
