export {
  createDemoCa,
  issueClientCertificate,
  ensureDemoCertificates,
  demoCertificateAlgorithm,
  type DemoCa,
  type IssuedClientCertificate,
  type ClientSubject,
  type DemoPerson,
} from './demo-ca.js';
export {
  createCertificateVerifier,
  verifyChallengeSignature,
  normalizeFingerprint256,
  type CertificateVerifier,
  type CertificateCheck,
  type CertificateErrorCode,
} from './certificate-verifier.js';
export { revokedInChain } from './revocation-store.js';
export { newChallengeNonce, challengeSigningInput, signChallenge } from './challenge.js';
export { issueCertificate, issueCrl, generateKeyPair, keyAlgorithm, type KeyAlgorithm, type IssuedCertificate, type CertificateRequest, type CrlRequest } from './issuer.js';
export { normalizeSerial, type ChainLink, type CrlCheckOk, type CrlErrorCode } from './certificate-verifier.js';
