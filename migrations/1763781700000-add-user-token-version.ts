import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version per account that every access token carries. Why: changing a password must end
 * the sessions opened with the old one (a stolen token stops working at once), and tokens are
 * stateless JWTs; raising the version refuses every token issued before.
 */
export class AddUserTokenVersion1763781700000 implements MigrationInterface {
  name = 'AddUserTokenVersion1763781700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "user_account" ADD "token_version" integer NOT NULL DEFAULT 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "user_account" DROP COLUMN "token_version"`);
  }
}
