import { ORGANISATION_KINDS, type OrganisationKind } from '@nfc/shared';
import { Field, ID, ObjectType } from 'type-graphql';
import { registerValuesEnum } from '../common/graphql-enum';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { Epci } from '../territory/epci.entity';

export const OrganisationKindEnum = registerValuesEnum(ORGANISATION_KINDS, {
  name: 'OrganisationKind',
  description: 'What an organisation is to the platform.',
  values: {
    POLE: 'The Pôle métropolitain: administers the platform.',
    TOURISM_OFFICE: 'A tourism office, linked to its EPCI; publishes events.',
    PARTNER: 'A partner using the communication kit.',
  },
});

@ObjectType({ description: 'An organisation acting on the platform: the Pôle, a tourism office or a partner.' })
@Entity({ name: 'organisation' })
@Unique('organisation_slug_key', ['slug'])
export class Organisation {
  @Field(() => ID, { description: 'Stable identifier.' })
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'organisation_pkey' })
  id: string;

  @Field(() => OrganisationKindEnum, { description: 'Kind of organisation.' })
  @Column({ type: 'enum', enum: ORGANISATION_KINDS, enumName: 'organisation_kind' })
  kind: OrganisationKind;

  @Field({ description: 'Display name.' })
  @Column({ type: 'text' })
  name: string;

  @Field({ description: 'URL-safe unique name, e.g. "ot-pays-de-montbeliard".' })
  @Column({ type: 'text' })
  slug: string;

  @Field(() => String, { nullable: true, description: 'SIREN of the EPCI a tourism office serves.' })
  @Column({ name: 'epci_siren', type: 'char', length: 9, nullable: true })
  epciSiren: string | null;

  @ManyToOne(() => Epci, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'epci_siren', foreignKeyConstraintName: 'organisation_epci_fkey' })
  epci?: Relation<Epci> | null;

  @Field({ description: "Events its staff create wait for review (PENDING) instead of being published at once." })
  @Column({ name: 'agenda_requires_review', type: 'boolean', default: false })
  agendaRequiresReview: boolean;

  @Field({ description: 'When the organisation was registered.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
