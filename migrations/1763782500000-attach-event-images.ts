import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data only. An event's image used to be attached (and made public) only when the event was
 * published: a draft's or a pending event's image stayed "never attached", so purge-uploads
 * could delete it from under its event. Every image an event holds is now attached, and its
 * visibility is recomputed by the rule the API applies since (media/attachments.ts): public
 * exactly while an event that shows it is published, not deleted and not merged away.
 */
export class AttachEventImages1763782500000 implements MigrationInterface {
  name = 'AttachEventImages1763782500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `UPDATE media_item m SET attached_at = coalesce(m.attached_at, m.created_at)
       WHERE m.attached_at IS NULL AND EXISTS (SELECT 1 FROM event e WHERE e.image_media_id = m.id)`,
    );
    await db.query(
      `UPDATE media_item m
       SET visibility = CASE WHEN EXISTS (
             SELECT 1 FROM event e WHERE e.image_media_id = m.id AND e.moderation = 'PUBLISHED' AND e.deleted_at IS NULL AND e.merged_into_id IS NULL)
           THEN 'PUBLIC'::media_visibility ELSE 'PRIVATE'::media_visibility END
       WHERE m.purpose = 'EVENT_IMAGE' AND EXISTS (SELECT 1 FROM event e WHERE e.image_media_id = m.id)`,
    );
  }

  async down(): Promise<void> {
    // Nothing to undo: attaching an image an event holds, and hiding one no published event
    // shows, are corrections; the schema is unchanged.
  }
}
