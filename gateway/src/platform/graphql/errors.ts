import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { errorMessage, isErrorCode, type ErrorCode } from '@tmis/shared';

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

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, SESSION_EXPIRED: 401, VALIDATION_FAILED: 400, QUERY_TOO_COMPLEX: 400 };

export function toGraphQLError(e: AppError): GraphQLError {
  return new GraphQLError(e.message, {
    extensions: { code: e.code, ...(e.details ? { details: e.details } : {}), http: { status: HTTP_STATUS[e.code] ?? 200 } },
  });
}

/**
 * A refusal before execution (thrown from a plugin hook): Apollo answers with the error's
 * `http.status`, 500 without one, so it carries its 4xx here (400 unless the code says otherwise).
 */
export function requestError(e: AppError): GraphQLError {
  return new GraphQLError(e.message, {
    originalError: e,
    extensions: { code: e.code, ...(e.details ? { details: e.details } : {}), http: { status: HTTP_STATUS[e.code] ?? 400 } },
  });
}

// graphql-js's hints (" Did you mean "x"?", " Did you mean the enum value "Y"?") name schema members.
const SUGGESTION = / Did you mean [^?]*\?/g;
const LIMIT_MESSAGE = /Cost|depth|aliases|tokens|directives/i;
const TOKEN_LIMIT_MESSAGE = /contains more that \d+ tokens/;

/**
 * Apollo's formatError: our AppErrors keep their code; GraphQL validation errors keep theirs;
 * anything else becomes INTERNAL so stack traces and SQL never reach a client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, exposeInternals: boolean, hideSuggestions = false): GraphQLFormattedError {
  if (hideSuggestions && formatted.message.includes(' Did you mean ')) formatted = { ...formatted, message: formatted.message.replace(SUGGESTION, '') };
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
    return formatted;
  }
  return {
    message: errorMessage('INTERNAL'),
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL', ...(exposeInternals ? { debug: String((original as Error | undefined)?.message ?? formatted.message) } : {}) },
  };
}
