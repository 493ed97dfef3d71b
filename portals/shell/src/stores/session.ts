import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { ability, applyPackedRules } from '../auth/ability';
import * as authApi from '../auth/auth-api';
import { clearToken, getToken, setToken } from '../auth/token';
import type { Me, PortalModule } from '../auth/types';
import { allowedModules } from '../layout/menu';

export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null);
  const modules = shallowRef<PortalModule[]>([]);
  /** Bumped on every load, so the router knows when to rebuild module routes. */
  const generation = ref(0);

  const loaded = computed(() => me.value !== null);
  const hasToken = () => getToken() !== null;
  const visibleModules = computed(() => (loaded.value ? allowedModules(ability, modules.value) : []));

  /** Reads the user, their rules and the module manifest; the manifest is optional. */
  async function load(options: { quiet?: boolean } = {}): Promise<void> {
    const [session, manifest] = await Promise.all([
      authApi.fetchSession({ silent: options.quiet, redirectOnUnauthenticated: false }),
      authApi.fetchPortalModules().catch(() => [] as PortalModule[]),
    ]);
    applyPackedRules(ability, session.myAbilities);
    modules.value = manifest;
    me.value = session.me;
    generation.value++;
  }

  async function start(token: string): Promise<void> {
    setToken(token);
    await load();
  }

  function reset(): void {
    clearToken();
    me.value = null;
    modules.value = [];
    ability.update([]);
  }

  async function signOut(): Promise<void> {
    if (hasToken()) await authApi.logout().catch(() => undefined);
    reset();
  }

  return { me, modules, generation, loaded, visibleModules, hasToken, load, start, reset, signOut };
});
