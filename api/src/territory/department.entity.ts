import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Region } from './region.entity';

@ObjectType({ description: 'A French department (Doubs, Haute-Saône, Territoire de Belfort for this territory).' })
@Entity({ name: 'department' })
export class Department {
  @Field({ description: 'INSEE department code, e.g. "90".' })
  @PrimaryColumn({ type: 'varchar', length: 3, primaryKeyConstraintName: 'department_pkey' })
  code: string;

  @Field({ description: 'Official name.' })
  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'region_code', type: 'varchar', length: 3 })
  regionCode: string;

  @ManyToOne(() => Region, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code', foreignKeyConstraintName: 'department_region_fkey' })
  region?: Relation<Region>;
}
