import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, startGateway, waitFor, type Gateway } from './testing/cluster.js';
import { AUDIT_CHECKPOINT_TASK, readCheckpoints } from '../../platform/audit/audit-checkpoint.js';
import { runAuditVerify } from '../../platform/audit/audit-verify.command.js';
import { fetchNationalCheckpoints, sendCheckpoint, type NationalLink } from './audit-anchor.js';

/**
 * Issue 14.3 (b): a province's signed audit checkpoints are kept by the national system too. The
 * province's database owner who deletes the last audit entries and empties the checkpoint file is
 * still found out by `audit:verify`, which reads the national copy over the sync channel.
 */
const A = '330000';
const KEY_A = randomBytes(32).toString('hex');
const REGISTRY = randomBytes(32).toString('hex');
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status } }`;

let national: Gateway;
let prov: Gateway;
let link: NationalLink;

const stored = (): Promise<{ seq: string; hash: string; sig: string }[]> =>
  national.sql(`select seq::text as seq, hash, sig from province_audit_checkpoint where province_code = ? order by province_audit_checkpoint.seq`, [A]);
const head = async (): Promise<string> => (await prov.sql<{ seq: string }>('select max(seq)::text as seq from audit_entry'))[0]!.seq;

async function verify(withNational: boolean): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await runAuditVerify(prov.app.orm.em.fork(), prov.app.config.auditCheckpointFile, (l) => lines.push(l),
    withNational ? () => fetchNationalCheckpoints(link) : undefined);
  return { code, text: lines.join('\n') };
}

beforeAll(async () => {
  const [dbN, dbA] = await Promise.all([freshDatabase(), freshDatabase()]);
  national = await startGateway(dbN, { TMIS_MODE: 'national', TMIS_SYNC_KEYS: `${A}:${KEY_A}`, TMIS_REGISTRY_KEY: REGISTRY });
  prov = await startGateway(dbA, { TMIS_PROVINCE_CODE: A, TMIS_NATIONAL_URL: national.url, TMIS_SYNC_KEY: KEY_A, TMIS_REGISTRY_KEY: REGISTRY, TMIS_SYNC_INTERVAL_MS: '60000' });
  link = { nationalUrl: national.url, provinceCode: A, syncKey: Buffer.from(KEY_A, 'hex') };
  // Audited requests over HTTP (failed logins of unknown users are audited).
  for (const u of ['nobody.one', 'nobody.two', 'nobody.three', 'nobody.four']) await prov.gql(LOGIN, { u, p: 'Wrong-pass1' });
});
afterAll(async () => {
  await prov?.close();
  await national?.close();
});

describe('issue 14.3: the national system keeps the province\'s audit checkpoints', () => {
  it('the checkpoint task writes the file and hands the checkpoint to the national system', async () => {
    const seq = await head();
    await prov.app.jobs.runScheduled(AUDIT_CHECKPOINT_TASK, new Date());
    await waitFor('the national copy of the checkpoint', async () => (await stored()).some((r) => r.seq === seq), 20_000);
    const { checkpoints } = await readCheckpoints(prov.app.config.auditCheckpointFile);
    expect(checkpoints.at(-1)!.seq).toBe(seq);
    expect(await stored()).toEqual(checkpoints.map((c) => ({ seq: c.seq, hash: c.hash, sig: c.sig })));
    // Sending it again changes nothing.
    expect(await sendCheckpoint(link, checkpoints.at(-1)!)).toEqual({ stored: false });
    expect(await fetchNationalCheckpoints(link)).toEqual(checkpoints);
    expect((await verify(true)).code).toBe(0);
  });

  it('tail cut off and the checkpoint file emptied: only the national copy tells, and verify reports the truncation', async () => {
    const seq = await head();
    const owner = new pg.Client({ connectionString: prov.dbUrl });
    await owner.connect();
    try {
      await owner.query('alter table audit_entry disable trigger audit_entry_no_update');
      await owner.query('delete from audit_entry where seq > $1', [String(BigInt(seq) - 2n)]);
      await owner.query('alter table audit_entry enable trigger audit_entry_no_update');
    } finally {
      await owner.end();
    }
    writeFileSync(prov.app.config.auditCheckpointFile, '');
    const local = await verify(false);
    expect(local.code).toBe(0); // nothing left in the province to compare with
    const both = await verify(true);
    expect(both.code).toBe(1);
    expect(both.text).toContain(`BROKEN at seq ${seq}`);
    expect(both.text).toContain('the chain head is behind the last checkpoint');
  });

  it('only the province itself can deliver its checkpoints, and the national copy is append-only', async () => {
    const [last] = (await fetchNationalCheckpoints(link)).slice(-1);
    const forged = { ...last!, seq: String(BigInt(last!.seq) + 100n) };
    await expect(sendCheckpoint({ ...link, syncKey: randomBytes(32) }, forged)).rejects.toThrow(/HTTP 401/);
    expect(await sendCheckpoint(link, { ...forged, hash: 'not a hash' })).toEqual({ stored: false, code: 'SYNC_BAD_REQUEST' });
    // Another hash for a seq it already holds is kept out and reported.
    expect(await sendCheckpoint(link, { ...last!, hash: 'a'.repeat(64) })).toEqual({ stored: false, conflict: true });
    await expect(national.sql(`update province_audit_checkpoint set hash = ? where province_code = ?`, ['b'.repeat(64), A]))
      .rejects.toThrow(/append-only \(UPDATE refused\)/);
    await expect(national.sql(`delete from province_audit_checkpoint where province_code = ?`, [A])).rejects.toThrow(/append-only \(DELETE refused\)/);
  });
});
