import { EPCI_KINDS, type EpciKind } from '@nfc/shared';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const EpciKindEnum = Object.fromEntries(EPCI_KINDS.map((kind) => [kind, kind])) as { [K in EpciKind]: K };
registerEnumType(EpciKindEnum, {
  name: 'EpciKind',
  description: 'Kind of intercommunality.',
  valuesConfig: {
    CA: { description: "Communauté d'agglomération." },
    CC: { description: 'Communauté de communes.' },
  },
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
