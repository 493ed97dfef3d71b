// Issues X.509 certificates and CRLs for the demo education CA and for tests, signed with SM2
// (SM2-with-SM3, GB/T 35276 default user id) or ECDSA P-256 — the two profiles TMIS runs.
// @peculiar/x509 signs through WebCrypto, which has no SM2, so the structures are built with
// @peculiar/asn1-x509 and the tbs bytes are signed here (the same route a CA's HSM takes).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign as nodeSign, X509Certificate, type KeyObject } from 'node:crypto';
import { sm2PrivateKeyHex, sm2Sign } from '../../crypto/profile.js';
import { SIG_OID, isSm2PublicKey } from './signed-data.js';

export type KeyAlgorithm = 'sm2' | 'p256';
const DAY_MS = 86_400_000;

export interface IssuedCertificate {
  certPem: string;
  /** PKCS #8 PEM of the holder's private key (the USB key's, in a real deployment). */
  keyPem: string;
  fingerprint256: string;
  serialNumber: string;
}

export function generateKeyPair(alg: KeyAlgorithm): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: alg === 'sm2' ? 'SM2' : 'prime256v1' });
}

/** The algorithm of a PEM key (private or public): SM2 by its curve, otherwise P-256. */
export function keyAlgorithm(keyPem: string): KeyAlgorithm {
  return isSm2PublicKey(createPublicKey(keyPem)) ? 'sm2' : 'p256';
}

function signer(privateKey: KeyObject): { oid: string; sign(tbs: Buffer): Buffer } {
  if (isSm2PublicKey(createPublicKey(privateKey))) {
    const d = sm2PrivateKeyHex(privateKey);
    return { oid: SIG_OID.sm2WithSm3, sign: (tbs) => sm2Sign(d, tbs) };
  }
  return { oid: SIG_OID.ecdsaSha256, sign: (tbs) => nodeSign('sha256', tbs, privateKey) };
}

const asnName = (name: x509.Name): asn.Name => AsnConvert.parse(name.toArrayBuffer(), asn.Name);
const asnExt = (e: x509.Extension): asn.Extension => AsnConvert.parse(e.rawData, asn.Extension);
const pem = (der: ArrayBuffer, label: string): string => x509.PemConverter.encode(der, label);
const spkiOf = (key: KeyObject): Buffer => (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'der', type: 'spki' });

/** Key identifier: the first 160 bits of SM3 (SM2 keys) or SHA-256 of the public key's bit string. */
function keyId(key: KeyObject): string {
  const spki = AsnConvert.parse(spkiOf(key), asn.SubjectPublicKeyInfo);
  const alg = isSm2PublicKey(key.type === 'public' ? key : createPublicKey(key)) ? 'sm3' : 'sha256';
  return createHash(alg).update(Buffer.from(spki.subjectPublicKey)).digest().subarray(0, 20).toString('hex');
}

function serial(): ArrayBuffer {
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f | 0x10; // positive, no leading zero byte
  return new Uint8Array(b).buffer;
}

export interface CertificateRequest {
  subject: x509.JsonName;
  /** The issuing CA; absent for a self-signed root. */
  issuer?: { certPem: string; keyPem: string };
  /** The subject's key pair; generated with the issuer's algorithm (or `algorithm`) when absent. */
  keys?: { publicKey: KeyObject; privateKey: KeyObject };
  algorithm?: KeyAlgorithm;
  ca?: { pathLength?: number };
  notBefore?: Date;
  validDays?: number;
}

