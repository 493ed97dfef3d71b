import { abilitiesPlugin } from '@casl/vue';
import { defineRulesFor, errorMessage, isErrorCode, packAbilityRules } from '@tmis/shared';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { describe, expect, it } from 'vitest';
import { applyPackedRules, createAppAbility } from '../../auth/ability';
import { createAppI18n } from '../../i18n';
import { buildMenu } from '../../layout/menu';
import type { PortalHost } from '../../modules/portal-host';
import { asPem, CRL_ERROR_CODES, crlUpload, subjectText, type CrlRow } from './crl-api';
import CrlView from './CrlView.vue';
import { CRL_MESSAGES } from './messages';

const keysOf = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();

// The gateway's own rules: only the deployment root's security administrator has the CRLs.
const PROVINCE = { id: 'u-prov', path: '/1/' };
const COUNTY = { id: 'u-county', path: '/1/2/3/' };
function abilityOf(role: 'security_admin' | 'system_admin' | 'audit_admin', unit = PROVINCE, unitLevel: 'province' | 'county' = 'province') {
  const ability = createAppAbility();
  applyPackedRules(ability, packAbilityRules(defineRulesFor({ accountId: 'me', role, unitId: unit.id, unitPath: unit.path, unitLevel })));
  return ability;
}

const row = (extra: Partial<CrlRow> = {}): CrlRow => ({
  issuerFingerprint: 'AB:CD:EF', issuerSubject: 'CN=TMIS Demo Education CA\nO=TMIS Demo\nC=CN', crlNumber: '7',
  thisUpdate: '2026-12-01T00:00:00Z', nextUpdate: '2099-01-01T00:00:00Z', entries: 1234, signatureAlgorithm: 'SM2-with-SM3',
  loadedBy: 'prov-sec', loadedAt: '2026-12-01T01:00:00Z', ...extra,
});

describe('the CRL page rules', () => {
  it('English mirrors every Chinese key', () => {
    expect(keysOf(CRL_MESSAGES.en!)).toEqual(keysOf(CRL_MESSAGES['zh-CN']!));
  });

  it.each([
    ['the province security admin (prov-sec)', abilityOf('security_admin'), true],
    ['a county security admin (dhq-sec)', abilityOf('security_admin', COUNTY, 'county'), false],
    ['the province system admin', abilityOf('system_admin'), false],
    ['the province audit admin', abilityOf('audit_admin'), false],
  ])('menu entry for %s: %s', (_name, ability, shown) => {
    expect(buildMenu(ability).some((item) => item.key === 'crl')).toBe(shown);
  });

  it('wraps a DER file as PEM and keeps a PEM file as it is', () => {
    const der = new Uint8Array([0x30, 0x82, 0x01, 0x00, 0xff]);
    expect(asPem(der, 'X509 CRL')).toBe('-----BEGIN X509 CRL-----\nMIIBAP8=\n-----END X509 CRL-----\n');
    const pem = '-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----';
    expect(asPem(new TextEncoder().encode(`\r\n${pem}\r\n`), 'X509 CRL')).toBe(`${pem}\n`);
  });

  it('sends an intermediate CA’s certificate after its CRL', () => {
    const crl = new TextEncoder().encode('-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n');
    expect(crlUpload(crl, null)).toBe('-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n');
    expect(crlUpload(crl, new Uint8Array([0x30, 0x00]))).toBe(
      '-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n');
  });

  it('prints a subject on one line', () => {
    expect(subjectText('CN=TMIS Demo Education CA\nO=TMIS Demo\nC=CN')).toBe('CN=TMIS Demo Education CA, O=TMIS Demo, C=CN');
  });
});

function setFile(wrapper: VueWrapper, testId: string, file: File): Promise<void> {
  const input = wrapper.get(`input[data-test="${testId}"]`);
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
  return input.trigger('change');
}

