import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the rules say how the jury and the public weigh (e.g. 70 / 30), the contest keeps the
 * jury's share and the publication writes a combined ranking per category beside the two
 * separate prizes.
 */
export class AddCombinedRanking1763785000000 implements MigrationInterface {
  name = 'AddCombinedRanking1763785000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "contest" ADD "jury_weight" integer`);
    await db.query(`ALTER TABLE "contest" ADD CONSTRAINT "contest_jury_weight_check" CHECK ("jury_weight" BETWEEN 0 AND 100)`);
    await db.query(`ALTER TYPE "public"."contest_award_kind" ADD VALUE 'COMBINED'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM "contest_award" WHERE "kind" = 'COMBINED'`);
    await db.query(`ALTER TYPE "public"."contest_award_kind" RENAME TO "contest_award_kind_old"`);
    await db.query(`CREATE TYPE "public"."contest_award_kind" AS ENUM('JURY', 'PUBLIC')`);
    await db.query(`ALTER TABLE "contest_award" ALTER COLUMN "kind" TYPE "public"."contest_award_kind" USING "kind"::text::"public"."contest_award_kind"`);
    await db.query(`DROP TYPE "public"."contest_award_kind_old"`);
    await db.query(`ALTER TABLE "contest" DROP CONSTRAINT "contest_jury_weight_check"`);
    await db.query(`ALTER TABLE "contest" DROP COLUMN "jury_weight"`);
  }
}
