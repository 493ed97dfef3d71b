import { createMongoAbility } from '@casl/ability';
import { defineRulesFor, type Principal } from '@tmis/shared';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from './i18n';
import {
  canApplyInto, declineReasonProblem, directionKey, emptyInterprovincialForm, INTERPROVINCIAL_STATUSES, interprovincialActions, interprovincialTagType,
  noticeTarget, otherProvince, statusKey, toInterprovincialInput, validateInterprovincialForm, type InterprovincialForm,
} from './interprovincial';
import { caseRoute } from './labels';
import { isProvinceCode, provinceName, provinces } from './provinces';
import { caseTypeName, isMyStep, MODULE_CASE_TYPES, stepName } from './workflow';

const NOW = Date.parse('2026-11-22T08:00:00Z');
const GOOD_ID = '11010519491231002X';
const BAD_ID = '110105194912310021';
const valid = (over: Partial<InterprovincialForm> = {}): InterprovincialForm => ({
  ...emptyInterprovincialForm(), fromProvinceCode: '330000', idNumber: GOOD_ID, name: '张三', toUnitId: 'u-1', effectiveDate: '2026-12-01', ...over,
});

describe('the cross-province application form (the gateway’s checks, same codes)', () => {
  it('a complete form has no problems', () => {
    expect(validateInterprovincialForm(valid(), NOW)).toEqual({});
  });

  it.each([
    ['no releasing province', { fromProvinceCode: '' }, { fromProvinceCode: 'required' }],
    ['a code that is no province', { fromProvinceCode: '330100' }, { fromProvinceCode: 'VALIDATION_FAILED' }],
    ['a province prefix that does not exist', { fromProvinceCode: '990000' }, { fromProvinceCode: 'VALIDATION_FAILED' }],
    ['no document number', { idNumber: ' ' }, { idNumber: 'required' }],
    ['a wrong check character', { idNumber: BAD_ID }, { idNumber: 'ID_NUMBER_CHECKSUM' }],
    ['an unknown document type', { idType: 'Q' }, { idType: 'ID_DOCUMENT_TYPE' }],
    ['no name', { name: '' }, { name: 'required' }],
    ['a name of 61 characters', { name: '张'.repeat(61) }, { name: 'tooLong' }],
    ['no receiving unit', { toUnitId: '' }, { toUnitId: 'required' }],
    ['no effective date', { effectiveDate: '' }, { effectiveDate: 'required' }],
    ['today (the gateway wants a later day)', { effectiveDate: '2026-11-22' }, { effectiveDate: 'DATE_INVALID' }],
    ['a past date', { effectiveDate: '2026-01-05' }, { effectiveDate: 'DATE_INVALID' }],
    ['a date that does not exist', { effectiveDate: '2026-02-30' }, { effectiveDate: 'DATE_INVALID' }],
    ['a date more than 366 days ahead', { effectiveDate: '2027-11-24' }, { effectiveDate: 'DATE_INVALID' }],
    ['a reason of 501 characters', { reason: 'x'.repeat(501) }, { reason: 'tooLong' }],
  ])('%s', (_, over, expected) => {
    expect(validateInterprovincialForm(valid(over), NOW)).toEqual(expected);
  });

  it('tomorrow is the earliest effective date', () => {
    expect(validateInterprovincialForm(valid({ effectiveDate: '2026-11-23' }), NOW)).toEqual({});
  });

  it('the own province, when known, is an ordinary transfer', () => {
    expect(validateInterprovincialForm(valid({ fromProvinceCode: '110000' }), NOW, '110000')).toEqual({ fromProvinceCode: 'INTERPROVINCIAL_SAME_PROVINCE' });
    expect(validateInterprovincialForm(valid({ fromProvinceCode: '330000' }), NOW, '110000')).toEqual({});
  });

  it('the input is trimmed and an empty reason is null', () => {
    expect(toInterprovincialInput(valid({ idNumber: ` ${GOOD_ID} `, name: ' 张三 ', reason: '  ' }))).toEqual({
      fromProvinceCode: '330000', idType: '1', idNumber: GOOD_ID, name: '张三', toUnitId: 'u-1', effectiveDate: '2026-12-01', reason: null,
    });
  });

  it.each([
    ['', 'required'], ['  \n', 'required'], ['x'.repeat(501), 'tooLong'], ['编制已满，不同意调出', null],
  ])('a decline reason %j → %s', (reason, expected) => {
    expect(declineReasonProblem(reason)).toBe(expected);
  });
});

