import type { EntityManager } from '@mikro-orm/postgresql';
import { checkPasswordStrength, defineAbilityFor, type Principal } from '@tmis/shared';
import { AppError } from '../../platform/graphql/errors.js';
import type { RequestContext } from '../../platform/graphql/context.js';
import { appendAudit, type AuditEvent } from '../../platform/audit/audit.service.js';
import { challengeSigningInput, newChallengeNonce, revokedInChain, verifyChallengeSignature } from '../../platform/auth/certificates/index.js';
import { Account, PASSWORD_HISTORY } from '../accounts/account.entity.js';
import { authorityPathsBelow } from '../units/unit.service.js';
import { Session, type AuthMethod } from './session.entity.js';
import { LoginChallenge } from './login-challenge.entity.js';
import { dummyHash, hashPassword, verifyPassword } from '../../platform/auth/password.js';
import { isGuessablePassword } from '../../platform/auth/password-strength.js';
import { forgetFailures, LOGIN_RULES, recordFailure, throttledFor, type ThrottleKey } from '../../platform/auth/throttle.js';
import { newSessionToken, SESSION_COOKIE, tokenHash } from './session-token.js';
import type { SessionCache, SessionSnapshot } from './session-cache.js';

/** Roles whose passwords expire after config.adminPasswordMaxAgeDays. */
const ADMIN_ROLES = new Set(['info_admin', 'system_admin', 'security_admin', 'audit_admin']);
/** An address this account logged in from this recently is not held back by the account-wide throttle. */
const KNOWN_ADDRESS_DAYS = 30;
const CHALLENGE_MINUTES = 5;
/** lastSeenAt is written at most this often, so reads don't turn into writes. */
const TOUCH_EVERY_MS = 60_000;

export type LoginStatus = 'OK' | 'PASSWORD_CHANGE_REQUIRED' | 'CERTIFICATE_REQUIRED';

export interface LoginOutcome {
  status: LoginStatus;
  token?: string;
  expiresAt?: Date;
  challenge?: { id: string; nonce: string; expiresAt: Date };
}

/** Roles that may not work with a password alone (seed 003: education CA certificate). */
const CERTIFICATE_ROLES = new Set(['info_admin']);

function auditBase(account: Account | null, ip: string | null): Partial<AuditEvent> {
  return account
    ? { actorId: account.id, actorUsername: account.username, unitId: account.unit.id, scopePath: account.scopePath, ip }
    : { ip };
}

export class AuthService {
  constructor(private readonly ctx: RequestContext) {}

  private get em(): EntityManager {
    return this.ctx.em;
  }

