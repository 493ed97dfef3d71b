import { errorMessage, isErrorCode } from '@tmis/shared';
import { clearToken, getToken } from '../auth/token';
import { i18n } from '../i18n';
import { notify } from '../ui/notify';

export const GRAPHQL_ENDPOINT = '/graphql';

interface GraphQLErrorPayload {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorPayload[];
}

/** A failed GraphQL call: `code` is the gateway's stable English code, `message` is for people. */
export class GraphQLRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors: readonly GraphQLErrorPayload[] = [],
  ) {
    super(message);
    this.name = 'GraphQLRequestError';
  }
}

export interface RequestOptions {
  /** Do not show the error as a message (the caller shows it, or it is optional data). */
  silent?: boolean;
  /** On UNAUTHENTICATED, send the user to the login page (default). The route guard opts out. */
  redirectOnUnauthenticated?: boolean;
}

type UnauthenticatedHandler = () => void;
let onUnauthenticated: UnauthenticatedHandler = () => {};

/** The router registers how to get back to the login page; this module stays router-free. */
export function setUnauthenticatedHandler(handler: UnauthenticatedHandler): void {
  onUnauthenticated = handler;
}

export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  options: RequestOptions = {},
): Promise<T> {
  try {
    return await send<T>(query, variables);
  } catch (error) {
    const failure =
      error instanceof GraphQLRequestError
        ? error
        : new GraphQLRequestError('NETWORK_ERROR', i18n.global.t('errors.network'));
    if (!options.silent) notify('error', displayMessage(failure));
    if (failure.code === 'UNAUTHENTICATED') {
      clearToken();
      if (options.redirectOnUnauthenticated !== false) onUnauthenticated();
    }
    throw failure;
  }
}

async function send<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
  };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;

  const response = await fetch(GRAPHQL_ENDPOINT, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });

  let body: GraphQLResponse<T>;
  try {
    body = (await response.json()) as GraphQLResponse<T>;
  } catch {
    throw nonGraphQLFailure(response.status);
  }

  const [first] = body.errors ?? [];
  if (first) {
    throw new GraphQLRequestError(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', first.message, body.errors);
  }
  if (body.data == null) throw new GraphQLRequestError('BAD_RESPONSE', i18n.global.t('errors.server'));
  return body.data;
}

/**
 * The gateway's message is Chinese; in English, known codes use the shared catalogue's text and
 * GraphQL's own messages (validation, parse) the English the gateway keeps in `messageEn`.
 */
export function displayMessage(error: GraphQLRequestError): string {
  if (i18n.global.locale.value !== 'en') return error.message;
  if (isErrorCode(error.code)) return errorMessage(error.code, 'en');
  const en = error.errors[0]?.extensions?.messageEn;
  return typeof en === 'string' ? en : error.message;
}

/** A response without a GraphQL body: an auth wall, the dev proxy with no gateway, or a broken server. */
function nonGraphQLFailure(status: number): GraphQLRequestError {
  if (status === 401) return new GraphQLRequestError('UNAUTHENTICATED', i18n.global.t('errors.sessionExpired'));
  if (status === 502 || status === 503 || status === 504) {
    return new GraphQLRequestError('NETWORK_ERROR', i18n.global.t('errors.network'));
  }
  return new GraphQLRequestError('BAD_RESPONSE', i18n.global.t('errors.server'));
}
