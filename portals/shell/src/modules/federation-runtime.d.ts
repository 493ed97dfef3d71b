// `@module-federation/runtime` is a dependency of @module-federation/vite, not of the shell:
// the federation plugin aliases the import to its own copy at build time (the same copy that
// runs the host init). This declares the slice of its API the shell uses, so the shell needs
// no direct dependency on it.
declare module '@module-federation/runtime' {
  export interface RemoteRegistration {
    name: string;
    entry: string;
    alias?: string;
    type?: string;
    entryGlobalName?: string;
    shareScope?: string | string[];
  }

  export interface FederationInstance {
    name: string;
  }

  export function init(options: { name: string; remotes: RemoteRegistration[] }): FederationInstance;
  export function getInstance(): FederationInstance | null;
  export function registerRemotes(remotes: RemoteRegistration[], options?: { force?: boolean }): void;
  export function loadRemote<T>(id: string, options?: { from?: 'build' | 'runtime' }): Promise<T | null>;
  /** A shared library from the share scope: a factory for the module, or false if none is provided. */
  export function loadShare<T>(pkgName: string): Promise<false | (() => T | undefined)>;
}
