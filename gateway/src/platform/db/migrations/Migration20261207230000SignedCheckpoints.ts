import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 15.1: a province's checkpoints may be signed with SM2 or ECDSA P-256 (a DER signature,
 * up to 144 hex digits) instead of a 64-digit HMAC; the national copy keeps the `alg` of each
 * (null for checkpoints sent before, which are HMACs).
 */
export class Migration20261207230000SignedCheckpoints extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "province_audit_checkpoint" alter column "sig" type varchar(300);`);
    this.addSql(`alter table "province_audit_checkpoint" add column "alg" varchar(20) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "province_audit_checkpoint" drop column "alg";`);
    this.addSql(`alter table "province_audit_checkpoint" alter column "sig" type varchar(64);`);
  }
}
