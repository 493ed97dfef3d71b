import { PORTAL_HOST_KEY, type PortalHost as PortalHostContract } from '@tmis/portal-sdk';
import { errorMessage, isErrorCode } from '@tmis/shared';
import { gql, type RequestOptions } from '../api/graphql';
import { getToken } from '../auth/token';
import type { Me } from '../auth/types';
import { i18n } from '../i18n';
import { setScreenTitle } from '../layout/breadcrumbs';
import { useSessionStore } from '../stores/session';

/**
 * What the shell hands to every remote (`inject(PORTAL_HOST_KEY)`): the contract of
 * @tmis/portal-sdk (packages/portal-sdk/src/host.ts), with the shell's own user and request
 * options. Additive changes only: older remotes keep working.
 */
export { PORTAL_HOST_KEY };
export type PortalHost = PortalHostContract<Me, RequestOptions>;

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
