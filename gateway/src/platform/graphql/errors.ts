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

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, SESSION_EXPIRED: 401 };

export function toGraphQLError(e: AppError): GraphQLError {
  return new GraphQLError(e.message, {
    extensions: { code: e.code, ...(e.details ? { details: e.details } : {}), http: { status: HTTP_STATUS[e.code] ?? 200 } },
  });
}

/**
 * Apollo's formatError: our AppErrors keep their code; GraphQL validation errors keep theirs;
 * anything else becomes INTERNAL so stack traces and SQL never reach a client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, exposeInternals: boolean): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof AppError) {
    return { ...formatted, message: original.message, extensions: { code: original.code, ...(original.details ? { details: original.details } : {}) } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && (isErrorCode(code) || !original || code.startsWith('GRAPHQL_') || code === 'BAD_USER_INPUT' || code === 'BAD_REQUEST')) {
    if (code === 'GRAPHQL_VALIDATION_FAILED' && /Cost|depth|aliases|tokens|directives/i.test(formatted.message)) {
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
