import { Column, CreateDateColumn, Entity, Index, VirtualColumn, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { AgendaEvent } from '../agenda/event.entities';
import { Organisation } from '../organisations/organisation.entity';
import type { ImportFormat, ImportSchedule, ImportRunState, ImportTrigger, ItemProblem } from './import.model';

/** Where an office's events come from: a feed (URL) or a file it sent, in one of the formats read. */
@Entity({ name: 'import_source' })
export class ImportSource {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'import_source_pkey' })
  id: string;

  @Index('import_source_organisation_idx')
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'import_source_organisation_fkey' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  format: ImportFormat;

  /** A feed read at each run (through the SSRF-guarded outbound HTTP)… */
  @Column({ type: 'text', nullable: true })
  url: string | null;

  /** …or the last file the office sent: up to 25 MB, so read only by a run (`select: false`), never to list sources. */
  @Column({ name: 'file_content', type: 'text', nullable: true, select: false })
  fileContent?: string | null;

  /** The file's length without reading it: null for a feed, 0 while the file is awaited. */
  @VirtualColumn({ type: 'int', query: (alias) => `SELECT octet_length(f.file_content) FROM import_source f WHERE f.id = ${alias}.id` })
  fileLength?: number | null;

  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName: string | null;

  @Column({ type: 'text', default: 'MANUAL' })
  schedule: ImportSchedule;

  /** The source's category (id or label, as the format names it) → our category id. */
  @Column({ name: 'category_mapping', type: 'jsonb', default: {} })
  categoryMapping: Record<string, string>;

  /** Our category for an item none of whose categories is mapped. */
  @Column({ name: 'default_category', type: 'text' })
  defaultCategory: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One pass over a source: its counts and its item-level problems (bounded). */
@Entity({ name: 'import_run' })
@Index('import_run_source_idx', ['sourceId', 'queuedAt'])
// Partial unique (one queued or running run per source): created by the migration.
@Index('import_run_active_key', { synchronize: false })
export class ImportRun {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'import_run_pkey' })
  id: string;

  @Column({ name: 'source_id', type: 'uuid' })
  sourceId: string;

  @ManyToOne(() => ImportSource, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_id', foreignKeyConstraintName: 'import_run_source_fkey' })
  source?: Relation<ImportSource>;

  @Column({ type: 'text', default: 'QUEUED' })
  state: ImportRunState;

  @Column({ type: 'text' })
  trigger: ImportTrigger;

  @Column({ type: 'integer', default: 0 }) created: number;
  @Column({ type: 'integer', default: 0 }) updated: number;
  @Column({ type: 'integer', default: 0 }) unchanged: number;
  @Column({ type: 'integer', default: 0 }) cancelled: number;
  @Column({ type: 'integer', default: 0 }) deleted: number;
  @Column({ type: 'integer', default: 0 }) refused: number;

  @Column({ type: 'jsonb', default: [] })
  problems: ItemProblem[];

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'queued_at', type: 'timestamptz', default: () => 'now()' })
  queuedAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

/** What a source delivered last: its own id, the event it became, the image already fetched. */
@Entity({ name: 'import_item' })
export class ImportItem {
  @PrimaryColumn({ name: 'source_id', type: 'uuid', primaryKeyConstraintName: 'import_item_pkey' })
  sourceId: string;

  @ManyToOne(() => ImportSource, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_id', foreignKeyConstraintName: 'import_item_source_fkey' })
  source?: Relation<ImportSource>;

  @PrimaryColumn({ name: 'external_id', type: 'text', primaryKeyConstraintName: 'import_item_pkey' })
  externalId: string;

  @Index('import_item_event_idx')
  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId: string | null;

  @ManyToOne(() => AgendaEvent, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'import_item_event_fkey' })
  event?: Relation<AgendaEvent> | null;

  @Column({ name: 'image_url', type: 'text', nullable: true })
  imageUrl: string | null;

  @Column({ name: 'image_media_id', type: 'uuid', nullable: true })
  imageMediaId: string | null;

  @Column({ name: 'seen_at', type: 'timestamptz', default: () => 'now()' })
  seenAt: Date;
}

export const IMPORT_ENTITIES = [ImportSource, ImportRun, ImportItem];
