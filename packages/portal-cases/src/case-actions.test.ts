import { describe, expect, it, vi } from 'vitest';
import { caseActions, type CaseAction, type CaseActionDeps } from './case-actions';

class GatewayError extends Error {
  constructor(public code: string) { super(`refused: ${code}`); }
}

/** Deps whose dialogs answer `answer` (a text, or 'dismiss') and whose API fails with `failWith`. */
function deps(answer: string | 'dismiss', failWith?: string) {
  const calls: { action: CaseAction; id: string; version: number; text?: string }[] = [];
  const said: { level: string; text: string }[] = [];
  const dialog = vi.fn(async () => {
    if (answer === 'dismiss') throw new Error('cancel');
    return { value: answer };
  });
  const d: CaseActionDeps = {
    ns: 'transfers',
    t: (key) => `[${key}]`,
    act: async (action, id, version, text) => {
      calls.push({ action, id, version, text });
      if (failWith) throw new GatewayError(failWith);
    },
    messageOf: (e) => (e as Error).message,
    codeOf: (e) => (e as GatewayError).code,
    message: {
      warning: (text) => said.push({ level: 'warning', text }),
      error: (text) => said.push({ level: 'error', text }),
      success: (text) => said.push({ level: 'success', text }),
    },
    prompt: dialog,
    confirm: dialog,
  };
  return { d, calls, said, dialog };
}

const CASE = { id: 'case-1', version: 7 };

describe('case actions', () => {
  it.each([
    ['approve', ' 同意 ', '同意', '[transfers.inbox.approved]'],
    ['approve', '   ', undefined, '[transfers.inbox.approved]'], // an empty comment is no comment
    ['return', '材料不全', '材料不全', '[transfers.inbox.returned]'],
    ['withdraw', 'ignored', undefined, '[transfers.detail.withdrawn]'],
    ['cancel', '教师不再调动', '教师不再调动', '[transfers.detail.cancelled]'],
  ] as const)('%s with the answer %j sends %j with the case version and reloads', async (action, answer, text, success) => {
    const { d, calls, said } = deps(answer);
    const reload = vi.fn(async () => undefined);
    expect(await caseActions(d, reload).run(action, CASE)).toBe(true);
    expect(calls).toEqual([{ action, id: 'case-1', version: 7, text }]);
    expect(said).toEqual([{ level: 'success', text: success }]);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it.each(['approve', 'return', 'withdraw', 'cancel'] as const)('%s dismissed: nothing is sent', async (action) => {
    const { d, calls, said } = deps('dismiss');
    const reload = vi.fn(async () => undefined);
    expect(await caseActions(d, reload).run(action, CASE)).toBe(false);
    expect(calls).toEqual([]);
    expect(said).toEqual([]);
    expect(reload).not.toHaveBeenCalled();
  });

  it.each([
    ['WORKFLOW_CONFLICT', 'warning', 1],
    ['WORKFLOW_NOT_PENDING', 'warning', 1],
    ['FORBIDDEN', 'error', 0],
  ] as const)('a refusal %s shows a %s and reloads %i time(s)', async (code, level, reloads) => {
    const { d, said } = deps('同意', code);
    const reload = vi.fn(async () => undefined);
    expect(await caseActions(d, reload).run('approve', CASE)).toBe(false);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ level });
    expect(said[0]!.text).toContain(`refused: ${code}`);
    expect(reload).toHaveBeenCalledTimes(reloads);
  });

  it('return and cancel insist on a reason (the dialog validates non-blank input)', async () => {
    const { d, dialog } = deps('x');
    await caseActions(d, async () => undefined).run('return', CASE);
    const opts = dialog.mock.calls[0]![2] as { inputPattern: RegExp };
    expect(opts.inputPattern.test('   ')).toBe(false);
    expect(opts.inputPattern.test(' 理由 ')).toBe(true);
  });
});
