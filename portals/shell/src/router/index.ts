import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type Router,
  type RouteRecordRaw,
} from 'vue-router';
import { setUnauthenticatedHandler, GraphQLRequestError } from '../api/graphql';
import { ability } from '../auth/ability';
import type { PortalModule } from '../auth/types';
import { i18n } from '../i18n';
import { BUILTIN_ENTRIES, builtinEntry, isExternalPath, modulePath } from '../layout/menu';
import { useSessionStore } from '../stores/session';
import { BUILTIN_VIEWS } from './builtin-views';
import { installElementPlus } from '../ui/element-plus';
import { notify } from '../ui/notify';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean;
    /** Key of the built-in menu entry whose `allowed` check guards this route. */
    menuKey?: string;
    titleKey?: string;
    portalModule?: PortalModule;
  }
}

const LAYOUT = 'layout';

function builtinRoutes(): RouteRecordRaw[] {
  return BUILTIN_ENTRIES.filter((entry) => entry.key !== 'home' && !entry.external).map((entry) => {
    const component = BUILTIN_VIEWS[entry.key];
    // An entry without a page is a start-up error, never a placeholder.
    if (!component) throw new Error(`menu entry ${entry.key} has no page`);
    return { path: entry.path.slice(1), name: entry.key, component, meta: { menuKey: entry.key, titleKey: entry.titleKey } };
  });
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../views/login/LoginView.vue'),
    meta: { public: true },
  },
  {
    path: '/',
    name: LAYOUT,
    // Element Plus comes with the layout, never with the login page: installed before the
    // layout (or any page or remote below it) first renders.
    component: async () => {
      const elementPlus = installElementPlus(); // first: its stylesheet precedes the layout's
      const [layout] = await Promise.all([import('../layout/AppLayout.vue'), elementPlus]);
      return layout;
    },
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('../views/HomeView.vue'),
        meta: { menuKey: 'home', titleKey: 'menu.home' },
      },
      ...builtinRoutes(),
      // The shell's own 教师查询 is gone: the records remote's search is the one teacher search.
      { path: 'teachers', redirect: '/records' },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue') },
    ],
  },
];

function loginLocation(to: RouteLocationNormalized) {
  return to.fullPath === '/' ? { name: 'login' } : { name: 'login', query: { redirect: to.fullPath } };
}

function changePasswordLocation(to: RouteLocationNormalized) {
  return { name: 'login', query: { step: 'change-password', redirect: to.fullPath } };
}

function allowed(to: RouteLocationNormalized): boolean {
  return to.matched.every(({ meta }) => {
    if (meta.portalModule) return ability.can(meta.portalModule.requiredAction, meta.portalModule.requiredSubject);
    if (meta.menuKey) return builtinEntry(meta.menuKey)?.allowed(ability) ?? false;
    return true;
  });
}

let removeModuleRoutes: Array<() => void> = [];
let syncedGeneration = -1;

/** Mounts each permitted manifest entry at its routePath (and every path below it). */
function syncModuleRoutes(router: Router, modules: readonly PortalModule[], generation: number): void {
  for (const remove of removeModuleRoutes) remove();
  removeModuleRoutes = modules.map((module) =>
    router.addRoute(LAYOUT, {
      path: `${modulePath(module)}/:subPath(.*)*`,
      name: `module:${module.name}`,
      component: () => import('../modules/RemoteModuleView.vue'),
      props: { module },
      meta: { portalModule: module },
    }),
  );
  syncedGeneration = generation;
}

export function createAppRouter(): Router {
  const router = createRouter({ history: createWebHistory('/'), routes });

  router.beforeEach(async (to) => {
    // Pages the gateway serves (GraphiQL), e.g. as the redirect after sign-in: a real page load.
    if (isExternalPath(to.path)) {
      window.location.assign(to.fullPath);
      return false;
    }
    if (to.meta.public) return true;
    const session = useSessionStore();
    if (!session.hasToken()) {
      session.reset();
      return loginLocation(to);
    }
    if (!session.loaded) {
      try {
        await session.load({ quiet: true });
      } catch (error) {
        const code = error instanceof GraphQLRequestError ? error.code : null;
        // A change-password-only token may be refused everywhere but changePassword.
        if (code === 'PASSWORD_CHANGE_REQUIRED') return changePasswordLocation(to);
        const expired = code === 'UNAUTHENTICATED';
        notify('error', expired ? i18n.global.t('errors.sessionExpired') : (error as Error).message);
        if (expired) session.reset();
        return loginLocation(to);
      }
    }
    if (session.me?.mustChangePassword) return changePasswordLocation(to);
    if (syncedGeneration !== session.generation) {
      syncModuleRoutes(router, session.visibleModules, session.generation);
      // Resolve again: the path may belong to a module route that did not exist a moment ago.
      return to.fullPath;
    }
    if (!allowed(to)) {
      notify('warning', i18n.global.t('errors.noAccess'));
      return { name: 'home' };
    }
    return true;
  });

  setUnauthenticatedHandler(() => {
    const current = router.currentRoute.value;
    useSessionStore().reset();
    if (!current.meta.public) void router.replace(loginLocation(current));
  });

  return router;
}
