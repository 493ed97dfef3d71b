import { Migration } from '@mikro-orm/migrations';

/**
 * The national system's copy of each province's signed audit checkpoints (issue 14.3): outside
 * the province's database, so a province's database owner who cuts the tail of its audit chain
 * (and its checkpoint file) is still found out. Append-only like the audit log.
 */
export class Migration20261207190000ProvinceAuditCheckpoints extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "province_audit_checkpoint" (
      "province_code" varchar(6) not null, "seq" bigint not null, "hash" varchar(64) not null, "at" timestamptz not null,
      "sig" varchar(64) not null, "received_at" timestamptz not null default now(),
      constraint "province_audit_checkpoint_pkey" primary key ("province_code", "seq"));`);
    this.addSql(`create function province_audit_checkpoint_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'province_audit_checkpoint is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;`);
    this.addSql(`create trigger province_audit_checkpoint_no_update before update or delete on province_audit_checkpoint
      for each row execute function province_audit_checkpoint_append_only();`);
  }
}
