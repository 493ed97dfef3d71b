import { Migration } from '@mikro-orm/migrations';

/**
 * Jobs on a PostgreSQL queue shared by every gateway process (issue 12, docs/architecture.md):
 * - `job_input`: the job's input (an uploaded file with its context), sealed with the field key,
 *   so any process can run the job and a crash loses nothing; deleted when the job finishes.
 * - `job.attempt`: the run that owns the job. Each claim increments it; every batch commits only
 *   while it is still the owner's (tmis_job_owned), so a process believed dead cannot write on.
 * - `job_batch`: each committed batch of a batch job with its counts and sealed report lines, in
 *   the batch's own transaction; a resumed run skips them and finishes from the last one.
 * - `job_number_reservation`: teacher numbers drawn for a batch that has not committed yet; a
 *   retried or resumed batch takes the same numbers again, so a crash leaves no gap.
 * Jobs queued or running before this change had their input in one process's memory: they
 * cannot resume and are closed as interrupted.
 */
export class Migration20261206010000JobQueue extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table job add column attempt int not null default 0;`);
    this.addSql(`create table job_input (job_id uuid primary key references job (id) on delete cascade, sealed bytea not null);`);
    this.addSql(`create table job_batch (
      job_id uuid not null references job (id) on delete cascade, batch_no int not null, final boolean not null default false,
      attempt int not null, counts jsonb not null, sealed bytea null, committed_at timestamptz not null default now(),
      primary key (job_id, batch_no));`);
    this.addSql(`create table job_number_reservation (
      job_id uuid not null references job (id) on delete cascade, batch_no int not null, seqs bigint[] not null,
      primary key (job_id, batch_no));`);
    this.addSql(`create function tmis_job_owned(p_job uuid, p_attempt int) returns void language plpgsql as $$
      begin
        if not exists (select 1 from job where id = p_job and attempt = p_attempt and status = 'running') then
          raise exception 'job % is no longer run by attempt %', p_job, p_attempt using errcode = 'TM001';
        end if;
      end $$;`);
    this.addSql(`update job set status = 'failed', error_code = 'JOB_INTERRUPTED', error = '任务因系统重启而中断，请重新提交', finished_at = now()
      where status in ('queued', 'running');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists tmis_job_owned(uuid, int);`);
    this.addSql(`drop table if exists job_number_reservation;`);
    this.addSql(`drop table if exists job_batch;`);
    this.addSql(`drop table if exists job_input;`);
    this.addSql(`alter table job drop column if exists attempt;`);
  }
}
