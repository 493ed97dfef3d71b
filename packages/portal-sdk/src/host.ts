import { inject, onBeforeUnmount, watchEffect } from 'vue';

/**
 * The contract between the portal shell and its remotes. The shell provides an object of this
 * shape under PORTAL_HOST_KEY (portals/shell/src/modules/portal-host.ts implements it); a remote
 * injects it with useHost(). A string key, so a remote needs no import from the shell and builds
 * alone. Additive changes only: an older remote keeps working in a newer shell, and new members
 * are optional so a newer remote still runs in an older shell.
 */
export const PORTAL_HOST_KEY = 'tmis:portal-host';

/** The signed-in user as every remote may rely on it (the shell's `Me` has more). */
export interface PortalUser {
  id: string;
  username: string;
  realName: string;
  role: string;
  unit: { id: string; code: string; name: string; level: string; path: string };
}

/** Options of a host GraphQL call. */
export interface HostRequestOptions {
  /** Do not show the error to the user (the caller shows it in place). */
  silent?: boolean;
}

export interface PortalHost<U extends PortalUser = PortalUser, O extends HostRequestOptions = HostRequestOptions> {
  readonly version: 1;
  /** GraphQL with the session; errors are shown (unless `silent`) and thrown as HostError. */
  graphql<T>(query: string, variables?: Record<string, unknown>, options?: O): Promise<T>;
  /** A gateway HTTP route (imports, downloads) with the session's Authorization header. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** The signed-in user (unit with its path, for scope checks). */
  user(): U | null;
  /** A gateway error code in the current language (the shared catalogue), else `fallback`. */
  errorText(code: string | null | undefined, fallback?: string): string;
  /**
   * The remote's current screen (its tab's label, in the UI language) for the frame's
   * breadcrumbs, under the manifest `name`; null when it unmounts. Added after version 1, so
   * optional: remotes call it through useScreenTitle and still run in an older shell.
   */
  setScreenTitle?(module: string, title: string | null): void;
}

/** A failed call as the shell throws it: the gateway's stable code and, for RECORD_INVALID, the field errors. */
export interface HostError {
  code?: string;
  message: string;
  errors?: { extensions?: { code?: string; details?: { errors?: { field: string; code: string }[] } } }[];
}

/** The shell's host; `module` names the remote in the error when it is mounted outside the shell. */
export function useHost(module = 'this module'): PortalHost {
  const host = inject<PortalHost | null>(PORTAL_HOST_KEY, null);
  if (!host) throw new Error(`${module}: no portal host — this module runs inside the TMIS portal shell`);
  return host;
}

/**
 * Tells the shell which screen is open (the active tab's label, in the UI language) for its
 * breadcrumbs, under the manifest name on the route, and takes it back on unmount.
 */
export function useScreenTitle(host: PortalHost, module: string, title: () => string | null): void {
  watchEffect(() => host.setScreenTitle?.(module, title()));
  onBeforeUnmount(() => host.setScreenTitle?.(module, null));
}

/** Field errors of a RECORD_INVALID answer (empty for any other error). */
export function fieldErrorsOf(error: unknown): { field: string; code: string }[] {
  const e = error as HostError;
  return e?.errors?.[0]?.extensions?.details?.errors ?? [];
}
