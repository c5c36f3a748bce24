import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A count for one organisation.' })
export class OrganisationCount {
  @Field(() => ID, { description: 'Organisation.' }) organisationId: string;
  @Field({ description: 'Its name.' }) organisationName: string;
  @Field(() => Int, { description: 'How many.' }) count: number;
}

@ObjectType({ description: 'A count for one organisation in one month.' })
export class OrganisationMonthCount extends OrganisationCount {
  @Field({ description: 'The month, "YYYY-MM", in Paris time.' }) month: string;
}

@ObjectType({ description: 'The agenda at a glance: the Pôle sees every office, an office itself.' })
export class AgendaDashboard {
  @Field(() => [String], { description: 'The months counted, oldest first ("YYYY-MM"): five before this one, this one, six after.' }) months: string[];
  @Field(() => [OrganisationMonthCount], { description: 'Published events taking place, per office and month (an event counts once in each month it has a date).' }) byOrganisationMonth: OrganisationMonthCount[];
  @Field(() => [OrganisationCount], { description: 'Upcoming published events without an image, per office.' }) withoutImage: OrganisationCount[];
  @Field(() => [OrganisationCount], { description: 'Upcoming published events not updated for 90 days, per office.' }) staleFor90Days: OrganisationCount[];
}

@ObjectType({ description: 'What waits for the Pôle.' })
export class ReviewDashboard {
  @Field(() => Int, { description: 'Events waiting for review.' }) pendingEvents: number;
  @Field(() => Int, { description: 'Duplicate candidates not yet merged or dismissed.' }) openDuplicates: number;
  @Field(() => Int, { description: 'Partner requests waiting for a decision.' }) pendingPartners: number;
}

@ObjectType({ description: 'Downloads of one asset in one week.' })
export class AssetWeekCount {
  @Field({ description: 'Asset slug ("kit" for the whole-kit ZIP).' }) assetSlug: string;
  @Field({ description: 'Asset name in the language asked for.' }) assetName: string;
  @Field({ description: 'Monday of the week, "YYYY-MM-DD".' }) week: string;
  @Field(() => Int, { description: 'Downloads.' }) count: number;
}

@ObjectType({ description: 'Downloads by one kind of audience.' })
export class AudienceCount {
  @Field({ description: 'Partner type, or ANONYMOUS.' }) audience: string;
  @Field(() => Int, { description: 'Downloads.' }) count: number;
}

@ObjectType({ description: 'The communication kit’s use over the last twelve weeks.' })
export class KitDashboard {
  @Field(() => [String], { description: 'The weeks counted, oldest first (their Mondays).' }) weeks: string[];
  @Field(() => [AssetWeekCount], { description: 'Downloads per asset and week (weeks without any are left out).' }) byAssetWeek: AssetWeekCount[];
  @Field(() => [AudienceCount], { description: 'Downloads per kind of audience, most first.' }) byAudience: AudienceCount[];
}

@ObjectType({ description: 'A count under a label.' })
export class LabelCount {
  @Field({ description: 'Key (a category slug, an INSEE code).' }) key: string;
  @Field({ description: 'Label to show.' }) label: string;
  @Field(() => Int, { description: 'How many.' }) count: number;
}

@ObjectType({ description: 'Entries of the latest contest (every state but withdrawn and erased).' })
export class ContestDashboard {
  @Field({ description: 'The contest.' }) contestTitle: string;
  @Field(() => [LabelCount], { description: 'Per category, in the contest’s order (empty ones included).' }) byCategory: LabelCount[];
  @Field(() => [LabelCount], { description: 'Per commune, most entries first.' }) byCommune: LabelCount[];
}

@ObjectType({ description: 'The espace pro’s dashboard. Each part is null for whoever may not see it.' })
export class Dashboard {
  @Field(() => AgendaDashboard, { nullable: true, description: 'For those who publish or moderate events.' }) agenda: AgendaDashboard | null;
  @Field(() => ReviewDashboard, { nullable: true, description: 'For the Pôle’s moderators.' }) review: ReviewDashboard | null;
  @Field(() => KitDashboard, { nullable: true, description: 'For those who manage the kit.' }) kit: KitDashboard | null;
  @Field(() => ContestDashboard, { nullable: true, description: 'For the Pôle’s moderators, once a contest exists.' }) contest: ContestDashboard | null;
}
