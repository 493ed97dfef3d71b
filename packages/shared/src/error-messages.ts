import { ERROR_MESSAGES, type ErrorCode } from './errors/index.js';

/**
 * Chinese messages of a module's error codes, read from the one catalogue in errors/
 * so a code never shows two different texts. Fails to compile for an unknown code.
 */
export function chineseMessages<C extends ErrorCode>(codes: readonly C[]): Record<C, string> {
  return Object.fromEntries(codes.map((code) => [code, ERROR_MESSAGES[code].zh])) as Record<C, string>;
}