  async login(usernameRaw: string, password: string): Promise<LoginOutcome> {
    const username = usernameRaw.trim().toLowerCase();
    // Keyed by the name typed, known or not, so the throttle tells nothing about which accounts exist.
    const ip = this.ctx.ip ?? 'unknown';
    const pair: ThrottleKey = { rule: LOGIN_RULES.accountAndAddress, key: `${username}|${ip}` };
    const whole: ThrottleKey = { rule: LOGIN_RULES.account, key: username };
    const address: ThrottleKey = { rule: LOGIN_RULES.address, key: ip };
    const account = await this.em.findOne(Account, { username }, { populate: ['passwordHash', 'unit'] });
    const held = [pair, address, ...(account && await this.knownAddress(account) ? [] : [whole])];
    const wait = await throttledFor(this.em, held);
    // Refused before any hash is computed and without an audit row: a flood writes nothing.
    if (wait > 0) throw new AppError('LOGIN_THROTTLED', { retryAfter: wait }, `登录尝试过于频繁，请于${wait}秒后再试`);
    if (!account) {
      await verifyPassword(await dummyHash(), password);
      await recordFailure(this.em, [pair, whole, address]);
      await this.audit(null, 'auth.login', 'failure', { username, reason: 'LOGIN_FAILED' });
      throw new AppError('LOGIN_FAILED');
    }
    const now = new Date();
    if (account.lockedUntil && account.lockedUntil > now) {
      await this.audit(account, 'auth.login', 'denied', { reason: 'ACCOUNT_LOCKED' });
      throw new AppError('ACCOUNT_LOCKED', { lockedUntil: account.lockedUntil.toISOString() });
    }
    if (!(await verifyPassword(account.passwordHash, password))) {
      await recordFailure(this.em, [pair, whole, address]);
      await this.audit(account, 'auth.login', 'failure', { reason: 'LOGIN_FAILED' });
      throw new AppError('LOGIN_FAILED');
    }
    await forgetFailures(this.em, [pair]);
    if (account.status !== 'active') {
      await this.audit(account, 'auth.login', 'denied', { reason: 'ACCOUNT_DISABLED' });
      throw new AppError('ACCOUNT_DISABLED');
    }
    if (CERTIFICATE_ROLES.has(account.role)) {
      const challenge = this.em.create(LoginChallenge, {
        account, nonce: newChallengeNonce(), expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
      });
      await this.em.flush();
      await this.audit(account, 'auth.password_verified', 'success', { next: 'certificate' });
      return { status: 'CERTIFICATE_REQUIRED', challenge: { id: challenge.id, nonce: challenge.nonce, expiresAt: challenge.expiresAt } };
    }
    return this.openSession(account, 'password', 'auth.login');
  }

  /** Whether this account opened a session from the caller's address lately (its owner's usual place). */
  private async knownAddress(account: Account): Promise<boolean> {
    if (!this.ctx.ip) return false;
    const since = new Date(Date.now() - KNOWN_ADDRESS_DAYS * 86_400_000);
    return (await this.em.count(Session, { account: account.id, ip: this.ctx.ip, createdAt: { $gt: since } })) > 0;
  }

  async completeCertificateLogin(challengeId: string, certificatePem: string, signature: string): Promise<LoginOutcome> {
    const now = new Date();
    const challenge = await this.em.findOne(LoginChallenge, { id: challengeId }, { populate: ['account', 'account.unit'] })
      .catch(() => null);
    if (!challenge || challenge.usedAt || challenge.expiresAt <= now) throw new AppError('CHALLENGE_INVALID');
    // Single use, whatever the outcome: only the request that stamps it goes on, in whichever process.
    if (await this.em.nativeUpdate(LoginChallenge, { id: challenge.id, usedAt: null }, { usedAt: now }) === 0) throw new AppError('CHALLENGE_INVALID');
    const account = challenge.account;
    const refuse = async (code: 'CERT_NOT_BOUND' | 'CERT_FROZEN' | 'CERT_REVOKED' | 'CERT_SIGNATURE_INVALID' | 'ACCOUNT_DISABLED' | 'ACCOUNT_LOCKED' | 'CERT_INVALID' | 'CERT_UNTRUSTED' | 'CERT_EXPIRED' | 'CERT_NOT_YET_VALID' | 'CERT_USAGE'): Promise<never> => {
      await this.audit(account, 'auth.certificate_login', 'failure', { reason: code });
      throw new AppError(code);
    };
    if (account.status !== 'active') return refuse('ACCOUNT_DISABLED');
    if (account.lockedUntil && account.lockedUntil > now) return refuse('ACCOUNT_LOCKED');
    const check = this.ctx.runtime.certificateVerifier().verifyClientCertificate(certificatePem, now);
    if (!check.ok) return refuse(check.code);
    // A certificate the CA revoked (in the CRL the security administrator loaded), or one of its intermediates.
    if (await revokedInChain(this.em, check.chain)) return refuse('CERT_REVOKED');
    if (!account.certFingerprint || account.certFingerprint !== check.fingerprint256) return refuse('CERT_NOT_BOUND');
    if (account.certStatus === 'frozen') return refuse('CERT_FROZEN');
    if (account.certStatus !== 'active') return refuse('CERT_REVOKED');
    const data = challengeSigningInput(challenge.id, challenge.nonce);
    if (!verifyChallengeSignature({ certPem: certificatePem, data, signatureBase64: signature })) return refuse('CERT_SIGNATURE_INVALID');
    return this.openSession(account, 'password+certificate', 'auth.certificate_login', { serialNumber: check.serialNumber, signatureAlgorithm: check.signatureAlgorithm });
  }

