import { existsSync, readFileSync } from 'node:fs';
import type { Config } from './config.js';
import { createFieldCrypto, type FieldCrypto } from './crypto/field-crypto.js';
import { createCertificateVerifier, type CertificateVerifier } from './auth/certificates/index.js';

/** Process-wide services built once from the validated config. */
export interface Runtime {
  config: Config;
  fieldCrypto: FieldCrypto;
  /** Reads the configured CA files on first use (the demo CA is created by the seed). */
  certificateVerifier(): CertificateVerifier;
}

export function createRuntime(config: Config): Runtime {
  let verifier: CertificateVerifier | undefined;
  return {
    config,
    fieldCrypto: createFieldCrypto(config.secretKey),
    certificateVerifier() {
      if (!verifier) {
        const pems = config.caCertFiles.filter((f) => existsSync(f)).map((f) => readFileSync(f, 'utf8'));
        verifier = createCertificateVerifier({ caCertPems: pems });
      }
      return verifier;
    },
  };
}
