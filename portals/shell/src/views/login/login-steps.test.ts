import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAppI18n } from '../../i18n';
import ChangePasswordStep from './ChangePasswordStep.vue';
import PasswordStep from './PasswordStep.vue';

// The login steps render and check their fields with plain Vue: no Element Plus is installed here.
const errorsOf = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('.el-form-item__error').map((e) => e.text());

describe('PasswordStep (no Element Plus)', () => {
  beforeEach(() => localStorage.clear());

  it('asks for both fields on submit, clears an error as the field is filled, then emits', async () => {
    const wrapper = mount(PasswordStep, { props: { busy: false }, global: { plugins: [createAppI18n()] } });
    const username = wrapper.get('input[data-test="login-username"]');
    const password = wrapper.get('input[data-test="login-password"]');
    expect(username.attributes('autocomplete')).toBe('username');
    expect(password.attributes('type')).toBe('password');

    await wrapper.get('form').trigger('submit');
    expect(errorsOf(wrapper)).toEqual(['请填写此项', '请填写此项']);
    expect(wrapper.emitted('submit')).toBeUndefined();

    await username.setValue('prov-query');
    expect(errorsOf(wrapper)).toEqual(['请填写此项']);
    await password.setValue('Demo@2026');
    await wrapper.get('form').trigger('submit');
    expect(errorsOf(wrapper)).toEqual([]);
    expect(wrapper.emitted('submit')).toEqual([['prov-query', 'Demo@2026']]);
  });

  it('checks a field when it loses focus, in the current language', async () => {
    const i18n = createAppI18n('en');
    const wrapper = mount(PasswordStep, { props: { busy: false }, global: { plugins: [i18n] } });
    await wrapper.get('input[data-test="login-username"]').trigger('blur');
    expect(errorsOf(wrapper)).toEqual(['This field is required']);
    i18n.global.locale.value = 'zh-CN';
    await wrapper.vm.$nextTick();
    expect(errorsOf(wrapper)).toEqual(['请填写此项']);
  });

  it('shows the password as text with the eye button', async () => {
    const wrapper = mount(PasswordStep, { props: { busy: false }, global: { plugins: [createAppI18n()] } });
    const password = wrapper.get('input[data-test="login-password"]');
    await password.setValue('Demo@2026');
    await wrapper.get('.login-field__reveal').trigger('click');
    expect(password.attributes('type')).toBe('text');
  });

  it('while busy the submit button is disabled', () => {
    const wrapper = mount(PasswordStep, { props: { busy: true }, global: { plugins: [createAppI18n()] } });
    const submit = wrapper.get('[data-test="login-submit"]');
    expect(submit.element.tagName).toBe('BUTTON');
    expect(submit.attributes('disabled')).toBeDefined();
  });
});

describe('ChangePasswordStep (no Element Plus)', () => {
  const mountStep = (needsCurrentPassword: boolean) =>
    mount(ChangePasswordStep, {
      props: { busy: false, needsCurrentPassword, username: 'teacher.first' },
      global: { plugins: [createAppI18n()] },
    });

  it('refuses a weak password with the shared rule’s message, and differing confirmations', async () => {
    const wrapper = mountStep(false);
    expect(wrapper.find('[data-test="current-password"]').exists()).toBe(false);
    await wrapper.get('[data-test="new-password"]').setValue('abcdefgh1');
    await wrapper.get('[data-test="new-password-confirm"]').setValue('abcdefgh2');
    await wrapper.get('form').trigger('submit');
    expect(errorsOf(wrapper)).toEqual(['密码须包含大写字母、小写字母、数字、符号中的至少三类', '两次输入的新密码不一致']);
    expect(wrapper.emitted('submit')).toBeUndefined();
  });

  it('emits the new password (and the current one when it is asked for)', async () => {
    const wrapper = mountStep(true);
    await wrapper.get('[data-test="current-password"]').setValue('Demo@2026');
    await wrapper.get('[data-test="new-password"]').setValue('Xin#Mima2027');
    await wrapper.get('[data-test="new-password-confirm"]').setValue('Xin#Mima2027');
    await wrapper.get('form').trigger('submit');
    expect(errorsOf(wrapper)).toEqual([]);
    expect(wrapper.emitted('submit')).toEqual([['Xin#Mima2027', 'Demo@2026']]);
  });

  it('a password containing the username is refused', async () => {
    const wrapper = mountStep(false);
    await wrapper.get('[data-test="new-password"]').setValue('Teacher.First#1');
    await wrapper.get('[data-test="new-password"]').trigger('blur');
    const expected = createAppI18n().global.t('login.passwordErrors.PASSWORD_CONTAINS_USERNAME');
    expect(expected).toContain('用户名');
    expect(errorsOf(wrapper)).toEqual([expected]);
  });
});