  private async openSession(account: Account, method: AuthMethod, action: string, detail: Record<string, unknown> = {}): Promise<LoginOutcome> {
    const cfg = this.ctx.runtime.config;
    const token = newSessionToken();
    const now = new Date();
    const mustChange = account.mustChangePassword || this.adminPasswordExpired(account, now);
    const session = this.em.create(Session, {
      tokenHash: tokenHash(token), account, authMethod: method, restricted: mustChange,
      expiresAt: new Date(now.getTime() + cfg.sessionAbsoluteHours * 3_600_000), ip: this.ctx.ip,
    });
    account.lastLoginAt = now;
    await this.em.flush();
    await this.audit(account, action, 'success', { ...detail, method, sessionId: session.id });
    this.ctx.responseCookies.push(`${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${cfg.sessionAbsoluteHours * 3600}`);
    return { status: mustChange ? 'PASSWORD_CHANGE_REQUIRED' : 'OK', token, expiresAt: session.expiresAt };
  }

  /** Administrators change their passwords every adminPasswordMaxAgeDays (counted from creation when never changed). */
  private adminPasswordExpired(account: Account, now: Date): boolean {
    if (!ADMIN_ROLES.has(account.role)) return false;
    const since = account.passwordChangedAt ?? account.createdAt;
    return now.getTime() - since.getTime() > this.ctx.runtime.config.adminPasswordMaxAgeDays * 86_400_000;
  }

  async changePassword(currentPassword: string, newPassword: string): Promise<LoginOutcome> {
    if (!this.ctx.principal || !this.ctx.sessionId) throw new AppError('UNAUTHENTICATED');
    const session = await this.em.findOneOrFail(Session, { id: this.ctx.sessionId }, { populate: ['account', 'account.passwordHash', 'account.passwordHistory', 'account.unit'] });
    const account = session.account;
    if (!(await verifyPassword(account.passwordHash, currentPassword))) {
      await this.audit(account, 'account.password_change', 'failure', { reason: 'PASSWORD_WRONG' });
      throw new AppError('PASSWORD_WRONG');
    }
    const strength = checkPasswordStrength(newPassword, { username: account.username });
    if (!strength.ok) throw new AppError(strength.code);
    const recent = [account.passwordHash, ...account.passwordHistory.slice(0, PASSWORD_HISTORY)];
    for (const hash of recent) {
      if (await verifyPassword(hash, newPassword)) throw new AppError('PASSWORD_REUSED');
    }
    if (isGuessablePassword(newPassword, [account.username, account.realName])) throw new AppError('PASSWORD_COMMON');
    account.passwordHistory = recent.slice(0, PASSWORD_HISTORY);
    account.passwordHash = await hashPassword(newPassword);
    account.mustChangePassword = false;
    account.passwordChangedAt = new Date();
    // Every session of the account ends; the caller gets a fresh full one.
    await this.em.nativeUpdate(Session, { account: account.id, revokedAt: null }, { revokedAt: new Date() });
    await this.em.flush();
    await this.audit(account, 'account.password_change', 'success', {});
    return this.openSession(account, session.authMethod, 'auth.session_renewed');
  }

