import { describe, expect, it } from 'vitest';
import { canCancelScheduled, isMyStep, stepName, timelineOf, type CaseFacts } from './workflow';

const parties = { sendingSchool: 's1', sendingAuthority: 'c1', receivingSchool: 's2', receivingAuthority: 'c2' };
const kase = (type: string, currentStep: number, over: Partial<CaseFacts> = {}): CaseFacts =>
  ({ type, status: 'in_progress', currentStep, parties, initiatedBy: 'acc-s1', initiatingUnitId: 's1', ...over });
const info = (unit: string) => ({ id: `acc-${unit}`, role: 'info_admin', unit: { id: unit } });

describe('rotation steps', () => {
  it.each([
    ['rotation', 0, 'c1', true],
    ['rotation', 0, 's2', false],
    ['rotation_transfer', 1, 's2', true],
    ['rotation_transfer', 2, 'c2', true],
    ['rotation_transfer', 2, 'c1', false],
  ])('%s step %i, information admin of %s → %s', (type, step, unit, expected) => {
    expect(isMyStep(kase(type, step), info(unit))).toBe(expected);
  });

  it('without a personnel change there is one step; with it, three', () => {
    expect(timelineOf({ ...kase('rotation', 0), steps: [] }, { at: '2026-11-01T00:00:00Z', unitName: null }).map((e) => e.kind)).toEqual(['apply', 'waiting']);
    expect(timelineOf({ ...kase('rotation_transfer', 0), steps: [] }, { at: '2026-11-01T00:00:00Z', unitName: null }).map((e) => e.kind)).toEqual(['apply', 'waiting', 'later', 'later']);
    expect(stepName('rotation_transfer', 'receivingSchool', 'zh-CN')).toBe('接收学校审批');
  });
});

describe('cancelling a scheduled rotation (the gateway’s cancelApproved)', () => {
  const rotationOf = (status = 'scheduled') => ({ status, approvalCase: { parties } });
  const admin = (unit: string, level: string, role = 'info_admin') => ({ role, unit: { id: unit, level } });

  it.each([
    ['the sending authority', rotationOf(), admin('c1', 'county'), true],
    ['the receiving authority', rotationOf(), admin('c2', 'county'), false],
    ['the sending school', rotationOf(), admin('s1', 'school'), false],
    ['a query user of the sending authority', rotationOf(), admin('c1', 'county', 'query_user'), false],
    ['the sending authority, once it took effect', rotationOf('approved'), admin('c1', 'county'), false],
    ['the sending authority, while in approval', rotationOf('in_progress'), admin('c1', 'county'), false],
  ])('%s → %s', (_who, rotation, me, expected) => {
    expect(canCancelScheduled(rotation, me)).toBe(expected);
  });

  it('nobody signed in, or no case', () => {
    expect(canCancelScheduled(rotationOf(), null)).toBe(false);
    expect(canCancelScheduled({ status: 'scheduled', approvalCase: null }, admin('c1', 'county'))).toBe(false);
  });
});
