import type { AnyAbility } from '@casl/ability';
import { inject, type InjectionKey } from 'vue';
import type { TitleApi } from './api';
import type { PortalHost } from '@tmis/portal-sdk';

/** What the module's root hands to its screens. */
export interface TitleContext {
  host: PortalHost;
  api: TitleApi;
  ability: AnyAbility;
}

export const TITLE_CONTEXT: InjectionKey<TitleContext> = Symbol('title-evaluation');

export function useTitle(): TitleContext {
  const ctx = inject(TITLE_CONTEXT);
  if (!ctx) throw new Error('title-evaluation: screen outside TitleEvaluationApp');
  return ctx;
}