function mountView(loadAnswer: (pem: string) => CrlRow) {
  const calls: { query: string; variables: Record<string, unknown> }[] = [];
  let stored: CrlRow[] = [row({ issuerFingerprint: 'OLD', issuerSubject: 'CN=Old CA', nextUpdate: '2020-01-01T00:00:00Z', crlNumber: null })];
  const host: PortalHost = {
    version: 1,
    async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      calls.push({ query, variables });
      if (query.includes('loadCertificateRevocationList')) {
        const loaded = loadAnswer(variables.pem as string);
        stored = [...stored, loaded];
        return { loadCertificateRevocationList: loaded } as T;
      }
      return { certificateRevocationLists: stored } as T;
    },
    fetch: async () => new Response(null, { status: 404 }),
    user: () => null,
    // As the shell's host: the shared catalogue's text for a known code.
    errorText: (code, fallback = '') => (code && isErrorCode(code) ? errorMessage(code, 'zh-CN') : fallback),
  };
  const wrapper = mount(CrlView, { attachTo: document.body, global: { plugins: [createAppI18n('zh-CN'), ElementPlus, [abilitiesPlugin, abilityOf('security_admin')]], provide: { 'tmis:portal-host': host } } });
  return { wrapper, calls };
}

describe('CrlView', () => {
  it('lists the loaded CRLs with issuer, dates and revoked count, and marks an out-of-date one', async () => {
    const { wrapper } = mountView(() => row());
    await flushPromises();
    const table = wrapper.get('[data-test="crl-table"]').text();
    expect(table).toContain('CN=Old CA');
    expect(table).toContain('1,234');
    expect(table).toContain('SM2-with-SM3');
    expect(wrapper.findAll('[data-test="crl-stale"]').map((tag) => tag.text())).toEqual(['已过期，请加载新的列表']);
    wrapper.unmount();
  });

  it('loads a DER CRL with the intermediate CA’s certificate and lists it', async () => {
    const sent: string[] = [];
    const { wrapper } = mountView((pem) => {
      sent.push(pem);
      return row({ issuerFingerprint: 'NEW', issuerSubject: 'CN=TMIS Demo Education SM2 Issuing CA\nO=TMIS Demo', entries: 2 });
    });
    await flushPromises();
    await wrapper.get('[data-test="crl-load"]').trigger('submit');
    await flushPromises();
    expect(sent).toEqual([]); // no file chosen: nothing sent

    await setFile(wrapper, 'crl-file', new File([new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])], 'issuing.crl'));
    await setFile(wrapper, 'crl-ca-file', new File(['-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n'], 'issuing.crt.pem'));
    await wrapper.get('[data-test="crl-load-form"]').trigger('submit');
    await flushPromises();
    expect(sent).toEqual(['-----BEGIN X509 CRL-----\nMAMCAQE=\n-----END X509 CRL-----\n-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n']);
    expect(wrapper.get('[data-test="crl-done"]').text()).toContain('已加载 CN=TMIS Demo Education SM2 Issuing CA, O=TMIS Demo 的吊销列表：2 个吊销证书。');
    expect(wrapper.get('[data-test="crl-table"]').text()).toContain('CN=TMIS Demo Education SM2 Issuing CA, O=TMIS Demo');
    wrapper.unmount();
  });

  it('knows every refusal of the gateway', () => {
    expect(CRL_ERROR_CODES.filter((code) => !isErrorCode(code))).toEqual([]);
  });

  it.each([
    ['CRL_INVALID', '证书吊销列表（CRL）格式无效'],
    ['CRL_UNTRUSTED', '证书吊销列表不是由受信任的CA签发'],
    ['CRL_NOT_YET_VALID', '证书吊销列表的生效时间晚于当前时间'],
    ['CRL_OUTDATED', '该CA已加载更新的证书吊销列表'],
  ])('shows the gateway’s %s in Chinese', async (code, text) => {
    const { wrapper } = mountView(() => {
      throw Object.assign(new Error(text), { code });
    });
    await flushPromises();
    await setFile(wrapper, 'crl-file', new File(['-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n'], 'ca.crl.pem'));
    await wrapper.get('[data-test="crl-load-form"]').trigger('submit');
    await flushPromises();
    const alert = wrapper.get('[data-test="crl-error"]');
    expect(alert.attributes('data-code')).toBe(code);
    expect(alert.text()).toContain(`未能加载：${text}`);
    expect(alert.text()).toContain(`错误代码：${code}`);
    expect(wrapper.find('[data-test="crl-done"]').exists()).toBe(false);
    wrapper.unmount();
  });
});
