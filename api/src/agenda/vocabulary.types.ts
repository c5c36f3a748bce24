import { Field, ObjectType } from 'type-graphql';
import { AccessibilityEnum } from './event.inputs';

@ObjectType({ description: 'A text in the three languages of the platform, each always given.' })
export class VocabularyLabels {
  @Field({ description: 'French.' })
  fr: string;

  @Field({ description: 'English.' })
  en: string;

  @Field({ description: 'German.' })
  de: string;
}

@ObjectType({ description: 'A category of the agenda’s controlled list, with its schema.org and DATAtourisme equivalents, as full URLs.' })
export class EventCategoryDefinition {
  @Field({ description: 'Category id, as EventFilter.categories and EventInput.categories take it, e.g. "concert".' })
  id: string;

  @Field({ description: 'Label in the requested language (French by default).' })
  label: string;

  @Field(() => VocabularyLabels, { description: 'Label in each language.' })
  labels: VocabularyLabels;

  @Field({ description: 'The schema.org Event type the event pages’ JSON-LD gives it, e.g. https://schema.org/MusicEvent.' })
  schemaOrgType: string;

  @Field({ description: 'Its DATAtourisme theme, e.g. https://www.datatourisme.fr/ontology/core#Concert.' })
  dataTourismeType: string;

  @Field(() => [String], {
    description: 'The DATAtourisme classes the DATAtourisme feed writes beside EntertainmentAndEvent for it (only classes the ontology’s own records carry; none when the category has no class of its own).',
  })
  dataTourismeClasses: string[];
}

@ObjectType({ description: 'An accessibility code: an impairment an event is adapted to. schema.org and DATAtourisme have no exact equivalent, so none is given.' })
export class AccessibilityCodeDefinition {
  @Field(() => AccessibilityEnum, { description: 'The code, as EventFilter.accessibility and EventInput.accessibility take it.' })
  code: string;

  @Field({ description: 'Label in the requested language (French by default).' })
  label: string;

  @Field(() => VocabularyLabels, { description: 'Label in each language.' })
  labels: VocabularyLabels;

  @Field({ description: 'What an office means by it, in the requested language.' })
  description: string;

  @Field(() => VocabularyLabels, { description: 'The description in each language.' })
  descriptions: VocabularyLabels;
}
