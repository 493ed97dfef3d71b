import { Migration } from '@mikro-orm/migrations';

/**
 * Two-level build (issue 8): province ⇄ national sync.
 *
 * - `sync_outbox`: every change of a unit, teacher, employment or reportable archive record, written
 *   by triggers in the changing transaction (so register, import COPY, status changes, transfers
 *   and approvals are all covered), plus messages to the national system. One row per
 *   (transaction, kind, row); delivered rows are stamped, never deleted before delivery.
 * - Teacher versions increase on every change: a BEFORE UPDATE trigger bumps `version` when the
 *   statement did not, and a deferred trigger bumps it once per transaction when only employments
 *   or archive records changed — at commit, after the ORM's optimistic-lock updates.
 * - `tmis.sync_apply = on` (set by the national applier and the province's message applier) makes
 *   the triggers stand aside, so applied snapshots keep the sender's version.
 * - National side: `sync_applied` (change ids, exactly once), `sync_nonce` (replay guard),
 *   `registry_entry` (who owns which teacher, comparison hash, held version), `sync_message`
 *   (national → province mail, acknowledged by id), `registry_conflict` (also the province's copy).
 * - Province side: `sync_received` (message ids applied), `sync_released` (teachers handed over to
 *   another province), `sync_state`; `interprovincial_transfer` on all three.
 */
