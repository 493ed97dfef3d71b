import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChainLink } from './certificate-verifier.js';

// The CRLs themselves are loaded by the security administrator (modules/auth/revocation.ts);
// login and certificate binding only ask whether a validated path contains a revoked certificate.

/** Whether any certificate of a validated path is listed in the loaded CRL of the CA that signed it. */
export async function revokedInChain(em: EntityManager, chain: ChainLink[]): Promise<boolean> {
  if (chain.length === 0) return false;
  const pairs = chain.map(() => '(?, ?)').join(', ');
  const rows = await em.getConnection().execute<{ n: number }[]>(
    `select count(*)::int as n from certificate_revoked where (issuer_fingerprint, serial_number) in (${pairs})`,
    chain.flatMap((c) => [c.issuerFingerprint256, c.serialNumber]));
  return (rows[0]?.n ?? 0) > 0;
}

