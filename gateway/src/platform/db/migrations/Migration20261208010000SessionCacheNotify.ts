import { Migration } from '@mikro-orm/migrations';

/**
 * Notifications that empty every process's session cache (issue 18.1, modules/auth/session-cache.ts)
 * when what a resolved session depends on changes: a session revoked, restricted, shortened or
 * deleted; an account changed in anything but its login bookkeeping (failed count, last login,
 * passwords, which do not change the principal: a password change revokes sessions itself); the
 * unit tree or levels. Statement-level, so a bulk update notifies once; NOTIFY is delivered at
 * commit, so no process drops its cache before the change is visible. The session's own
 * last_seen_at touch is not among the columns, or the cache would empty every minute.
 */
export class Migration20261208010000SessionCacheNotify extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function tmis_auth_changed() returns trigger language plpgsql as $$
      begin perform pg_notify('tmis_auth_changed', tg_table_name); return null; end $$;`);
    this.addSql(`create trigger session_auth_changed after update of revoked_at, expires_at, restricted, account_id, token_hash or delete or truncate on session
      for each statement execute function tmis_auth_changed();`);
    this.addSql(`create trigger account_auth_changed after update of unit_id, scope_path, unit_level, role, status, locked_until, teacher_id, username or delete or truncate on account
      for each statement execute function tmis_auth_changed();`);
    // Inserted accounts matter too: a new security admin changes the system admin's securityAdminAppointed.
    this.addSql(`create trigger account_auth_inserted after insert on account for each statement execute function tmis_auth_changed();`);
    this.addSql(`create trigger unit_auth_changed after insert or update of parent_id, path, level or delete or truncate on unit
      for each statement execute function tmis_auth_changed();`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists unit_auth_changed on unit;');
    this.addSql('drop trigger if exists account_auth_inserted on account;');
    this.addSql('drop trigger if exists account_auth_changed on account;');
    this.addSql('drop trigger if exists session_auth_changed on session;');
    this.addSql('drop function if exists tmis_auth_changed();');
  }
}
