import { EPCI_KINDS, type EpciKind } from '@nfc/shared';
import { Field, Int, ObjectType } from 'type-graphql';
import { registerValuesEnum } from '../common/graphql-enum';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const EpciKindEnum = registerValuesEnum(EPCI_KINDS, {
  name: 'EpciKind',
  description: 'Kind of intercommunality.',
  values: { CA: "Communauté d'agglomération.", CC: 'Communauté de communes.' },
});

@ObjectType({ description: 'An intercommunality (EPCI) member of the Pôle métropolitain.' })
@Entity({ name: 'epci' })
export class Epci {
  @Field({ description: 'SIREN of the EPCI (9 digits).' })
  @PrimaryColumn({ type: 'char', length: 9, primaryKeyConstraintName: 'epci_pkey' })
  siren: string;

  @Field({ description: 'Official name, e.g. "CA Grand Belfort".' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => EpciKindEnum, { description: 'CA or CC.' })
  @Column({ type: 'enum', enum: EPCI_KINDS, enumName: 'epci_kind' })
  kind: EpciKind;

  @Field(() => Int, { description: 'Municipal population (INSEE, current census) of its member communes.' })
  @Column({ type: 'integer' })
  population: number;
}
