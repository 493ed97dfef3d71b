import { existsSync, readFileSync } from 'node:fs';
import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import { defineRulesFor, type AppAbility, type Principal } from '@tmis/shared';
import type { Config } from './config.js';
import { createFieldCrypto, type FieldCrypto } from './crypto/field-crypto.js';
import { cryptoProfile, type CryptoProfile } from './crypto/profile.js';
import { createCertificateVerifier, type CertificateVerifier } from './auth/certificates/index.js';

/** Process-wide services built once from the validated config. */
export interface Runtime {
  config: Config;
  fieldCrypto: FieldCrypto;
  /** The active profile's hash, HMAC and signatures (TMIS_CRYPTO), for the audit chain and sync signatures. */
  crypto: CryptoProfile;
  /** Reads the configured CA files on first use (the demo CA is created by the seed). */
  certificateVerifier(): CertificateVerifier;
  /** The caller's ability: the shared core rules plus the rules of the loaded province modules. */
  abilityFor(p: Principal): AppAbility;
  /** Names of the gateway modules loaded at start-up (portal remotes may depend on one). */
  moduleNames: string[];
}

// The builder's `can` is handed over untyped: modules name subjects the core's union does not know.
export type RuleContributor = (p: Principal, can: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Core rules first, then each module's; modules add permissions, they cannot remove core ones. */
export function composeAbility(contributors: RuleContributor[]): (p: Principal) => AppAbility {
  return (p) => {
    const core = defineRulesFor(p);
    if (contributors.length === 0 || p.restricted) return createMongoAbility<AppAbility>(core);
    const { can, rules } = new AbilityBuilder<AppAbility>(createMongoAbility);
    for (const add of contributors) add(p, can);
    return createMongoAbility<AppAbility>([...core, ...rules]);
  };
}

export function createRuntime(config: Config, contributors: RuleContributor[] = [], moduleNames: string[] = []): Runtime {
  let verifier: CertificateVerifier | undefined;
  return {
    config,
    abilityFor: composeAbility(contributors),
    moduleNames,
    fieldCrypto: createFieldCrypto(config.secretKey, { profile: config.crypto, previous: config.previousCrypto }),
    crypto: cryptoProfile(config.crypto),
    certificateVerifier() {
      if (!verifier) {
        const pems = config.caCertFiles.filter((f) => existsSync(f)).map((f) => readFileSync(f, 'utf8'));
        verifier = createCertificateVerifier({ caCertPems: pems });
      }
      return verifier;
    },
  };
}