describe('labels', () => {
  it('every status and direction has a Chinese and an English label', () => {
    for (const s of INTERPROVINCIAL_STATUSES) {
      expect(statusKey(s)).toBe(`transfers.interprovincial.status.${s}`);
      expect(MESSAGES['zh-CN'].interprovincial.status[s]).toMatch(/[\u4e00-\u9fa5]/);
      expect(MESSAGES.en.interprovincial.status[s]).toMatch(/^[A-Z]/);
    }
    for (const d of ['in', 'out', 'relay']) {
      expect(directionKey(d)).toBe(`transfers.interprovincial.direction.${d}`);
      expect(MESSAGES.en.interprovincial.direction[d]).toBeTruthy();
    }
    expect(MESSAGES['zh-CN'].interprovincial.direction).toEqual({ in: '调入', out: '调出', relay: '转办' });
    expect(statusKey('mystery')).toBeNull();
    expect(directionKey('sideways')).toBeNull();
  });

  it.each([
    ['completed', 'success'], ['released', 'success'], ['received', 'warning'], ['declined', 'danger'], ['rejected', 'danger'], ['withdrawn', 'info'], ['mystery', 'info'],
  ])('status %s is shown as %s', (status, tag) => {
    expect(interprovincialTagType(status)).toBe(tag);
  });

  it('the other province: where the teacher comes from, goes to, or both for the relay', () => {
    const t = { fromProvince: '330000', toProvince: '110000' };
    expect(otherProvince({ ...t, direction: 'in' }, 'zh-CN')).toBe('浙江省');
    expect(otherProvince({ ...t, direction: 'out' }, 'zh-CN')).toBe('北京市');
    expect(otherProvince({ ...t, direction: 'relay' }, 'en')).toBe('Zhejiang → Beijing');
    expect(provinceName('990000', 'zh-CN')).toBe('990000');
  });

  it('the province list is GB/T 2260’s province level', () => {
    expect(provinces).toHaveLength(34);
    expect(provinces.every((p) => /^\d{2}0000$/.test(p.code))).toBe(true);
    expect(isProvinceCode('650000')).toBe(true);
    expect(isProvinceCode('650100')).toBe(false);
  });

  it.each([
    ['transfer', 'zh-CN', '教师调动'],
    ['interprovincial_transfer_in', 'zh-CN', '跨省调入'],
    ['interprovincial_transfer_out', 'zh-CN', '跨省调出'],
    ['interprovincial_transfer_out', 'en', 'Cross-province transfer out'],
    ['rotation', 'zh-CN', '交流轮岗'],
  ])('inbox type %s in %s reads %s', (type, locale, name) => {
    expect(caseTypeName(type, locale, type === 'rotation' ? '交流轮岗' : null)).toBe(name);
  });

  it('the inbox shows both cross-province cases with their route and step', () => {
    expect(MODULE_CASE_TYPES).toEqual(['transfer', 'interprovincial_transfer_in', 'interprovincial_transfer_out']);
    expect(caseRoute('interprovincial_transfer_in', { fromProvince: '330000', toUnit: '东城一中' }, 'zh-CN')).toBe('浙江省 → 东城一中');
    expect(caseRoute('interprovincial_transfer_out', { toProvince: '110000', toUnit: '北京市 东城一中' }, 'zh-CN')).toBe('→ 北京市 东城一中');
    expect(caseRoute('transfer', { fromSchool: 'A 校', toUnit: 'B 校' }, 'zh-CN')).toBe('A 校 → B 校');
    expect(stepName('interprovincial_transfer_in', 'receivingAuthority', 'zh-CN')).toBe('调入学校主管部门审批');
    expect(stepName('interprovincial_transfer_out', 'releasingAuthority', 'zh-CN')).toBe('调出学校主管部门审批');
    const c = { type: 'interprovincial_transfer_out', status: 'in_progress', currentStep: 0, parties: { releasingSchool: 's', releasingAuthority: 'county' }, initiatedBy: 'a', initiatingUnitId: 's' };
    expect(isMyStep(c, { id: 'x', role: 'info_admin', unit: { id: 'county' } })).toBe(true);
    expect(isMyStep(c, { id: 'y', role: 'info_admin', unit: { id: 's' } })).toBe(false);
  });
});

