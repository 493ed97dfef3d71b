import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 15.2 and 15.4. The security and audit administrators (三员分立) join the roles a unit has
 * at most one active account of. Certificate revocation lists the security administrator loads:
 * one current CRL per issuing CA (its certificate's fingerprint), with the revoked serial numbers
 * beside it so the login check is one indexed lookup.
 */
export class Migration20261207210000SeparationOfDuties extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index if exists account_one_per_unit;`);
    this.addSql(`create unique index account_one_per_unit on account (unit_id, role)
      where status = 'active' and role in ('system_admin', 'security_admin', 'audit_admin', 'info_admin');`);
    this.addSql(`create table "certificate_crl" (
      "issuer_fingerprint" varchar(95) not null, "issuer_subject" text not null, "crl_number" varchar(48) null,
      "this_update" timestamptz not null, "next_update" timestamptz null, "entries" int not null,
      "signature_algorithm" varchar(40) not null, "der" bytea not null,
      "loaded_by" varchar(255) not null, "loaded_at" timestamptz not null default now(),
      constraint "certificate_crl_pkey" primary key ("issuer_fingerprint"));`);
    this.addSql(`create table "certificate_revoked" (
      "issuer_fingerprint" varchar(95) not null references certificate_crl (issuer_fingerprint) on delete cascade,
      "serial_number" varchar(64) not null,
      constraint "certificate_revoked_pkey" primary key ("issuer_fingerprint", "serial_number"));`);
  }
}
