import { IMAGE_VARIANT_FORMATS, type ImageVariantFormat } from '@nfc/shared';
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { MediaItem } from './media-item.entity';

@ObjectType({ description: 'A re-encoded web version of an image, without any metadata.' })
@Entity({ name: 'media_variant' })
@Index('media_variant_media_id_idx', ['mediaId'])
@Index('media_variant_sha256_idx', ['sha256'])
export class MediaVariant {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'media_variant_pkey' })
  id: string;

  @Column({ name: 'media_id', type: 'uuid' })
  mediaId: string;

  @ManyToOne(() => MediaItem, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'media_id', foreignKeyConstraintName: 'media_variant_media_fkey' })
  media?: Relation<MediaItem>;

  @Field(() => String, { description: 'avif, webp or jpeg.' })
  @Column({ type: 'enum', enum: IMAGE_VARIANT_FORMATS, enumName: 'image_variant_format' })
  format: ImageVariantFormat;

  @Field(() => Int, { description: 'Width in pixels.' })
  @Column({ type: 'integer' })
  width: number;

  @Field(() => Int, { description: 'Height in pixels.' })
  @Column({ type: 'integer' })
  height: number;

  @Field(() => Int, { description: 'Size in bytes.' })
  @Column({ name: 'byte_size', type: 'integer' })
  byteSize: number;

  /** Hash of the variant's bytes: its public URL is /media/<sha256>.<format>, immutable. */
  @Column({ type: 'char', length: 64 })
  sha256: string;
}
