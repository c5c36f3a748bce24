import type { Language } from '@nfc/shared';
import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { LanguageEnum } from '../brand/brand.types';
import type { RequestContext } from '../context';
import { Dashboard } from './dashboard.types';

@Resolver()
export class DashboardResolver {
  @Authorized()
  @Query(() => Dashboard, { description: 'The espace pro’s dashboard: each part for whoever may see it (null otherwise); an office counts its own events, the Pôle every office.' })
  dashboard(@Arg('language', () => LanguageEnum, { nullable: true, description: 'Language of the labels, French by default.' }) language: Language | null, @Ctx() ctx: RequestContext): Promise<Dashboard> {
    return ctx.services.dashboard().dashboard(language ?? 'fr');
  }
}