/** Issues one certificate: a CA (root or intermediate) or an end-entity client-authentication one. */
export function issueCertificate(req: CertificateRequest): IssuedCertificate {
  const issuerKey = req.issuer ? createPrivateKey(req.issuer.keyPem) : undefined;
  const algorithm = req.algorithm ?? (req.issuer ? keyAlgorithm(req.issuer.keyPem) : 'sm2');
  const keys = req.keys ?? generateKeyPair(algorithm);
  const signingKey = issuerKey ?? keys.privateKey;
  const sig = signer(signingKey);
  const algId = new asn.AlgorithmIdentifier({ algorithm: sig.oid });
  const subject = asnName(new x509.Name(req.subject));
  const issuerCert = req.issuer ? new x509.X509Certificate(req.issuer.certPem) : undefined;
  const notBefore = req.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + (req.validDays ?? (req.ca ? 3650 : 365)) * DAY_MS);
  const extensions: x509.Extension[] = req.ca
    ? [new x509.BasicConstraintsExtension(true, req.ca.pathLength, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)]
    : [new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])];
  extensions.push(new x509.SubjectKeyIdentifierExtension(keyId(keys.publicKey)));
  extensions.push(new x509.AuthorityKeyIdentifierExtension(keyId(signingKey)));
  const tbs = new asn.TBSCertificate({
    version: asn.Version.v3,
    serialNumber: serial(),
    signature: algId,
    issuer: issuerCert ? asnName(issuerCert.subjectName) : subject,
    validity: new asn.Validity({ notBefore, notAfter }),
    subject,
    subjectPublicKeyInfo: AsnConvert.parse(spkiOf(keys.publicKey), asn.SubjectPublicKeyInfo),
    extensions: new asn.Extensions(extensions.map(asnExt)),
  });
  const signature = sig.sign(Buffer.from(AsnConvert.serialize(tbs)));
  const der = AsnConvert.serialize(new asn.Certificate({ tbsCertificate: tbs, signatureAlgorithm: algId, signatureValue: new Uint8Array(signature).buffer }));
  const certPem = pem(der, 'CERTIFICATE');
  const node = new X509Certificate(certPem);
  return {
    certPem,
    keyPem: keys.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    fingerprint256: node.fingerprint256,
    serialNumber: node.serialNumber,
  };
}

export interface CrlRequest {
  issuer: { certPem: string; keyPem: string };
  /** Serial numbers (hex, Node's format) of the revoked certificates. */
  revoked: string[];
  thisUpdate?: Date;
  nextUpdate?: Date;
  crlNumber?: number;
}

/** A full CRL (v2, with a CRL number) signed by the CA that issued the listed certificates. */
export function issueCrl(req: CrlRequest): string {
  const sig = signer(createPrivateKey(req.issuer.keyPem));
  const algId = new asn.AlgorithmIdentifier({ algorithm: sig.oid });
  const thisUpdate = req.thisUpdate ?? new Date(Date.now() - 60_000);
  const nextUpdate = req.nextUpdate ?? new Date(thisUpdate.getTime() + 7 * DAY_MS);
  const crlNumber = new asn.Extension({
    extnID: asn.id_ce_cRLNumber, critical: false,
    extnValue: new OctetString(AsnConvert.serialize(new asn.CRLNumber(req.crlNumber ?? 1))),
  });
  const tbs = new asn.TBSCertList({
    version: asn.Version.v2,
    signature: algId,
    issuer: asnName(new x509.X509Certificate(req.issuer.certPem).subjectName),
    thisUpdate: new asn.Time(thisUpdate),
    nextUpdate: new asn.Time(nextUpdate),
    revokedCertificates: req.revoked.length
      ? req.revoked.map((s) => new asn.RevokedCertificate({ userCertificate: new Uint8Array(Buffer.from(s.length % 2 ? `0${s}` : s, 'hex')).buffer, revocationDate: new asn.Time(thisUpdate) }))
      : undefined,
    crlExtensions: [crlNumber],
  });
  const signature = sig.sign(Buffer.from(AsnConvert.serialize(tbs)));
  return pem(AsnConvert.serialize(new asn.CertificateList({ tbsCertList: tbs, signatureAlgorithm: algId, signature: new Uint8Array(signature).buffer })), 'X509 CRL');
}
