import { LIMITS } from '@nfc/shared';
import { IsOptional, Matches, MaxLength } from 'class-validator';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/pagination';
import { Commune } from './commune.entity';

@ObjectType({ description: 'The Nord Franche-Comté territory: the five member EPCI of the Pôle métropolitain.' })
export class Territory {
  @Field({ description: 'Short name, "Nord Franche-Comté".' })
  name: string;

  @Field({ description: 'Name of the body that carries it, the Pôle métropolitain.' })
  officialName: string;

  @Field(() => Int, { description: 'Municipal population, summed over its communes (INSEE, current census).' })
  population: number;

  @Field(() => Int, { description: 'Number of communes.' })
  communeCount: number;

  @Field({ description: 'Credit line to show with any map drawn from the boundaries.' })
  boundariesCredit: string;
}

@InputType({ description: 'Narrows a list of communes. Criteria combine with AND.' })
export class CommuneFilter {
  @Field({ nullable: true, description: 'SIREN of an EPCI.' })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: 'epci must be a SIREN (9 digits)' })
  epci?: string;

  @Field({ nullable: true, description: 'Department code, e.g. "90".' })
  @IsOptional()
  @Matches(/^(?:\d{2,3}|2[AB])$/, { message: 'department must be a department code such as "90"' })
  department?: string;

  @Field({ nullable: true, description: 'Part of the name; case and accents are ignored ("heric" finds Héricourt).' })
  @IsOptional()
  @MaxLength(LIMITS.searchMaxLength)
  search?: string;
}

@ObjectType({ description: 'A commune in a page of results.' })
export class CommuneEdge {
  @Field(() => Commune, { description: 'The commune.' })
  node: Commune;

  @Field({ description: 'Opaque position of this commune, for `after`.' })
  cursor: string;
}

@ObjectType({ description: 'A page of communes (Relay connection).' })
export class CommuneConnection {
  @Field(() => [CommuneEdge], { description: 'The communes of the page with their cursors.' })
  edges: CommuneEdge[];

  @Field(() => [Commune], { description: 'The communes of the page.' })
  nodes: Commune[];

  @Field(() => PageInfo, { description: 'Where this page stands.' })
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'Number of communes matching the filter, over all pages.' })
  totalCount: Promise<number> | number;
}
