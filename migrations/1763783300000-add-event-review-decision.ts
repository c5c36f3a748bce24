import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Pôle's last review decision on an event: why it was refused, and when it was decided. Why:
 * an office must see the reason beside the refused event (and receives it by e-mail), and
 * resubmitting or approving clears it, so a reason never outlives the refusal it explained.
 */
export class AddEventReviewDecision1763783300000 implements MigrationInterface {
  name = 'AddEventReviewDecision1763783300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "event" ADD "rejection_reason" text`);
    await db.query(`ALTER TABLE "event" ADD "reviewed_at" timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "event" DROP COLUMN "reviewed_at"`);
    await db.query(`ALTER TABLE "event" DROP COLUMN "rejection_reason"`);
  }
}
