import { inject, onBeforeUnmount, watchEffect } from 'vue';

/**
 * The shell's side of the contract (portals/shell/src/modules/portal-host.ts, key
 * 'tmis:portal-host'): the user's session for GraphQL and the gateway's HTTP routes, with the
 * shell's error display and sign-in redirect. Kept as a copy so the remote builds alone.
 */
export const PORTAL_HOST_KEY = 'tmis:portal-host';

export interface PortalUser {
  id: string;
  username: string;
  realName: string;
  role: string;
  unit: { id: string; code: string; name: string; level: string; path: string };
}

export interface PortalHost {
  readonly version: number;
  graphql<T>(query: string, variables?: Record<string, unknown>, options?: { silent?: boolean }): Promise<T>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  user(): PortalUser | null;
  errorText(code: string | null | undefined, fallback?: string): string;
  /** The current screen's name for the shell's breadcrumbs (newer shells only, hence optional). */
  setScreenTitle?(module: string, title: string | null): void;
}

/**
 * Tells the shell which screen is open (the active tab's label, in the UI language) for its
 * breadcrumbs, under the manifest name on the route, and takes it back on unmount.
 */
export function useScreenTitle(host: PortalHost, module: string, title: () => string | null): void {
  watchEffect(() => host.setScreenTitle?.(module, title()));
  onBeforeUnmount(() => host.setScreenTitle?.(module, null));
}

/** A failed call as the shell throws it: the gateway's stable code and, for RECORD_INVALID, the field errors. */
export interface HostError {
  code?: string;
  message: string;
  errors?: { extensions?: { code?: string; details?: { errors?: { field: string; code: string }[] } } }[];
}

export function useHost(): PortalHost {
  const host = inject<PortalHost | null>(PORTAL_HOST_KEY, null);
  if (!host) throw new Error('rotations: no portal host — this module runs inside the TMIS portal shell');
  return host;
}

/** Field errors of a RECORD_INVALID answer (empty for any other error). */
export function fieldErrorsOf(error: unknown): { field: string; code: string }[] {
  const e = error as HostError;
  return e?.errors?.[0]?.extensions?.details?.errors ?? [];
}
