import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A refusal of a partner carries the Pôle's reason: the partner reads it on /kit/partenaires
 * and receives it by e-mail. An approval clears it (the column then stays null).
 */
export class AddPartnerDecisionReason1763783200000 implements MigrationInterface {
  name = 'AddPartnerDecisionReason1763783200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "partner_profile" ADD "decision_reason" text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "partner_profile" DROP COLUMN "decision_reason"`);
  }
}
