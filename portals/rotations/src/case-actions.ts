import { ElMessage, ElMessageBox } from 'element-plus';
import { caseActions } from '@tmis/portal-cases';
import { codeOf, messageOf, useRotations } from './context';
import { useRotationsI18n } from './i18n';

export type { CaseAction } from '@tmis/portal-cases';

/** Approve, return, withdraw and cancel a case with this module's texts (see `caseActions`). */
export function useCaseActions(reload: () => Promise<void>) {
  const { api, host } = useRotations();
  const { t } = useRotationsI18n();
  return caseActions({
    ns: 'rotations', t, act: (action, id, version, text) => api.act(action, id, version, text), messageOf: (error) => messageOf(host, error), codeOf,
    message: ElMessage, prompt: (m, title, o) => ElMessageBox.prompt(m, title, o), confirm: (m, title, o) => ElMessageBox.confirm(m, title, o),
  }, reload);
}

/**
 * Cancel a scheduled rotation before its start: a warning that asks for the reason (required),
 * then cancelRotation. A refusal shows the gateway's message; one that is no longer scheduled
 * (taken effect or cancelled meanwhile) also reloads. Resolves true when it was cancelled.
 */
export function useCancelScheduled(reload: () => Promise<void>) {
  const { api, host } = useRotations();
  const { t } = useRotationsI18n();

  async function cancelScheduled(id: string): Promise<boolean> {
    let reason: string;
    try {
      ({ value: reason } = await ElMessageBox.prompt(t('rotations.detail.cancelScheduledPrompt'), t('rotations.detail.cancelScheduled'), {
        type: 'warning', inputType: 'textarea', inputPattern: /\S/, inputErrorMessage: t('rotations.detail.cancelReasonRequired'),
        confirmButtonText: t('rotations.detail.cancelScheduled'), cancelButtonText: t('rotations.common.cancel'), customClass: 'rotations-cancel-scheduled-box',
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
    ElMessage.success(t('rotations.detail.cancelScheduledDone'));
    await reload();
    return true;
  }

  return { cancelScheduled };
}
