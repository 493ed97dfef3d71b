import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { errorMessage, isErrorCode, type ErrorCode } from '@tmis/shared';
import { currentRequestId, logger } from '../logging.js';
import { zhGraphQLMessage } from './messages-zh.js';

/** The one error type services throw: a stable code, a Chinese message, optional details. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: Record<string, unknown>,
    message?: string,
  ) {
    super(message ?? errorMessage(code));
  }
}

export const notFoundOrNoAccess = (): AppError => new AppError('NOT_FOUND_OR_NO_ACCESS');

// Throttled answers are 429 with Retry-After, so a proxy, a monitor or a script can tell them from failures.
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, SESSION_EXPIRED: 401, VALIDATION_FAILED: 400, QUERY_TOO_COMPLEX: 400, LOGIN_THROTTLED: 429, RATE_LIMITED: 429 };

/** Apollo's `extensions.http` (status, headers; never sent to the client) for an AppError. */
export function httpOf(e: AppError, fallback: number): { status: number; headers?: Map<string, string> } {
  const status = HTTP_STATUS[e.code] ?? fallback;
  const retryAfter = e.details?.retryAfter;
  return status === 429 && typeof retryAfter === 'number' ? { status, headers: new Map([['retry-after', String(Math.ceil(retryAfter))]]) } : { status };
}

/**
 * A refusal before execution (thrown from a plugin hook): Apollo answers with the error's
 * `http.status`, 500 without one, so it carries its 4xx here (400 unless the code says otherwise).
 */
export function requestError(e: AppError): GraphQLError {
  return new GraphQLError(e.message, {
    originalError: e,
    extensions: { code: e.code, ...(e.details ? { details: e.details } : {}), http: httpOf(e, 400) },
  });
}

// graphql-js's hints (" Did you mean "x"?", " Did you mean the enum value "Y"?") name schema members.
const SUGGESTION = / Did you mean [^?]*\?/g;
const LIMIT_MESSAGE = /Cost|depth|aliases|tokens|directives/i;
const TOKEN_LIMIT_MESSAGE = /contains more that \d+ tokens/;

export interface ErrorFormatting {
  /** TMIS_DEBUG_ERRORS: an INTERNAL carries its message and stack (`extensions.debug`). */
  debugErrors: boolean;
  /** Production: no "did you mean" hints that name schema members. */
  hideSuggestions: boolean;
}

/**
 * What a client learns of an error that is not ours (a bug, a database failure): INTERNAL and
 * the request id under which the error was just logged, never its text (SQL, stack) unless the
 * debug switch is on.
 */
export function internalErrorExtensions(error: unknown, debugErrors: boolean, path?: readonly (string | number)[]): Record<string, unknown> {
  const requestId = currentRequestId();
  logger().error({ err: error, ...(path ? { path: path.join('.') } : {}) }, 'internal error');
  const e = error instanceof Error ? error : new Error(String(error));
  return { code: 'INTERNAL', ...(requestId ? { requestId } : {}), ...(debugErrors ? { debug: { message: e.message, stack: e.stack } } : {}) };
}

/**
 * Apollo's formatError: our AppErrors keep their code; GraphQL validation errors keep theirs;
 * anything else becomes INTERNAL (logged, see internalErrorExtensions).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, opts: ErrorFormatting): GraphQLFormattedError {
  if (opts.hideSuggestions && formatted.message.includes(' Did you mean ')) formatted = { ...formatted, message: formatted.message.replace(SUGGESTION, '') };
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof AppError) {
    return { ...formatted, message: original.message, extensions: { code: original.code, ...(original.details ? { details: original.details } : {}) } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && (isErrorCode(code) || !original || code.startsWith('GRAPHQL_') || code === 'BAD_USER_INPUT' || code === 'BAD_REQUEST')) {
    // The token limit is a parse error (graphql-js's maxTokens), the others validation errors.
    if ((code === 'GRAPHQL_VALIDATION_FAILED' && LIMIT_MESSAGE.test(formatted.message)) || (code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT_MESSAGE.test(formatted.message))) {
      return { message: errorMessage('QUERY_TOO_COMPLEX') + '：' + formatted.message, extensions: { code: 'QUERY_TOO_COMPLEX' } };
    }
    // People read these in the portal and GraphiQL: Chinese, with the English kept beside it.
    const zh = code.startsWith('GRAPHQL_') || code === 'BAD_USER_INPUT' || code === 'BAD_REQUEST' ? zhGraphQLMessage(formatted.message) : null;
    return zh ? { ...formatted, message: zh, extensions: { ...formatted.extensions, messageEn: formatted.message } } : formatted;
  }
  return {
    message: errorMessage('INTERNAL'),
    locations: formatted.locations,
    path: formatted.path,
    extensions: internalErrorExtensions(original ?? error, opts.debugErrors, formatted.path),
  };
}
