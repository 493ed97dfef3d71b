import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14.4/14.5: the store of rate-limiter-flexible's RateLimiterPostgres (login and anonymous
 * call throttling shared by every gateway process; its own column layout), and the hashes of an
 * account's previous passwords, newest first, so a change cannot go back to one of them.
 */
export class Migration20261207150000LoginThrottle extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists auth_throttle (key varchar(255) primary key, points integer not null default 0, expire bigint);`);
    this.addSql(`alter table account add column if not exists password_history text[] not null default '{}';`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists auth_throttle;');
    this.addSql('alter table account drop column if exists password_history;');
  }
}
