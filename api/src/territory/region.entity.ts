import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@ObjectType({ description: 'A French region (INSEE code).' })
@Entity({ name: 'region' })
export class Region {
  @Field({ description: 'INSEE region code, e.g. "27" for Bourgogne-Franche-Comté.' })
  @PrimaryColumn({ type: 'varchar', length: 3, primaryKeyConstraintName: 'region_pkey' })
  code: string;

  @Field({ description: 'Official name.' })
  @Column({ type: 'text' })
  name: string;
}
