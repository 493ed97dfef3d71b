import { abilitiesPlugin } from '@casl/vue';
import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppAbility, type AppAbility } from '../auth/ability';
import type { PortalModule } from '../auth/types';
import { createAppI18n } from '../i18n';
import { BUILTIN_ENTRIES, buildMenu, isExternalPath } from './menu';
import SideMenu from './SideMenu.vue';

const trainingModule: PortalModule = {
  name: 'tmis_training',
  title: '培训管理',
  titleEn: 'Training',
  remoteEntry: '/modules/training/remoteEntry.js',
  exposedModule: './App',
  routePath: '/training',
  icon: 'Reading',
  requiredAction: 'manage',
  requiredSubject: 'TrainingProject',
};

const keys = (ability: AppAbility, modules: PortalModule[] = []) => buildMenu(ability, modules).map((item) => item.key);

describe('buildMenu', () => {
  it('always shows Home, nothing else without rules', () => {
    expect(keys(createAppAbility())).toEqual(['home']);
  });

  it('has no teacher search of its own: the records remote’s 教师查询 is the one search', () => {
    expect(keys(createAppAbility([{ action: 'read', subject: 'Teacher' }]))).toEqual(['home']);
  });

  it('every routed built-in entry has a page (no placeholder)', async () => {
    const { BUILTIN_VIEWS } = await import('../router/builtin-views');
    const routed = BUILTIN_ENTRIES.filter((entry) => entry.key !== 'home' && !entry.external).map((entry) => entry.key);
    expect(routed.filter((key) => !BUILTIN_VIEWS[key])).toEqual([]);
    expect(routed).toEqual(['units', 'accounts', 'audit-log', 'crl']);
  });

  it.each([
    ['manage', 'Account', true],
    ['create', 'Account', true],
    ['read', 'Account', false],
  ])('Accounts with %s %s: %s', (action, subject, shown) => {
    expect(keys(createAppAbility([{ action, subject }])).includes('accounts')).toBe(shown);
  });

  it('shows Units and Audit log when read is allowed', () => {
    const ability = createAppAbility([
      { action: 'read', subject: 'Unit' },
      { action: 'read', subject: 'AuditLog' },
    ]);
    expect(keys(ability)).toEqual(['home', 'units', 'audit-log']);
  });

  it('shows 证书吊销列表 to whom may read the CRLs (the deployment root’s security admin), nobody else', () => {
    expect(keys(createAppAbility([{ action: 'read', subject: 'CertificateRevocationList' }]))).toEqual(['home', 'crl']);
    expect(keys(createAppAbility([{ action: 'read', subject: 'AuditLog' }]))).not.toContain('crl');
  });

  it('offers GraphiQL (a gateway page, opened outside the router) to those who may export teachers', () => {
    expect(keys(createAppAbility([{ action: 'read', subject: 'Teacher' }]))).not.toContain('graphiql');
    const item = buildMenu(createAppAbility([{ action: 'export', subject: 'Teacher' }])).find((entry) => entry.key === 'graphiql');
    expect(item).toMatchObject({ kind: 'builtin', path: '/graphiql/', external: true });
    expect(isExternalPath('/graphiql')).toBe(true);
    expect(isExternalPath('/graphiql/')).toBe(true);
    expect(isExternalPath('/teachers')).toBe(false);
    expect(isExternalPath('/graphiqlx')).toBe(false);
  });

  it('lists a manifest module only when its required action is allowed', () => {
    expect(keys(createAppAbility(), [trainingModule])).not.toContain('module:tmis_training');
    const allowed = createAppAbility([{ action: 'manage', subject: 'TrainingProject' }]);
    const item = buildMenu(allowed, [trainingModule]).find((entry) => entry.key === 'module:tmis_training');
    expect(item).toMatchObject({ kind: 'module', path: '/training', title: '培训管理', icon: 'Reading' });
  });
});

describe('SideMenu', () => {
  async function render(ability: AppAbility, modules: PortalModule[] = []) {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/:pathMatch(.*)*', component: { render: () => null } }],
    });
    await router.push('/');
    return mount(SideMenu, {
      props: { modules },
      global: { plugins: [createAppI18n('zh-CN'), ElementPlus, router, [abilitiesPlugin, ability]] },
    });
  }

  it('shows 账号管理 and 审计日志 to whom the rules give them', async () => {
    const wrapper = await render(createAppAbility([{ action: 'manage', subject: 'Account' }, { action: 'read', subject: 'AuditLog' }]));
    expect(wrapper.text()).toContain('首页');
    expect(wrapper.find('[data-test="menu-accounts"]').text()).toContain('账号管理');
    expect(wrapper.find('[data-test="menu-audit-log"]').text()).toContain('审计日志');
    expect(wrapper.find('[data-test="menu-teachers"]').exists()).toBe(false);
  });

  it('renders GraphiQL as a link to a new tab, not a routed item', async () => {
    const wrapper = await render(createAppAbility([{ action: 'export', subject: 'Teacher' }]));
    const link = wrapper.get('[data-test="menu-graphiql"]');
    expect(link.element.tagName).toBe('A');
    expect(link.attributes()).toMatchObject({ href: '/graphiql/', target: '_blank', rel: 'noopener' });
    expect(link.text()).toContain('GraphiQL 数据查询');
  });

  it('follows ability.update() after sign-in', async () => {
    const ability = createAppAbility();
    const wrapper = await render(ability, [trainingModule]);
    expect(wrapper.text()).not.toContain('审计日志');
    ability.update([
      { action: 'read', subject: 'AuditLog' },
      { action: 'manage', subject: 'TrainingProject' },
    ]);
    await wrapper.vm.$nextTick();
    expect(wrapper.text()).toContain('审计日志');
    expect(wrapper.text()).toContain('培训管理');
  });
});
