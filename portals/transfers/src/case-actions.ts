import { ElMessage, ElMessageBox } from 'element-plus';
import { caseActions } from '@tmis/portal-cases';
import { codeOf, messageOf, useTransfers } from './context';
import { useTransfersI18n } from './i18n';

export type { CaseAction } from '@tmis/portal-cases';

/** Approve, return, withdraw and cancel a case with this module's texts (see `caseActions`). */
export function useCaseActions(reload: () => Promise<void>) {
  const { api, host } = useTransfers();
  const { t } = useTransfersI18n();
  return caseActions({
    ns: 'transfers', t, act: (action, id, version, text) => api.act(action, id, version, text), messageOf: (error) => messageOf(host, error), codeOf,
    message: ElMessage, prompt: (m, title, o) => ElMessageBox.prompt(m, title, o), confirm: (m, title, o) => ElMessageBox.confirm(m, title, o),
  }, reload);
}
