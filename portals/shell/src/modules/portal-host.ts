import { errorMessage, isErrorCode } from '@tmis/shared';
import { gql, type RequestOptions } from '../api/graphql';
import { getToken } from '../auth/token';
import type { Me } from '../auth/types';
import { i18n } from '../i18n';
import { setScreenTitle } from '../layout/breadcrumbs';
import { useSessionStore } from '../stores/session';

/**
 * What the shell hands to every remote (`inject(PORTAL_HOST_KEY)`): the user's session for
 * GraphQL and the gateway's HTTP routes, with the shell's error display and sign-in redirect.
 * A string key, so a remote needs no import from the shell; remotes keep a copy of this
 * interface (portals/records/src/host.ts). Additive changes only: older remotes keep working.
 */
export const PORTAL_HOST_KEY = 'tmis:portal-host';

export interface PortalHost {
  readonly version: 1;
  /** GraphQL with the session; errors are shown (unless `silent`) and thrown with `code`, `message`, `errors`. */
  graphql<T>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<T>;
  /** A gateway HTTP route (imports, downloads) with the session's Authorization header. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** The signed-in user (unit with its path, for scope checks). */
  user(): Me | null;
  /** A gateway error code in the current language (the shared catalogue), else `fallback`. */
  errorText(code: string | null | undefined, fallback?: string): string;
  /**
   * The remote's current screen (its tab's label, in the UI language) for the frame's
   * breadcrumbs, under the manifest `name`; null when it unmounts. Added after version 1, so
   * optional: remotes call it as `setScreenTitle?.()` and still run in an older shell.
   */
  setScreenTitle?(module: string, title: string | null): void;
}

export function createPortalHost(): PortalHost {
  return {
    version: 1,
    graphql: (query, variables = {}, options = {}) => gql(query, variables, options),
    fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      const token = getToken();
      if (token && !headers.has('Authorization')) headers.set('Authorization', `Bearer ${token}`);
      return fetch(path, { ...init, headers, credentials: 'same-origin' });
    },
    user: () => useSessionStore().me,
    errorText(code, fallback = '') {
      if (!code || !isErrorCode(code)) return fallback || code || '';
      return errorMessage(code, i18n.global.locale.value === 'en' ? 'en' : 'zh-CN');
    },
    setScreenTitle,
  };
}
