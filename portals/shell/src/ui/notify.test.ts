import { afterEach, describe, expect, it, vi } from 'vitest';
import { notify, useElementMessage, type MessageApi } from './notify';

describe('notify', () => {
  afterEach(() => {
    useElementMessage(null);
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('without Element Plus (login page) shows a light notice with Element Plus’ class names, then removes it', () => {
    vi.useFakeTimers();
    notify('error', '用户名或密码错误');
    notify('warning', '请选择证书文件和私钥文件。');

    const notices = [...document.querySelectorAll('.el-message')];
    expect(notices.map((n) => n.textContent)).toEqual(['用户名或密码错误', '请选择证书文件和私钥文件。']);
    expect(notices[0]!.classList.contains('el-message--error')).toBe(true);
    expect(notices[0]!.getAttribute('role')).toBe('alert');
    expect(notices[1]!.classList.contains('el-message--warning')).toBe(true);

    vi.advanceTimersByTime(3300);
    expect(document.querySelectorAll('.el-message')).toHaveLength(0);
  });

  it('once Element Plus is installed, uses its ElMessage', () => {
    const api: MessageApi = { success: vi.fn(), warning: vi.fn(), info: vi.fn(), error: vi.fn() };
    useElementMessage(api);
    notify('warning', '页面不存在或无权访问');
    expect(api.warning).toHaveBeenCalledWith('页面不存在或无权访问');
    expect(document.querySelectorAll('.el-message')).toHaveLength(0);
  });
});
