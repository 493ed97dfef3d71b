import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import type { PortalModule } from '../auth/types';
import { createAppI18n } from '../i18n';
import { createPortalHost } from '../modules/portal-host';
import { breadcrumbs, currentScreen, setScreenTitle } from './breadcrumbs';
import PageBreadcrumb from './PageBreadcrumb.vue';

const records: PortalModule = {
  name: 'records', title: '档案管理', titleEn: 'Records', remoteEntry: '/remotes/records/remoteEntry.js', exposedModule: './routes',
  routePath: 'records/', icon: 'Files', requiredAction: 'read', requiredSubject: 'ArchiveRecord',
};
const transfers: PortalModule = { ...records, name: 'transfers', title: '调动管理', titleEn: 'Transfers', routePath: '/transfers' };

const i18n = createAppI18n();
const zh = (key: string) => i18n.global.t(key, {}, { locale: 'zh-CN' });
const en = (key: string) => i18n.global.t(key, {}, { locale: 'en' });
const texts = (crumbs: { text: string }[]) => crumbs.map((c) => c.text);

describe('breadcrumbs', () => {
  it('home alone on the home page, not a link', () => {
    expect(breadcrumbs({ meta: { menuKey: 'home', titleKey: 'menu.home' } }, null, zh, 'zh-CN')).toEqual([{ text: '首页', to: null }]);
  });

  it('home › built-in entry, in both languages', () => {
    const route = { meta: { menuKey: 'accounts', titleKey: 'menu.accounts' } };
    expect(breadcrumbs(route, null, zh, 'zh-CN')).toEqual([{ text: '首页', to: '/' }, { text: '账号管理', to: null }]);
    expect(texts(breadcrumbs(route, null, en, 'en'))).toEqual(['Home', 'Accounts']);
  });

  it('home › module › the screen the remote named, the module linking to its mount path', () => {
    const route = { meta: { portalModule: records } };
    expect(breadcrumbs(route, { module: 'records', title: '审核队列' }, zh, 'zh-CN')).toEqual([
      { text: '首页', to: '/' },
      { text: '档案管理', to: '/records' },
      { text: '审核队列', to: null },
    ]);
    expect(texts(breadcrumbs(route, { module: 'records', title: 'Review queue' }, en, 'en'))).toEqual(['Home', 'Records', 'Review queue']);
  });

  it("ignores another remote's screen and a remote that named none", () => {
    const route = { meta: { portalModule: transfers } };
    expect(breadcrumbs(route, { module: 'records', title: '审核队列' }, zh, 'zh-CN')).toEqual([{ text: '首页', to: '/' }, { text: '调动管理', to: null }]);
    expect(texts(breadcrumbs(route, null, zh, 'zh-CN'))).toEqual(['首页', '调动管理']);
  });

  it('a path no page matches leads home', () => {
    expect(breadcrumbs({ meta: {} }, null, zh, 'zh-CN')).toEqual([{ text: '首页', to: '/' }]);
  });
});

describe('setScreenTitle (the portal host)', () => {
  beforeEach(() => setScreenTitle(currentScreen.value?.module ?? '', null));

  it('is what the host hands to remotes', () => {
    createPortalHost().setScreenTitle?.('records', '教师查询');
    expect(currentScreen.value).toEqual({ module: 'records', title: '教师查询' });
  });

  it("a remote's late unmount does not clear the next remote's title", () => {
    setScreenTitle('records', '教师查询');
    setScreenTitle('transfers', '调动记录');
    setScreenTitle('records', null);
    expect(currentScreen.value).toEqual({ module: 'transfers', title: '调动记录' });
    setScreenTitle('transfers', null);
    expect(currentScreen.value).toBeNull();
  });
});

describe('PageBreadcrumb', () => {
  let router: Router;
  const Page = defineComponent({ render: () => h('div') });

  beforeEach(async () => {
    setScreenTitle(currentScreen.value?.module ?? '', null);
    i18n.global.locale.value = 'zh-CN';
    router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: Page, meta: { menuKey: 'home', titleKey: 'menu.home' } },
        { path: '/accounts', component: Page, meta: { menuKey: 'accounts', titleKey: 'menu.accounts' } },
        { path: '/records/:subPath(.*)*', component: Page, meta: { portalModule: records } },
      ],
    });
    await router.push('/records/review');
  });

  const mountIt = (compact = false) => mount(PageBreadcrumb, { props: { compact }, global: { plugins: [i18n, router, ElementPlus] } });

  it("renders a labelled trail of real links that follows the remote's screen and the language", async () => {
    const wrapper = mountIt();
    const nav = wrapper.get('nav[data-test="breadcrumb"]');
    expect(nav.attributes('aria-label')).toBe('面包屑导航');
    expect(wrapper.findAll('[data-test="breadcrumb-item"]').map((li) => li.text())).toEqual(['首页', '档案管理']);

    setScreenTitle('records', '审核队列');
    await nextTick();
    expect(wrapper.findAll('[data-test="breadcrumb-item"]').map((li) => li.text())).toEqual(['首页', '档案管理', '审核队列']);
    expect(wrapper.findAll('a').map((a) => a.attributes('href'))).toEqual(['/', '/records']);
    expect(wrapper.get('[aria-current="page"]').text()).toBe('审核队列');

    i18n.global.locale.value = 'en';
    setScreenTitle('records', 'Review queue');
    await nextTick();
    expect(wrapper.findAll('[data-test="breadcrumb-item"]').map((li) => li.text())).toEqual(['Home', 'Records', 'Review queue']);

    await router.push('/accounts');
    await nextTick();
    expect(wrapper.findAll('[data-test="breadcrumb-item"]').map((li) => li.text())).toEqual(['Home', 'Accounts']);
  });

  it('on a phone, 首页 is an icon link that keeps its name for screen readers', async () => {
    setScreenTitle('records', '审核队列');
    const wrapper = mountIt(true);
    await nextTick();
    expect(wrapper.get('nav').classes()).toContain('page-breadcrumb--compact');
    const home = wrapper.findAll('a')[0]!;
    expect(home.text()).toBe('');
    expect(home.attributes('aria-label')).toBe('首页');
    expect(wrapper.findAll('[data-test="breadcrumb-item"]').slice(1).map((li) => li.text())).toEqual(['档案管理', '审核队列']);
  });
});