// The gateway's rules for the demo roles (packages/shared), as in access.test.ts.
const SCHOOL = '/1/2/3/4/';
const COUNTY = '/1/2/3/';
const principal = (role: Principal['role'], unitLevel: string, unitPath: string, extra: Partial<Principal> = {}): Principal =>
  ({ accountId: `acc-${role}-${unitLevel}`, role, unitId: `u-${unitLevel}`, unitLevel, unitPath, restricted: false, ...extra }) as Principal;
const abilityOf = (p: Principal) => createMongoAbility(defineRulesFor(p) as never);

describe('which actions are offered', () => {
  const received = { direction: 'out', status: 'received' };
  it.each([
    ['school info admin', principal('info_admin', 'school', SCHOOL), ['accept', 'decline']],
    ['department info admin', principal('info_admin', 'department', `${SCHOOL}5/`), ['accept', 'decline']],
    ['county info admin (approves in the inbox instead)', principal('info_admin', 'county', COUNTY), []],
    ['school query user', principal('query_user', 'school', SCHOOL), []],
    ['school system admin', principal('system_admin', 'school', SCHOOL), []],
    ['teacher', principal('teacher', 'school', SCHOOL, { teacherId: 't-1' }), []],
  ])('a received request: %s → %j', (_, p, actions) => {
    expect(interprovincialActions(abilityOf(p), received)).toEqual(actions);
  });

  it.each([
    [{ direction: 'out', status: 'in_progress' }],
    [{ direction: 'out', status: 'declined' }],
    [{ direction: 'in', status: 'received' }],
    [{ direction: 'in', status: 'in_progress' }],
    [{ direction: 'relay', status: 'relayed' }],
  ])('nothing to do on %j', (row) => {
    expect(interprovincialActions(abilityOf(principal('info_admin', 'school', SCHOOL)), row)).toEqual([]);
  });

  it.each([
    ['its own school', 'info_admin', 'school', SCHOOL, true],
    ['a department of it', 'info_admin', 'school', `${SCHOOL}7/`, true],
    ['another school', 'info_admin', 'school', '/1/2/3/9/', false],
    ['a school of its county (authority)', 'info_admin', 'county', SCHOOL, false],
  ] as const)('applies into %s → %s', (_, role, level, path, expected) => {
    const own = level === 'school' ? SCHOOL : COUNTY;
    expect(canApplyInto(abilityOf(principal(role, level, own)), path)).toBe(expected);
  });
});

describe('where a notice opens', () => {
  it.each([
    [{ kind: 'case_approved', subjectType: 'Transfer', subjectId: 't-1' }, { screen: 'detail', params: { transferId: 't-1' } }],
    [{ kind: 'case_waiting', subjectType: 'InterprovincialTransfer', subjectId: 'ip-1' }, { screen: 'interprovincial', params: {} }],
    [{ kind: 'interprovincial_declined', subjectType: null, subjectId: null }, { screen: 'interprovincial', params: {} }],
    [{ kind: 'interprovincial_done', subjectType: null, subjectId: null }, { screen: 'interprovincial', params: {} }],
    [{ kind: 'case_waiting', subjectType: 'Rotation', subjectId: 'r-1' }, null],
    [{ kind: 'case_approved', subjectType: 'Transfer', subjectId: null }, null],
  ])('%j → %j', (n, target) => {
    expect(noticeTarget(n)).toEqual(target);
  });
});
