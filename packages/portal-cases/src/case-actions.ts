export type CaseAction = 'approve' | 'return' | 'withdraw' | 'cancel';

/** What the actions need from the remote: its texts, its API and the shell's Element Plus. */
export interface CaseActionDeps {
  /** The remote's i18n namespace: keys `<ns>.inbox.*`, `<ns>.detail.*` and `<ns>.common.*`. */
  ns: string;
  t: (key: string) => string;
  act: (action: CaseAction, id: string, version: number, text?: string) => Promise<unknown>;
  messageOf: (error: unknown) => string;
  codeOf: (error: unknown) => string | undefined;
  /** ElMessage and ElMessageBox (the shell's copy; this package does not import Element Plus). */
  message: { warning(text: string): unknown; error(text: string): unknown; success(text: string): unknown };
  prompt: (message: string, title: string, options: Record<string, unknown>) => Promise<{ value: string }>;
  confirm: (message: string, title: string, options: Record<string, unknown>) => Promise<unknown>;
}

/**
 * Approve, return (reason required), withdraw and cancel (reason required) with the case's
 * version. On WORKFLOW_CONFLICT (someone acted first, or the case moved) the screen reloads;
 * any other refusal shows the gateway's message. `run` resolves true when the action went through.
 */
export function caseActions(d: CaseActionDeps, reload: () => Promise<void>) {
  const k = (key: string): string => d.t(`${d.ns}.${key}`);

  async function ask(action: CaseAction): Promise<string | null | false> {
    try {
      if (action === 'approve') {
        const { value } = await d.prompt(k('inbox.approveComment'), k('inbox.approve'), {
          inputType: 'textarea', confirmButtonText: k('inbox.approve'), cancelButtonText: k('common.cancel'),
          customClass: `${d.ns}-approve-box`,
        });
        return value?.trim() || null;
      }
      if (action === 'withdraw') {
        await d.confirm(k('detail.withdrawConfirm'), k('detail.withdraw'), {
          type: 'warning', confirmButtonText: k('detail.withdraw'), cancelButtonText: k('common.cancel'),
        });
        return null;
      }
      const { value } = await d.prompt(
        k(action === 'return' ? 'inbox.returnPrompt' : 'detail.cancelPrompt'),
        k(action === 'return' ? 'inbox.return' : 'detail.cancel'),
        { inputType: 'textarea', inputPattern: /\S/, inputErrorMessage: k('inbox.reasonRequired'), cancelButtonText: k('common.cancel'), customClass: `${d.ns}-reason-box` },
      );
      return value.trim();
    } catch {
      return false; // dismissed
    }
  }

  async function run(action: CaseAction, c: { id: string; version: number }): Promise<boolean> {
    const text = await ask(action);
    if (text === false) return false;
    try {
      await d.act(action, c.id, c.version, text ?? undefined);
    } catch (error) {
      if (d.codeOf(error) === 'WORKFLOW_CONFLICT' || d.codeOf(error) === 'WORKFLOW_NOT_PENDING') {
        d.message.warning(`${d.messageOf(error)}（${k('common.conflict')}）`);
        await reload();
      } else {
        d.message.error(d.messageOf(error));
      }
      return false;
    }
    const done = { approve: 'inbox.approved', return: 'inbox.returned', withdraw: 'detail.withdrawn', cancel: 'detail.cancelled' }[action];
    d.message.success(k(done));
    await reload();
    return true;
  }

  return { run };
}
