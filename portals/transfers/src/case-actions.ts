import { ElMessage, ElMessageBox } from 'element-plus';
import type { ApprovalCase } from './api';
import { codeOf, messageOf, useTransfers } from './context';
import { useTransfersI18n } from './i18n';

export type CaseAction = 'approve' | 'return' | 'withdraw' | 'cancel';

/**
 * Approve, return (reason required), withdraw and cancel (reason required) with the case's
 * version. On WORKFLOW_CONFLICT (someone acted first, or the case moved) the screen reloads;
 * any other refusal shows the gateway's message. Resolves true when the action went through.
 */
export function useCaseActions(reload: () => Promise<void>) {
  const { api, host } = useTransfers();
  const { t } = useTransfersI18n();

  async function ask(action: CaseAction): Promise<string | null | false> {
    try {
      if (action === 'approve') {
        const { value } = await ElMessageBox.prompt(t('transfers.inbox.approveComment'), t('transfers.inbox.approve'), {
          inputType: 'textarea', confirmButtonText: t('transfers.inbox.approve'), cancelButtonText: t('transfers.common.cancel'),
          customClass: 'transfers-approve-box',
        });
        return value?.trim() || null;
      }
      if (action === 'withdraw') {
        await ElMessageBox.confirm(t('transfers.detail.withdrawConfirm'), t('transfers.detail.withdraw'), {
          type: 'warning', confirmButtonText: t('transfers.detail.withdraw'), cancelButtonText: t('transfers.common.cancel'),
        });
        return null;
      }
      const { value } = await ElMessageBox.prompt(
        t(action === 'return' ? 'transfers.inbox.returnPrompt' : 'transfers.detail.cancelPrompt'),
        t(action === 'return' ? 'transfers.inbox.return' : 'transfers.detail.cancel'),
        { inputType: 'textarea', inputPattern: /\S/, inputErrorMessage: t('transfers.inbox.reasonRequired'), cancelButtonText: t('transfers.common.cancel'), customClass: 'transfers-reason-box' },
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
        ElMessage.warning(`${messageOf(host, error)}（${t('transfers.common.conflict')}）`);
        await reload();
      } else {
        ElMessage.error(messageOf(host, error));
      }
      return false;
    }
    const done = { approve: 'transfers.inbox.approved', return: 'transfers.inbox.returned', withdraw: 'transfers.detail.withdrawn', cancel: 'transfers.detail.cancelled' }[action];
    ElMessage.success(t(done));
    await reload();
    return true;
  }

  return { run };
}