export class Migration20261123050000Sync extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table sync_outbox (
      seq bigserial primary key, kind varchar(10) not null check (kind in ('unit', 'teacher', 'message')),
      ref_id uuid not null, tx bigint not null default txid_current(), teacher_touched boolean not null default false,
      payload jsonb null, created_at timestamptz not null default now(), delivered_at timestamptz null,
      outcome varchar(16) null, attempts int not null default 0);`);
    this.addSql(`create unique index sync_outbox_once_per_tx on sync_outbox (tx, kind, ref_id) where kind <> 'message';`);
    this.addSql(`create index sync_outbox_pending on sync_outbox (seq) where delivered_at is null;`);
    this.addSql(`create function sync_applying() returns boolean language sql stable as $$ select coalesce(current_setting('tmis.sync_apply', true), '') = 'on' $$;`);
    // Statement-level triggers with transition tables: one set-wise insert per statement (an import's
    // COPY of thousands of rows costs one insert, not one trigger call per row).
    this.addSql(`create function sync_teacher_rows() returns trigger language plpgsql as $$
      begin
        if sync_applying() then return null; end if;
        insert into sync_outbox (kind, ref_id, teacher_touched) select 'teacher', id, true from sync_new order by id
          on conflict (tx, kind, ref_id) where kind <> 'message' do update set teacher_touched = true;
        return null;
      end $$;`);
    this.addSql(`create function sync_teacher_bump() returns trigger language plpgsql as $$
      begin
        if not sync_applying() and new.version = old.version then
          new.version := old.version + 1;
          -- Raw updates (mirrors, moves) also stamp the row, so "changed since" finds them.
          if new.updated_at = old.updated_at then new.updated_at := now(); end if;
        end if;
        return new;
      end $$;`);
    // Employments always count; archive records only when effective (or superseded history).
    for (const table of ['employment', 'archive_record']) {
      const reportable = (alias: string): string => (table === 'archive_record' ? `${alias}.status in ('effective', 'superseded')` : 'true');
      this.addSql(`create function sync_${table}_inserted() returns trigger language plpgsql as $$
        begin
          if sync_applying() then return null; end if;
          insert into sync_outbox (kind, ref_id) select distinct 'teacher', n.teacher_id from sync_new n where ${reportable('n')}
            on conflict (tx, kind, ref_id) where kind <> 'message' do nothing;
          return null;
        end $$;`);
      this.addSql(`create function sync_${table}_deleted() returns trigger language plpgsql as $$
        begin
          if sync_applying() then return null; end if;
          insert into sync_outbox (kind, ref_id) select distinct 'teacher', o.teacher_id from sync_old o where ${reportable('o')}
            on conflict (tx, kind, ref_id) where kind <> 'message' do nothing;
          return null;
        end $$;`);
      this.addSql(`create function sync_${table}_updated() returns trigger language plpgsql as $$
        begin
          if sync_applying() then return null; end if;
          insert into sync_outbox (kind, ref_id)
          select distinct 'teacher', v.teacher_id from sync_old o join sync_new n on n.id = o.id
            cross join lateral (values (o.teacher_id), (n.teacher_id)) v (teacher_id)
            where ${reportable('o')} or ${reportable('n')}
            on conflict (tx, kind, ref_id) where kind <> 'message' do nothing;
          return null;
        end $$;`);
    }
    // At commit: a teacher whose row was not updated in this transaction still gets a new version.
    // Queued only for rows that did not come from the teacher trigger (imports queue nothing extra).
    this.addSql(`create function sync_version_at_commit() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from sync_outbox where seq = new.seq and not teacher_touched) then
          update teacher set version = version + 1, updated_at = now() where id = new.ref_id;
        end if;
        return null;
      end $$;`);
    this.addSql(`create function sync_unit_rows() returns trigger language plpgsql as $$
      begin
        if sync_applying() then return null; end if;
        insert into sync_outbox (kind, ref_id) select 'unit', id from sync_new order by depth, seq
          on conflict (tx, kind, ref_id) where kind <> 'message' do nothing;
        return null;
      end $$;`);
    this.addSql(`create trigger teacher_sync_bump before update on teacher for each row execute function sync_teacher_bump();`);
    this.addSql(`create trigger teacher_sync_inserted after insert on teacher referencing new table as sync_new for each statement execute function sync_teacher_rows();`);
    this.addSql(`create trigger teacher_sync_updated after update on teacher referencing new table as sync_new for each statement execute function sync_teacher_rows();`);
    for (const table of ['employment', 'archive_record']) {
      this.addSql(`create trigger ${table}_sync_inserted after insert on ${table} referencing new table as sync_new for each statement execute function sync_${table}_inserted();`);
      this.addSql(`create trigger ${table}_sync_updated after update on ${table} referencing old table as sync_old new table as sync_new for each statement execute function sync_${table}_updated();`);
      this.addSql(`create trigger ${table}_sync_deleted after delete on ${table} referencing old table as sync_old for each statement execute function sync_${table}_deleted();`);
    }
    this.addSql(`create trigger unit_sync_inserted after insert on unit referencing new table as sync_new for each statement execute function sync_unit_rows();`);
    this.addSql(`create trigger unit_sync_updated after update on unit referencing new table as sync_new for each statement execute function sync_unit_rows();`);
    this.addSql(`create constraint trigger sync_outbox_version_at_commit after insert on sync_outbox deferrable initially deferred
      for each row when (new.kind = 'teacher' and not new.teacher_touched) execute function sync_version_at_commit();`);
    // What existed before this migration is reported once the province is connected.
    this.addSql(`insert into sync_outbox (kind, ref_id, teacher_touched, tx) select 'unit', id, true, 0 from unit order by depth, seq;`);
    this.addSql(`insert into sync_outbox (kind, ref_id, teacher_touched, tx) select 'teacher', id, true, 0 from teacher order by id;`);

    this.addSql(`create table sync_state (key varchar(40) primary key, value text not null, updated_at timestamptz not null default now());`);
    this.addSql(`create table sync_applied (province_code varchar(6) not null, change_id varchar(40) not null, outcome varchar(16) not null,
      applied_at timestamptz not null default now(), primary key (province_code, change_id));`);
    this.addSql(`create table sync_nonce (province_code varchar(6) not null, nonce varchar(64) not null, at timestamptz not null default now(), primary key (province_code, nonce));`);
    this.addSql(`create index sync_nonce_at on sync_nonce (at);`);
    this.addSql(`create table sync_received (message_id uuid primary key, kind varchar(30) not null, received_at timestamptz not null default now());`);
    this.addSql(`create table sync_released (teacher_id uuid primary key, to_province varchar(6) not null, transfer_id uuid not null, released_at timestamptz not null default now());`);
    this.addSql(`create table sync_message (seq bigserial primary key, id uuid not null unique, province_code varchar(6) not null, kind varchar(30) not null,
      payload jsonb not null, created_at timestamptz not null default now(), acked_at timestamptz null);`);
    this.addSql(`create index sync_message_pending on sync_message (province_code, seq) where acked_at is null;`);
    this.addSql(`create table registry_entry (teacher_id uuid primary key, teacher_no varchar(20) not null unique, owner_province varchar(6) not null,
      comparison_hash bytea not null, version int not null, active boolean not null, updated_at timestamptz not null default now());`);
    this.addSql(`create index registry_entry_hash on registry_entry (comparison_hash);`);
    this.addSql(`create index registry_entry_owner on registry_entry (owner_province, teacher_id);`);
    this.addSql(`create table registry_conflict (id uuid primary key, kind varchar(30) not null, comparison_hash bytea null,
      teacher_id_a uuid not null, teacher_no_a varchar(20) not null, province_a varchar(6) not null,
      teacher_id_b uuid not null, teacher_no_b varchar(20) not null, province_b varchar(6) not null,
      status varchar(10) not null default 'open' check (status in ('open', 'resolved')),
      detected_at timestamptz not null default now(), resolved_at timestamptz null);`);
    this.addSql(`create unique index registry_conflict_pair on registry_conflict (least(teacher_id_a, teacher_id_b), greatest(teacher_id_a, teacher_id_b));`);
    this.addSql(`create index registry_conflict_provinces on registry_conflict (province_a, province_b, status);`);
    this.addSql(`create table interprovincial_transfer (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      direction varchar(6) not null check (direction in ('in', 'out', 'relay')),
      from_province varchar(6) not null, to_province varchar(6) not null,
      teacher_id uuid null, teacher_no varchar(20) null, teacher_name varchar(60) not null, id_type varchar(4) not null, comparison_hash bytea not null,
      to_unit_id uuid null, to_unit_name varchar(120) not null, from_school_id uuid null,
      party_paths text not null, effective_date date not null, reason varchar(500) null,
      status varchar(16) not null, close_reason varchar(500) null, case_id uuid null, initiated_by uuid null, completed_at timestamptz null,
      history jsonb null);`);
    this.addSql(`create unique index interprovincial_one_open on interprovincial_transfer (comparison_hash, direction)
      where status in ('in_progress', 'requested', 'received', 'releasing', 'relayed');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists teacher_sync_bump on teacher; drop trigger if exists teacher_sync_inserted on teacher; drop trigger if exists teacher_sync_updated on teacher;
      drop trigger if exists unit_sync_inserted on unit; drop trigger if exists unit_sync_updated on unit;`);
    for (const table of ['employment', 'archive_record']) {
      this.addSql(`drop trigger if exists ${table}_sync_inserted on ${table}; drop trigger if exists ${table}_sync_updated on ${table}; drop trigger if exists ${table}_sync_deleted on ${table};`);
      this.addSql(`drop function if exists sync_${table}_inserted(), sync_${table}_updated(), sync_${table}_deleted();`);
    }
    this.addSql(`drop table if exists interprovincial_transfer, registry_conflict, registry_entry, sync_message, sync_released, sync_received, sync_nonce, sync_applied, sync_state, sync_outbox;`);
    this.addSql(`drop function if exists sync_applying(), sync_teacher_rows(), sync_teacher_bump(),
      sync_version_at_commit(), sync_unit_rows();`);
  }
}
