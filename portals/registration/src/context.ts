import type { AnyAbility } from '@casl/ability';
import { inject, type ComputedRef, type InjectionKey, type Ref } from 'vue';
import type { UserFacts } from './access';
import type { RegistrationApi } from './api';
import type { HostError, PortalHost } from '@tmis/portal-sdk';
import type { ScreenKey } from './routes';

/** What the module's root hands to its screens. */
export interface RegistrationContext {
  host: PortalHost;
  api: RegistrationApi;
  ability: AnyAbility;
  /** The user with `teacherId` (loaded once by the root). */
  user: Ref<UserFacts | null>;
  base: ComputedRef<string>;
  go(screen: ScreenKey, params?: Record<string, string>): void;
}

export const REGISTRATION_CONTEXT: InjectionKey<RegistrationContext> = Symbol('registration');

export function useRegistration(): RegistrationContext {
  const ctx = inject(REGISTRATION_CONTEXT);
  if (!ctx) throw new Error('registration: screen outside RegistrationApp');
  return ctx;
}

export function codeOf(error: unknown): string | undefined {
  return (error as HostError)?.code;
}

/** The gateway's message for a failed call, in the current language. */
export function messageOf(host: PortalHost, error: unknown): string {
  const e = error as HostError;
  return host.errorText(e?.code, e?.message ?? String(error));
}
