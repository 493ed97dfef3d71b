import { mount } from '@vue/test-utils';
import { defineComponent, h, nextTick, ref } from 'vue';
import { describe, expect, it } from 'vitest';
import { fieldErrorsOf, PORTAL_HOST_KEY, useHost, useScreenTitle, type PortalHost } from './host';

function fakeShell() {
  const titles: [string, string | null][] = [];
  const host: PortalHost = {
    version: 1,
    graphql: async () => ({}) as never,
    fetch: async () => new Response(''),
    user: () => null,
    errorText: (code, fallback = '') => code ?? fallback,
    setScreenTitle: (module, title) => titles.push([module, title]),
  };
  return { host, titles };
}

describe('useHost', () => {
  it('gives the host the shell provides', () => {
    const { host } = fakeShell();
    let got: PortalHost | undefined;
    mount(defineComponent({ setup: () => { got = useHost('transfers'); return () => h('i'); } }), { global: { provide: { [PORTAL_HOST_KEY]: host } } });
    expect(got).toBe(host);
  });

  it('outside the shell says which remote and why', () => {
    expect(() => mount(defineComponent({ setup: () => { useHost('rotations'); return () => h('i'); } }))).toThrow('rotations: no portal host');
  });
});

describe('useScreenTitle', () => {
  it('reports the screen title as it changes and takes it back on unmount', async () => {
    const { host, titles } = fakeShell();
    const tab = ref('调动申请');
    const w = mount(defineComponent({ setup: () => { useScreenTitle(host, 'transfers', () => tab.value); return () => h('i'); } }));
    tab.value = '待我审批';
    await nextTick();
    w.unmount();
    expect(titles).toEqual([['transfers', '调动申请'], ['transfers', '待我审批'], ['transfers', null]]);
  });

  it('runs in an older shell without setScreenTitle', () => {
    const { host } = fakeShell();
    delete host.setScreenTitle;
    expect(() => mount(defineComponent({ setup: () => { useScreenTitle(host, 'x', () => 'y'); return () => h('i'); } })).unmount()).not.toThrow();
  });
});

describe('fieldErrorsOf', () => {
  it('reads the field errors of RECORD_INVALID and nothing from other errors', () => {
    const errors = [{ field: 'startDate', code: 'DATE_INVALID' }];
    expect(fieldErrorsOf({ code: 'RECORD_INVALID', message: 'x', errors: [{ extensions: { code: 'RECORD_INVALID', details: { errors } } }] })).toEqual(errors);
    expect(fieldErrorsOf({ code: 'FORBIDDEN', message: 'x' })).toEqual([]);
    expect(fieldErrorsOf(undefined)).toEqual([]);
  });
});
