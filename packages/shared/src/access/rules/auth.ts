import { ROOT_LEVELS, type DomainRules } from './rule-set.js';

/**
 * Sign-in with the education CA's certificates: the certificate revocation lists (CRL) are loaded
 * once, for the deployment, by the security administrator of its top unit.
 */
export const authRules: DomainRules = {
  security_admin(p, { can }) {
    if (ROOT_LEVELS.includes(p.unitLevel)) can(['read', 'create'], 'CertificateRevocationList');
  },
};
