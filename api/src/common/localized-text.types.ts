import { Field, ObjectType } from 'type-graphql';

/** A text in the three languages, as entered (events' texts, palette names): one GraphQL type for all. */
@ObjectType({ description: 'A text in French, with the English and German entered, if any.' })
export class LocalizedTextView {
  @Field({ description: 'French.' })
  fr: string;

  @Field(() => String, { nullable: true, description: 'English, if entered.' })
  en: string | null;

  @Field(() => String, { nullable: true, description: 'German, if entered.' })
  de: string | null;
}