  async logout(): Promise<boolean> {
    if (!this.ctx.sessionId) return false;
    await this.em.nativeUpdate(Session, { id: this.ctx.sessionId, revokedAt: null }, { revokedAt: new Date() });
    this.ctx.responseCookies.push(`${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    if (this.ctx.actor) this.ctx.pendingAudit.push({ ...this.actorAudit(), action: 'auth.logout', targetType: 'Session', targetId: this.ctx.sessionId });
    return true;
  }

  private actorAudit(): Partial<AuditEvent> {
    const a = this.ctx.actor!;
    return { actorId: a.accountId, actorUsername: a.username, unitId: a.unitId, scopePath: a.scopePath, ip: this.ctx.ip };
  }

  private async audit(account: Account | null, action: string, outcome: 'success' | 'failure' | 'denied', detail: Record<string, unknown>): Promise<void> {
    await appendAudit(this.em, [{ ...auditBase(account, this.ctx.ip), action, outcome, targetType: 'Account', targetId: account?.id ?? null, detail }]);
  }
}

/**
 * Turns a bearer token into the session's snapshot (who, in which scope, how authenticated), or
 * null when it is unknown, revoked, past its absolute expiry or idle for too long. Disabled
 * accounts lose their sessions at once. With a cache (session-cache.ts), a token seen in the last
 * seconds is answered without SQL; revocations empty the cache through a notification.
 */
export async function resolveSession(em: EntityManager, token: string, idleMinutes: number, cache?: SessionCache): Promise<SessionSnapshot | null> {
  const hash = tokenHash(token);
  const now = Date.now();
  const cached = cache?.get(hash, now);
  if (cached) {
    if (cached.expiresAt <= now || cached.lastSeenAt + idleMinutes * 60_000 <= now || (cached.lockedUntil !== null && cached.lockedUntil > now)) {
      cache!.forget(hash);
      return null;
    }
    if (now - cached.lastSeenAt > TOUCH_EVERY_MS) {
      // last_seen_at is not one of the columns whose change notifies: touching keeps the cache.
      await em.nativeUpdate(Session, { id: cached.sessionId }, { lastSeenAt: new Date(now) });
      cached.lastSeenAt = now;
    }
    return cached;
  }
  const generation = cache?.currentGeneration ?? 0;
  const session = await em.findOne(Session, { tokenHash: hash }, { populate: ['account', 'account.unit'] });
  if (!session || session.revokedAt) return null;
  if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + idleMinutes * 60_000 <= now) return null;
  const account = session.account;
  if (account.status !== 'active' || (account.lockedUntil && account.lockedUntil.getTime() > now)) return null;
  let lastSeenAt = session.lastSeenAt.getTime();
  if (now - lastSeenAt > TOUCH_EVERY_MS) {
    await em.nativeUpdate(Session, { id: session.id }, { lastSeenAt: new Date(now) });
    lastSeenAt = now;
  }
  const principal: Principal = {
    accountId: account.id,
    role: account.role,
    unitId: account.unit.id,
    unitPath: account.scopePath,
    unitLevel: account.unitLevel,
    authorityPathsBelow: Object.freeze(await authorityPathsBelow(em, account.unit)) as string[],
    securityAdminAppointed: account.role === 'system_admin' ? await securityAdminAppointed(em, account.unit.id) : undefined,
    teacherId: account.teacher ? account.teacher.id : null,
    restricted: session.restricted,
  };
  const snapshot: SessionSnapshot = {
    sessionId: session.id,
    authMethod: session.authMethod,
    actor: { accountId: account.id, username: account.username, unitId: account.unit.id, scopePath: account.scopePath },
    // Shared by the requests the cache answers: nobody may change it in place.
    principal: Object.freeze(principal),
    expiresAt: session.expiresAt.getTime(),
    lastSeenAt,
    lockedUntil: account.lockedUntil ? account.lockedUntil.getTime() : null,
  };
  cache?.put(hash, snapshot, generation, now);
  return snapshot;
}

/** Whether the unit has an active security administrator (then account security is theirs, not the system admin's). */
async function securityAdminAppointed(em: EntityManager, unitId: string): Promise<boolean> {
  return (await em.count(Account, { unit: unitId, role: 'security_admin', status: 'active' })) > 0;
}

export const abilityFor = defineAbilityFor;
