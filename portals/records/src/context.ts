import type { AnyAbility } from '@casl/ability';
import { inject, type ComputedRef, type InjectionKey } from 'vue';
import type { RecordsApi } from './api';
import type { PortalHost } from '@tmis/portal-sdk';
import type { ScreenKey } from './routes';

/** What the module's root hands to its screens. */
export interface RecordsContext {
  host: PortalHost;
  api: RecordsApi;
  ability: AnyAbility;
  base: ComputedRef<string>;
  go(screen: ScreenKey, params?: Record<string, string>): void;
}

export const RECORDS_CONTEXT: InjectionKey<RecordsContext> = Symbol('records');

export function useRecords(): RecordsContext {
  const ctx = inject(RECORDS_CONTEXT);
  if (!ctx) throw new Error('records: screen outside RecordsApp');
  return ctx;
}

/** Saves a file the gateway sends (template, error report) under its own name. */
export async function downloadFile(host: PortalHost, path: string, fallbackName: string): Promise<string> {
  const res = await host.fetch(path);
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { errors?: { message: string; extensions?: { code?: string } }[] } | null;
    const first = body?.errors?.[0];
    throw Object.assign(new Error(host.errorText(first?.extensions?.code, first?.message ?? `HTTP ${res.status}`)), { code: first?.extensions?.code });
  }
  const name = fileNameOf(res.headers.get('content-disposition')) ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return name;
}

/** `filename*=UTF-8''…` (RFC 5987) first, then the plain `filename="…"`. */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]!.trim());
  const plain = /filename="([^"]+)"/i.exec(disposition);
  return plain ? plain[1]! : null;
}

export function formatTime(value: string | null | undefined, locale: string): string {
  if (!value) return '';
  return new Date(value).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
}
