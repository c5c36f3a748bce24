import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Department } from './department.entity';
import { Epci } from './epci.entity';

@ObjectType({ description: 'A point on the map (WGS 84).' })
export class GeoPoint {
  @Field(() => Float, { description: 'Latitude in decimal degrees.' })
  lat: number;

  @Field(() => Float, { description: 'Longitude in decimal degrees.' })
  lon: number;
}

@ObjectType({ description: 'A bounding box (WGS 84).' })
export class BoundingBox {
  @Field(() => Float, { description: 'Westmost longitude.' })
  minLon: number;

  @Field(() => Float, { description: 'Southmost latitude.' })
  minLat: number;

  @Field(() => Float, { description: 'Eastmost longitude.' })
  maxLon: number;

  @Field(() => Float, { description: 'Northmost latitude.' })
  maxLat: number;
}

/** GeoJSON Polygon or MultiPolygon geometry, as stored. */
export type CommuneGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

@ObjectType({ description: 'A commune of the territory (INSEE).' })
@Entity({ name: 'commune' })
// Expression indexes created by the migrations (TypeORM cannot express them; it must not drop them).
@Index('commune_name_fold_trgm_idx', { synchronize: false })
@Index('commune_name_fold_idx', { synchronize: false })
@Index('commune_postal_codes_idx', { synchronize: false })
@Index('commune_bbox_idx', ['minLon', 'maxLon', 'minLat', 'maxLat'])
export class Commune {
  @Field({ description: 'INSEE commune code (5 characters). Not a postal code.' })
  @PrimaryColumn({ name: 'insee_code', type: 'char', length: 5, primaryKeyConstraintName: 'commune_pkey' })
  inseeCode: string;

  @Field({ description: 'Official name.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => [String], { description: 'Postal codes serving the commune (one postal code can cover several communes).' })
  @Column({ name: 'postal_codes', type: 'text', array: true })
  postalCodes: string[];

  @Field(() => Int, { description: 'Municipal population (INSEE, current census).' })
  @Column({ type: 'integer' })
  population: number;

  @Column({ name: 'department_code', type: 'varchar', length: 3 })
  departmentCode: string;

  @ManyToOne(() => Department, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_code', foreignKeyConstraintName: 'commune_department_fkey' })
  department?: Relation<Department>;

  @Index('commune_epci_siren_idx')
  @Column({ name: 'epci_siren', type: 'char', length: 9 })
  epciSiren: string;

  @ManyToOne(() => Epci, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'epci_siren', foreignKeyConstraintName: 'commune_epci_fkey' })
  epci?: Relation<Epci>;

  // Exposed by CommuneResolver.geometry: a commune read with an event comes without it.
  @Column({ type: 'jsonb' })
  geometry: CommuneGeometry;

  @Column({ name: 'centroid_lat', type: 'double precision' })
  centroidLat: number;

  @Column({ name: 'centroid_lon', type: 'double precision' })
  centroidLon: number;

  @Column({ name: 'min_lon', type: 'double precision' })
  minLon: number;

  @Column({ name: 'min_lat', type: 'double precision' })
  minLat: number;

  @Column({ name: 'max_lon', type: 'double precision' })
  maxLon: number;

  @Column({ name: 'max_lat', type: 'double precision' })
  maxLat: number;
}
