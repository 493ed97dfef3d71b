import { chineseMessages } from '../error-messages.js';

const passwordErrorCodes = ['PASSWORD_TOO_SHORT', 'PASSWORD_TOO_WEAK', 'PASSWORD_CONTAINS_USERNAME'] as const;

export type PasswordErrorCode = (typeof passwordErrorCodes)[number];

export type PasswordCheckResult = { ok: true } | { ok: false; code: PasswordErrorCode };

export const passwordErrorMessages: Record<PasswordErrorCode, string> = chineseMessages(passwordErrorCodes);

export const PASSWORD_MIN_LENGTH = 8;

// Shorter usernames would forbid too many ordinary passwords to be worth checking.
const MIN_USERNAME_TO_CHECK = 3;

/** Counts lower, upper, digit and other ("symbol") character classes present. */
function characterClasses(pw: string): number {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];
  return classes.filter((re) => re.test(pw)).length;
}

/**
 * Password rule for all accounts: at least 8 characters, 3 of the 4 character classes,
 * and not containing the username (case-insensitive, usernames of 3+ characters).
 */
export function checkPasswordStrength(pw: string, opts: { username?: string } = {}): PasswordCheckResult {
  if (Array.from(pw).length < PASSWORD_MIN_LENGTH) return { ok: false, code: 'PASSWORD_TOO_SHORT' };
  if (characterClasses(pw) < 3) return { ok: false, code: 'PASSWORD_TOO_WEAK' };
  const username = opts.username?.trim().toLowerCase() ?? '';
  if (username.length >= MIN_USERNAME_TO_CHECK && pw.toLowerCase().includes(username)) {
    return { ok: false, code: 'PASSWORD_CONTAINS_USERNAME' };
  }
  return { ok: true };
}
