export {
  createDemoCa,
  issueClientCertificate,
  ensureDemoCertificates,
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
export { newChallengeNonce, challengeSigningInput, signChallenge } from './challenge.js';
