import './styles.css';
import { abilitiesPlugin } from '@casl/vue';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { ability } from './auth/ability';
import { getToken } from './auth/token';
import { i18n, persistLocale } from './i18n';
import { createPortalHost, PORTAL_HOST_KEY } from './modules/portal-host';
import { createAppRouter } from './router';
import { preloadElementPlus, useElementPlusIn } from './ui/element-plus';

// The shell owns the one Vue app of the page; remotes render inside it and reach its
// router, pinia, i18n, Element Plus config and ability through the shared singletons.
const app = createApp(App);
app.use(createPinia());
app.use(i18n);
// Element Plus is installed into this app when the layout is first entered (ui/element-plus.ts):
// the login page renders without it. With a session (reload, deep link) the layout is next.
useElementPlusIn(app);
if (getToken()) preloadElementPlus();
app.use(abilitiesPlugin, ability, { useGlobalProperties: true });
app.use(createAppRouter());
// Remotes reach the session (GraphQL, HTTP routes) through this, not through their own copy.
app.provide(PORTAL_HOST_KEY, createPortalHost());

persistLocale(i18n.global.locale.value);
app.mount('#app');
