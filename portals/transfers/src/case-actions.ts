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

/**
 * Cancel a scheduled transfer before its date: a warning that asks for the reason (required),
 * then cancelTransfer. A refusal shows the gateway's message; one that is no longer scheduled
 * (moved or cancelled meanwhile) also reloads. Resolves true when the transfer was cancelled.
 */
export function useCancelScheduled(reload: () => Promise<void>) {
  const { api, host } = useTransfers();
  const { t } = useTransfersI18n();

  async function cancelScheduled(id: string): Promise<boolean> {
    let reason: string;
    try {
      ({ value: reason } = await ElMessageBox.prompt(t('transfers.detail.cancelScheduledPrompt'), t('transfers.detail.cancelScheduled'), {
        type: 'warning', inputType: 'textarea', inputPattern: /\S/, inputErrorMessage: t('transfers.detail.cancelReasonRequired'),
        confirmButtonText: t('transfers.detail.cancelScheduled'), cancelButtonText: t('transfers.common.cancel'), customClass: 'transfers-cancel-scheduled-box',
      }));
    } catch {
      return false; // dismissed
    }
    try {
      await api.cancelScheduled(id, reason.trim());
    } catch (error) {
      ElMessage.error(messageOf(host, error));
      if (codeOf(error) === 'TRANSFER_NOT_SCHEDULED') await reload();
      return false;
    }
    ElMessage.success(t('transfers.detail.cancelScheduledDone'));
    await reload();
    return true;
  }

  return { cancelScheduled };
}
