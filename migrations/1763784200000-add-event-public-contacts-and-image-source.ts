import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether an event's registration and organiser contacts are shown to the public. Why: offices
 * enter contacts for the Pôle and for visitors alike; a phone number is published only when its
 * office says so, and the default keeps every contact entered before this change private.
 * And the address an upsert gave an event's image by, so that the same address sent again
 * reuses the image instead of fetching a copy (an identical resend changes nothing).
 */
export class AddEventPublicContactsAndImageSource1763784200000 implements MigrationInterface {
  name = 'AddEventPublicContactsAndImageSource1763784200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "event" ADD "registration_contact_public" boolean NOT NULL DEFAULT false`);
    await db.query(`ALTER TABLE "event" ADD "organiser_contact_public" boolean NOT NULL DEFAULT false`);
    await db.query(`ALTER TABLE "event" ADD "image_source_url" text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "event" DROP COLUMN "image_source_url"`);
    await db.query(`ALTER TABLE "event" DROP COLUMN "organiser_contact_public"`);
    await db.query(`ALTER TABLE "event" DROP COLUMN "registration_contact_public"`);
  }
}
