import type { PortalHost } from '../../modules/portal-host';

export { usePortalHost } from '../units/units-api';

export interface CrlRow {
  issuerFingerprint: string;
  issuerSubject: string;
  crlNumber: string | null;
  thisUpdate: string;
  nextUpdate: string | null;
  entries: number;
  signatureAlgorithm: string;
  loadedBy: string;
  loadedAt: string;
}

const CRL_FIELDS = 'issuerFingerprint issuerSubject crlNumber thisUpdate nextUpdate entries signatureAlgorithm loadedBy loadedAt';

/** The gateway's refusals of a CRL (certificate-verifier.ts, revocation.ts), each with its own message. */
export const CRL_ERROR_CODES = ['CRL_INVALID', 'CRL_UNTRUSTED', 'CRL_NOT_YET_VALID', 'CRL_OUTDATED'] as const;

export async function listCrls(host: PortalHost): Promise<CrlRow[]> {
  return (await host.graphql<{ certificateRevocationLists: CrlRow[] }>(`{ certificateRevocationLists { ${CRL_FIELDS} } }`)).certificateRevocationLists;
}

/** Loads a CRL; errors are thrown with the gateway's code and left to the page to show. */
export async function loadCrl(host: PortalHost, crlPem: string): Promise<CrlRow> {
  const data = await host.graphql<{ loadCertificateRevocationList: CrlRow }>(
    `mutation($pem: String!) { loadCertificateRevocationList(crlPem: $pem) { ${CRL_FIELDS} } }`, { pem: crlPem }, { silent: true });
  return data.loadCertificateRevocationList;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * A PEM file as it is, a DER one (CAs publish `.crl` files in DER) wrapped as PEM with `label`:
 * the gateway takes PEM only.
 */
export function asPem(bytes: Uint8Array, label: 'X509 CRL' | 'CERTIFICATE'): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('-----BEGIN ')) return text.trim() + '\n';
  const lines = base64(bytes).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * What `loadCertificateRevocationList` takes: the CRL, followed by the issuing CA's certificate
 * (and its chain) when an intermediate CA not configured in TMIS_CA_CERTS signed it.
 */
export function crlUpload(crl: Uint8Array, caCertificate: Uint8Array | null): string {
  const pem = asPem(crl, 'X509 CRL');
  return caCertificate ? `${pem}${asPem(caCertificate, 'CERTIFICATE')}` : pem;
}

/** One line per RDN (Node prints the subject one attribute a line): `CN=…, O=…, C=CN`. */
export function subjectText(subject: string): string {
  return subject.split('\n').map((part) => part.trim()).filter(Boolean).join(', ');
}
