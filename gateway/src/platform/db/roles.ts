import pg from 'pg';

/**
 * Least-privilege database roles (issue 14.3). The owner role (DATABASE_OWNER_URL) owns the
 * schema and runs migrations and operator commands; the gateway's requests and jobs run as the
 * application role (DATABASE_URL), which may read and write the tables but only INSERT into and
 * SELECT from `audit_entry`, and, owning nothing, cannot switch its trigger off.
 */

/** The application role the embedded server (npm start, tests) creates for itself. */
export const EMBEDDED_APP_ROLE = 'tmis_app';
export const EMBEDDED_APP_PASSWORD = 'tmis-app-embedded';

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The role a connection URL logs in as. */
export function roleOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/** `url` with another login (the application role on the owner's server and database). */
export function urlAs(url: string, role: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(role);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/**
 * Creates the application role when missing (as a role with CREATEROLE: the embedded superuser):
 * it may log in, and nothing else — no superuser, no CREATEDB, no CREATEROLE, no replication.
 */
export async function ensureAppRole(adminUrl: string, role: string, password: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const found = await c.query('select 1 from pg_roles where rolname = $1', [role]);
    const attrs = `login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password ${pg.escapeLiteral(password)}`;
    try {
      await c.query(`${found.rowCount ? 'alter' : 'create'} role ${ident(role)} ${attrs}`);
    } catch (e) {
      // Two processes creating it at the same instant: the other one won.
      if ((e as { code?: string }).code !== '42710' && (e as { code?: string }).code !== '23505') throw e;
    }
  } finally {
    await c.end();
  }
}

/**
 * The URL of the application role `tmis_app` on the database of `ownerUrl` (a role that may create
 * roles: the embedded superuser), creating the role when missing; for tools with a scratch database.
 */
export async function appRoleUrl(ownerUrl: string): Promise<string> {
  await ensureAppRole(ownerUrl, EMBEDDED_APP_ROLE, EMBEDDED_APP_PASSWORD);
  return urlAs(ownerUrl, EMBEDDED_APP_ROLE, EMBEDDED_APP_PASSWORD);
}

/**
 * The application role's rights, given by the owner after every migration run (idempotent; new
 * tables of a migration or a province module are covered the next time it runs). Read and write
 * every table except the migration bookkeeping (read only), the audit log and the provinces' audit
 * checkpoints (read and append);
 * the job queue's schema; sequences and functions. TRUNCATE, REFERENCES and TRIGGER never.
 */
export async function grantAppRole(client: pg.Client | pg.PoolClient, role: string): Promise<void> {
  const r = ident(role);
  const [{ db }] = (await client.query<{ db: string }>('select current_database() as db')).rows as [{ db: string }];
  // One transaction: the blanket grant below never leaves UPDATE on audit_entry visible.
  await client.query('begin');
  try {
    await grantAll(client, r, db, role);
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  }
}

async function grantAll(client: pg.Client | pg.PoolClient, r: string, db: string, role: string): Promise<void> {
  await client.query(`grant connect, temporary on database ${ident(db)} to ${r}`);
  await client.query(`grant usage on schema public to ${r}`);
  await client.query(`grant select, insert, update, delete on all tables in schema public to ${r}`);
  await client.query(`revoke truncate, references, trigger on all tables in schema public from ${r}`);
  await client.query(`revoke insert, update, delete on mikro_orm_migrations from ${r}`);
  await client.query(`revoke update, delete on audit_entry from ${r}`);
  // The national copy of the provinces' audit checkpoints: append-only for the gateway too.
  if ((await client.query(`select to_regclass('province_audit_checkpoint') as t`)).rows[0]?.t) {
    await client.query(`revoke update, delete on province_audit_checkpoint from ${r}`);
  }
  await client.query(`grant usage, select, update on all sequences in schema public to ${r}`);
  await client.query(`grant execute on all functions in schema public to ${r}`);
  const queue = await client.query(`select 1 from pg_namespace where nspname = 'graphile_worker'`);
  if (queue.rowCount) {
    await client.query(`grant usage on schema graphile_worker to ${r}`);
    await client.query(`grant select, insert, update, delete on all tables in schema graphile_worker to ${r}`);
    await client.query(`revoke insert, update, delete on graphile_worker.migrations from ${r}`);
    await client.query(`grant usage, select, update on all sequences in schema graphile_worker to ${r}`);
    await client.query(`grant execute on all functions in schema graphile_worker to ${r}`);
    // graphile-worker turns row-level security on for its private tables (only their owner may
    // see rows): a policy lets the application role work the queue, nothing else.
    const { rows } = await client.query<{ tbl: string }>(
      `select c.relname as tbl from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'graphile_worker' and c.relkind = 'r' and c.relrowsecurity
          and not exists (select 1 from pg_policies p where p.schemaname = 'graphile_worker' and p.tablename = c.relname and p.policyname = $1)`,
      [`tmis_app_${role}`]);
    for (const { tbl } of rows) {
      await client.query(`create policy ${ident(`tmis_app_${role}`)} on graphile_worker.${ident(tbl)} for all to ${r} using (true) with check (true)`);
    }
  }
}

/**
 * What the role of a connection could do to the audit log beyond appending: be a superuser, own
 * the table (or act as its owner through membership), update, delete or truncate it. Empty for a
 * least-privilege application role.
 */
export async function auditPowersOf(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ superuser: boolean; owner: boolean; upd: boolean; del: boolean; trunc: boolean; role: string }>(
      `select r.rolsuper as superuser, pg_has_role(current_user, t.relowner, 'USAGE') as owner,
              has_table_privilege('audit_entry', 'UPDATE') as upd, has_table_privilege('audit_entry', 'DELETE') as del,
              has_table_privilege('audit_entry', 'TRUNCATE') as trunc, current_user as role
         from pg_roles r, pg_class t where r.rolname = current_user and t.oid = 'audit_entry'::regclass`);
    const p = rows[0]!;
    return [
      ...(p.superuser ? ['superuser'] : []), ...(p.owner ? ['owner of audit_entry (can disable its trigger)'] : []),
      ...(p.upd ? ['UPDATE audit_entry'] : []), ...(p.del ? ['DELETE audit_entry'] : []), ...(p.trunc ? ['TRUNCATE audit_entry'] : []),
    ];
  } finally {
    await c.end();
  }
}
