import type { AnyAbility } from '@casl/ability';
import { inject, type ComputedRef, type InjectionKey, type Ref } from 'vue';
import type { UserFacts } from './access';
import type { TrainingApi } from './api';
import type { HostError, PortalHost } from '@tmis/portal-sdk';
import type { ScreenKey } from './routes';

/** What the module's root hands to its screens. */
export interface TrainingContext {
  host: PortalHost;
  api: TrainingApi;
  ability: AnyAbility;
  /** The user with `teacherId` (loaded once by the root). */
  user: Ref<UserFacts | null>;
  base: ComputedRef<string>;
  go(screen: ScreenKey, params?: Record<string, string>): void;
}

export const TRAINING_CONTEXT: InjectionKey<TrainingContext> = Symbol('training');

export function useTraining(): TrainingContext {
  const ctx = inject(TRAINING_CONTEXT);
  if (!ctx) throw new Error('training: screen outside TrainingApp');
  return ctx;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file as base64 (Excel files travel as base64 in GraphQL; they are small). */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** Saves a base64 workbook (template, error report) under a name. */
export function saveBase64(base64: string, name: string, type = XLSX_TYPE): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function codeOf(error: unknown): string | undefined {
  return (error as HostError)?.code;
}

/** The gateway's message for a failed call, in the current language. */
export function messageOf(host: PortalHost, error: unknown): string {
  const e = error as HostError;
  return host.errorText(e?.code, e?.message ?? String(error));
}
