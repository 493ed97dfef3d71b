import type { AnyAbility } from '@casl/ability';
import { inject, type ComputedRef, type InjectionKey } from 'vue';
import type { RotationsApi } from './api';
import type { HostError, PortalHost } from '@tmis/portal-sdk';
import type { ScreenKey } from './routes';

/** What the module's root hands to its screens. */
export interface RotationsContext {
  host: PortalHost;
  api: RotationsApi;
  ability: AnyAbility;
  base: ComputedRef<string>;
  go(screen: ScreenKey, params?: Record<string, string>): void;
}

export const ROTATIONS_CONTEXT: InjectionKey<RotationsContext> = Symbol('rotations');

export function useRotations(): RotationsContext {
  const ctx = inject(ROTATIONS_CONTEXT);
  if (!ctx) throw new Error('rotations: screen outside RotationsApp');
  return ctx;
}

/** The gateway's stable code of a failed call (the shell throws it with `code`). */
export function codeOf(error: unknown): string | undefined {
  return (error as HostError | null)?.code;
}

/** The text to show: the gateway's Chinese message, or the catalogue's English one in English. */
export function messageOf(host: PortalHost, error: unknown): string {
  const e = error as HostError | null;
  return host.errorText(e?.code, e?.message ?? String(error));
}

export function formatTime(value: string | null | undefined, locale: string): string {
  if (!value) return '';
  return new Date(value).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
}
