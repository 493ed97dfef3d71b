import './notify.css';

export type NoticeType = 'success' | 'warning' | 'info' | 'error';
/** The slice of Element Plus' ElMessage used here. */
export type MessageApi = Record<NoticeType, (message: string) => unknown>;

const DURATION_MS = 3000;
let container: HTMLElement | null = null;
let elementMessage: MessageApi | null = null;

/** Called once Element Plus is installed (ui/element-plus.ts): from then on, notices are ElMessage. */
export function useElementMessage(api: MessageApi | null): void {
  elementMessage = api;
}

/**
 * A short message at the top of the page: Element Plus' ElMessage once the layout has loaded it,
 * else (the login page) a light notice with the same look and the same class names
 * (`el-message el-message--<type>`), so both are found and styled alike.
 */
export function notify(type: NoticeType, message: string): void {
  if (elementMessage) {
    elementMessage[type](message);
    return;
  }
  if (typeof document === 'undefined') return;
  showLightNotice(type, message);
}

function showLightNotice(type: NoticeType, message: string): void {
  if (!container || !container.isConnected) {
    container = document.createElement('div');
    container.className = 'tmis-notices';
    document.body.appendChild(container);
  }
  const notice = document.createElement('div');
  notice.className = `tmis-notice tmis-notice--${type} el-message el-message--${type}`;
  notice.setAttribute('role', type === 'error' || type === 'warning' ? 'alert' : 'status');
  const text = document.createElement('p');
  text.className = 'tmis-notice__content el-message__content';
  text.textContent = message;
  notice.appendChild(text);
  container.appendChild(notice);
  window.setTimeout(() => {
    notice.classList.add('tmis-notice--leaving');
    window.setTimeout(() => notice.remove(), 300);
  }, DURATION_MS);
}
