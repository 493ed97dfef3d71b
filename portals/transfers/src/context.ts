import type { AnyAbility } from '@casl/ability';
import { inject, type ComputedRef, type InjectionKey } from 'vue';
import type { TransfersApi } from './api';
import type { HostError, PortalHost } from '@tmis/portal-sdk';
import type { ScreenKey } from './routes';

/** What the module's root hands to its screens. */
export interface TransfersContext {
  host: PortalHost;
  api: TransfersApi;
  ability: AnyAbility;
  base: ComputedRef<string>;
  go(screen: ScreenKey, params?: Record<string, string>): void;
}

export const TRANSFERS_CONTEXT: InjectionKey<TransfersContext> = Symbol('transfers');

export function useTransfers(): TransfersContext {
  const ctx = inject(TRANSFERS_CONTEXT);
  if (!ctx) throw new Error('transfers: screen outside TransfersApp');
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
