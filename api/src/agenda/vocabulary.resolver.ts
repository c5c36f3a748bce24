import { ACCESSIBILITY, EVENT_CATEGORIES, type Language } from '@nfc/shared';
import { Arg, Query, Resolver } from 'type-graphql';
import { LanguageEnum } from '../brand/brand.types';
import { DATATOURISME_CLASSES, DATATOURISME_CORE } from './datatourisme';
import { AccessibilityCodeDefinition, EventCategoryDefinition } from './vocabulary.types';

const LANG = { nullable: true, description: 'Language of `label` (and `description`), French by default.' } as const;

/** The agenda's vocabulary, public: the lists shared/src/agenda.ts holds, for partners to map their own. */
@Resolver()
export class VocabularyResolver {
  @Query(() => [EventCategoryDefinition], { description: 'Every event category, in the list’s order, with its labels and its schema.org and DATAtourisme types.' })
  eventCategories(@Arg('lang', () => LanguageEnum, LANG) lang: Language | null): EventCategoryDefinition[] {
    return EVENT_CATEGORIES.map((category) => ({
      id: category.id,
      label: category.label[lang ?? 'fr'],
      labels: category.label,
      schemaOrgType: `https://schema.org/${category.schemaOrgType}`,
      dataTourismeType: `${DATATOURISME_CORE}${category.dataTourismeType}`,
      dataTourismeClasses: (DATATOURISME_CLASSES[category.id] ?? []).map((name) => `${DATATOURISME_CORE}${name}`),
    }));
  }

  @Query(() => [AccessibilityCodeDefinition], { description: 'Every accessibility code, with its labels and a short description.' })
  accessibilityCodes(@Arg('lang', () => LanguageEnum, LANG) lang: Language | null): AccessibilityCodeDefinition[] {
    return ACCESSIBILITY.map((definition) => ({
      code: definition.code,
      label: definition.label[lang ?? 'fr'],
      labels: definition.label,
      description: definition.description[lang ?? 'fr'],
      descriptions: definition.description,
    }));
  }
}
