import { ElMessage, ElMessageBox } from 'element-plus';
import type { ApprovalCase } from './api';
import { codeOf, messageOf, useRotations } from './context';
import { useRotationsI18n } from './i18n';

export type CaseAction = 'approve' | 'return' | 'withdraw' | 'cancel';

/**
 * Approve, return (reason required), withdraw and cancel (reason required) with the case's
 * version. On WORKFLOW_CONFLICT (someone acted first, or the case moved) the screen reloads;
 * any other refusal shows the gateway's message. Resolves true when the action went through.
 */
export function useCaseActions(reload: () => Promise<void>) {
  const { api, host } = useRotations();
  const { t } = useRotationsI18n();

  async function ask(action: CaseAction): Promise<string | null | false> {
    try {
      if (action === 'approve') {
        const { value } = await ElMessageBox.prompt(t('rotations.inbox.approveComment'), t('rotations.inbox.approve'), {
          inputType: 'textarea', confirmButtonText: t('rotations.inbox.approve'), cancelButtonText: t('rotations.common.cancel'),
          customClass: 'rotations-approve-box',
        });
        return value?.trim() || null;
      }
      if (action === 'withdraw') {
        await ElMessageBox.confirm(t('rotations.detail.withdrawConfirm'), t('rotations.detail.withdraw'), {
          type: 'warning', confirmButtonText: t('rotations.detail.withdraw'), cancelButtonText: t('rotations.common.cancel'),
        });
        return null;
      }
      const { value } = await ElMessageBox.prompt(
        t(action === 'return' ? 'rotations.inbox.returnPrompt' : 'rotations.detail.cancelPrompt'),
        t(action === 'return' ? 'rotations.inbox.return' : 'rotations.detail.cancel'),
        { inputType: 'textarea', inputPattern: /\S/, inputErrorMessage: t('rotations.inbox.reasonRequired'), cancelButtonText: t('rotations.common.cancel'), customClass: 'rotations-reason-box' },
      );
      return value.trim();
    } catch {
      return false; // dismissed
    }
  }

  async function run(action: CaseAction, c: Pick<ApprovalCase, 'id' | 'version'>): Promise<boolean> {
    const text = await ask(action);
    if (text === false) return false;
    try {
      await api.act(action, c.id, c.version, text ?? undefined);
    } catch (error) {
      if (codeOf(error) === 'WORKFLOW_CONFLICT' || codeOf(error) === 'WORKFLOW_NOT_PENDING') {
        ElMessage.warning(`${messageOf(host, error)}（${t('rotations.common.conflict')}）`);
        await reload();
      } else {
        ElMessage.error(messageOf(host, error));
      }
      return false;
    }
    const done = { approve: 'rotations.inbox.approved', return: 'rotations.inbox.returned', withdraw: 'rotations.detail.withdrawn', cancel: 'rotations.detail.cancelled' }[action];
    ElMessage.success(t(done));
    await reload();
    return true;
  }

  return { run };
}
