import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../platform/graphql/errors.js';
import { requireActor, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { pgArray } from '../../platform/db/sql.js';

export interface CrlRow {
  issuerFingerprint: string;
  issuerSubject: string;
  crlNumber: string | null;
  thisUpdate: Date;
  nextUpdate: Date | null;
  entries: number;
  signatureAlgorithm: string;
  loadedBy: string;
  loadedAt: Date;
}

const CRL_COLUMNS = `issuer_fingerprint as "issuerFingerprint", issuer_subject as "issuerSubject", crl_number as "crlNumber",
  this_update as "thisUpdate", next_update as "nextUpdate", entries, signature_algorithm as "signatureAlgorithm",
  loaded_by as "loadedBy", loaded_at as "loadedAt"`;

const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const toRow = (r: CrlRow): CrlRow => ({ ...r, thisUpdate: asDate(r.thisUpdate), nextUpdate: r.nextUpdate ? asDate(r.nextUpdate) : null, loadedAt: asDate(r.loadedAt) });

/**
 * Certificate revocation lists (CRL) of the education CA, loaded by the deployment's security
 * administrator (三员分立): a CRL must be signed by a configured CA; it replaces that CA's
 * previous one only when it is newer, so an old list cannot un-revoke a certificate.
 */
export class RevocationService {
  constructor(private readonly ctx: RequestContext) {}

  async list(): Promise<CrlRow[]> {
    requireScope(this.ctx.ability, 'read', 'CertificateRevocationList');
    const rows = await this.ctx.em.getConnection().execute<CrlRow[]>(`select ${CRL_COLUMNS} from certificate_crl order by issuer_subject`);
    return rows.map(toRow);
  }

  async load(crlPem: string): Promise<CrlRow> {
    const actor = requireActor(this.ctx);
    if (!canOn(this.ctx.ability, 'create', 'CertificateRevocationList', {})) throw new AppError('FORBIDDEN');
    const check = this.ctx.runtime.certificateVerifier().verifyCrl(crlPem);
    if (!check.ok) throw new AppError(check.code, { field: 'crlPem' });
    const em = this.ctx.em;
    await em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const trx = tx.getTransactionContext();
      const [current] = await conn.execute<{ this_update: Date | string; crl_number: string | null }[]>(
        'select this_update, crl_number from certificate_crl where issuer_fingerprint = ? for update', [check.issuerFingerprint256], 'all', trx);
      if (current && !newer(check, current)) throw new AppError('CRL_OUTDATED', { field: 'crlPem' });
      await conn.execute('delete from certificate_crl where issuer_fingerprint = ?', [check.issuerFingerprint256], 'run', trx);
      await conn.execute(
        `insert into certificate_crl (issuer_fingerprint, issuer_subject, crl_number, this_update, next_update, entries, signature_algorithm, der, loaded_by)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [check.issuerFingerprint256, check.issuerSubject, check.crlNumber, check.thisUpdate, check.nextUpdate, check.revokedSerials.length,
          check.signatureAlgorithm, check.der, actor.username ?? actor.accountId], 'run', trx);
      const serials = [...new Set(check.revokedSerials)];
      for (let i = 0; i < serials.length; i += 5000) {
        const batch = serials.slice(i, i + 5000);
        await conn.execute(
          `insert into certificate_revoked (issuer_fingerprint, serial_number) select ?::varchar, unnest(?::text[])`,
          [check.issuerFingerprint256, pgArray(batch)], 'run', trx);
      }
    });
    await appendAudit(em, [actorEvent(this.ctx, {
      action: 'certificate.crl_loaded', targetType: 'CertificateRevocationList', targetId: check.issuerFingerprint256.replace(/:/g, ''),
      detail: { issuer: check.issuerSubject, crlNumber: check.crlNumber, entries: check.revokedSerials.length, thisUpdate: check.thisUpdate.toISOString() },
    })]);
    const [row] = await em.getConnection().execute<CrlRow[]>(`select ${CRL_COLUMNS} from certificate_crl where issuer_fingerprint = ?`, [check.issuerFingerprint256]);
    return toRow(row!);
  }
}

/** A CRL supersedes the loaded one when its CRL number is higher, or (without numbers) it was issued later. */
function newer(next: { crlNumber: string | null; thisUpdate: Date }, current: { this_update: Date | string; crl_number: string | null }): boolean {
  if (next.crlNumber !== null && current.crl_number !== null) return BigInt(next.crlNumber) > BigInt(current.crl_number);
  return next.thisUpdate.getTime() > asDate(current.this_update).getTime();
}

