import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { INFO_SETS, isValidCode, stageOfSchoolType, type FieldDef, type InfoSetDef } from '@tmis/shared';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { loader } from '../../platform/graphql/loaders.js';
import { IndicatorDefinition, type IndicatorType } from './indicator.entity.js';
import type { IndicatorInput, IndicatorUpdateInput } from './indicator.types.js';

export const INDICATOR_SET = 'indicators';
const TYPES: readonly IndicatorType[] = ['text', 'number', 'date', 'code', 'boolean'];
const CODE = /^[a-z][a-z0-9_]{1,39}$/;
/** Keys the national core already uses: a province indicator may not shadow them. */
const CORE_KEYS = new Set([...INFO_SETS.flatMap((s) => s.fields.map((f) => f.key)), ...INFO_SETS.map((s) => s.code),
  'teacherNo', 'idType', 'idNumber', 'schoolCode', 'staffCategory', 'establishmentStatus', 'postCategory', 'employmentStatus', 'professionalTitle', 'stage']);

export interface IndicatorFields {
  def: InfoSetDef;
  codeItems: Record<string, string[]>;
  teacherEditable: Set<string>;
}

export class IndicatorService {
  constructor(private readonly ctx: RequestContext) {}

  private get em(): EntityManager {
    return this.ctx.em;
  }

  private get province(): string {
    return this.ctx.runtime.config.provinceCode;
  }

  /** Active (and optionally retired) indicators of this deployment's province; read per request, so a new one needs no restart. */
  async list(includeRetired = false): Promise<IndicatorDefinition[]> {
    requirePrincipal(this.ctx);
    requireScope(this.ctx.ability, 'read', 'IndicatorDefinition');
    return this.active(includeRetired);
  }

  /** Definitions without an access check, for building forms, templates and exports; cached per request. */
  async active(includeRetired = false): Promise<IndicatorDefinition[]> {
    const all = await loader<IndicatorDefinition[]>(this.ctx, 'indicators.all', async () =>
      new Map([['all', await this.em.find(IndicatorDefinition, { provinceCode: this.province }, { orderBy: { createdAt: 'asc' } })]])).load('all');
    return (all ?? []).filter((d) => includeRetired || d.status === 'active');
  }

  /** The indicators as fields for a teacher at a school of `schoolType`. */
  async fieldsFor(schoolType: string | null | undefined): Promise<IndicatorFields> {
    const defs = (await this.active()).filter((d) => !d.schoolTypes?.length || (schoolType != null && d.schoolTypes.includes(schoolType)));
    const fields: FieldDef[] = defs.map((d) => ({ key: d.code, label: d.label, labelEn: d.labelEn ?? d.code, type: d.type, required: d.required, ...(d.type === 'text' ? { max: 200 } : {}) }));
    return {
      def: { code: INDICATOR_SET as never, name: '省级拓展指标', nameEn: 'Province indicators', entry: 'teacher_or_school', multiple: false, fields },
      codeItems: Object.fromEntries(defs.filter((d) => d.type === 'code').map((d) => [d.code, (d.codeItems ?? []).map((i) => i.code)])),
      teacherEditable: new Set(defs.filter((d) => d.teacherEditable).map((d) => d.code)),
    };
  }

  /** Indicator columns for batch import: those that may apply to some school of `stage` (all when no stage). */
  async importFields(stage: string | null): Promise<{ fields: FieldDef[]; codeItems: Record<string, string[]> }> {
    const defs = (await this.active()).filter((d) => !stage || !d.schoolTypes?.length || d.schoolTypes.some((t) => stageOfSchoolType(t) === stage));
    return {
      fields: defs.map((d) => ({ key: d.code, label: d.label, labelEn: d.labelEn ?? d.code, type: d.type, required: false, ...(d.type === 'text' ? { max: 200 } : {}) })),
      codeItems: Object.fromEntries(defs.filter((d) => d.type === 'code').map((d) => [d.code, (d.codeItems ?? []).map((i) => i.code)])),
    };
  }

  async define(input: IndicatorInput): Promise<IndicatorDefinition> {
    const actor = requireActor(this.ctx);
    if (!this.ctx.ability.can('create', 'IndicatorDefinition')) throw new AppError('FORBIDDEN');
    const code = input.code.trim();
    if (!CODE.test(code)) throw new AppError('VALIDATION_FAILED', { field: 'code' }, '指标代码须以小写字母开头，由小写字母、数字、下划线组成');
    if (CORE_KEYS.has(code)) throw new AppError('INDICATOR_CORE', { code });
    if (!TYPES.includes(input.type as IndicatorType)) throw new AppError('VALIDATION_FAILED', { field: 'type' }, '指标类型无效');
    this.checkShape(input.type as IndicatorType, input.codeItems, input.schoolTypes, input.label);
    const def = this.em.create(IndicatorDefinition, {
      provinceCode: this.province, code, label: input.label.trim(), labelEn: input.labelEn ?? null, type: input.type as IndicatorType,
      codeItems: input.codeItems ?? null, required: input.required, schoolTypes: input.schoolTypes?.length ? input.schoolTypes : null,
      teacherEditable: input.teacherEditable, createdBy: actor.accountId,
    });
    try {
      await this.em.transactional(async (tx) => {
        tx.persist(def);
        await tx.flush();
        await appendAudit(tx, [this.event('indicator.define', def)]);
      });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw new AppError('INDICATOR_CODE_TAKEN', { code });
      throw e;
    }
    return def;
  }

  async update(id: string, input: IndicatorUpdateInput): Promise<IndicatorDefinition> {
    requireActor(this.ctx);
    if (!this.ctx.ability.can('update', 'IndicatorDefinition')) throw new AppError('FORBIDDEN');
    const def = await this.em.findOne(IndicatorDefinition, { id, provinceCode: this.province }).catch(() => null);
    if (!def) throw notFoundOrNoAccess();
    if (def.version !== input.version) throw new AppError('CONFLICT');
    if (input.status && input.status !== 'active' && input.status !== 'retired') throw new AppError('VALIDATION_FAILED', { field: 'status' });
    this.checkShape(def.type, input.codeItems ?? def.codeItems, input.schoolTypes ?? def.schoolTypes, input.label ?? def.label);
    if (input.codeItems && def.codeItems) {
      // Codes already given to teachers must stay valid: items can be added or renamed, not removed.
      const kept = new Set(input.codeItems.map((i) => i.code));
      const removed = def.codeItems.filter((i) => !kept.has(i.code)).map((i) => i.code);
      if (removed.length) throw new AppError('VALIDATION_FAILED', { field: 'codeItems', removed }, '已使用的代码项不能删除');
    }
    const patch = Object.fromEntries(Object.entries({ label: input.label, labelEn: input.labelEn, codeItems: input.codeItems, required: input.required,
      schoolTypes: input.schoolTypes, teacherEditable: input.teacherEditable, status: input.status }).filter(([, v]) => v !== undefined && v !== null));
    Object.assign(def, patch);
    await this.em.transactional(async (tx) => {
      await tx.flush();
      await appendAudit(tx, [this.event('indicator.update', def, patch)]);
    });
    return def;
  }

  private checkShape(type: IndicatorType, items: { code: string; name: string }[] | null | undefined, schoolTypes: string[] | null | undefined, label: string): void {
    if (!label?.trim() || label.length > 60) throw new AppError('VALIDATION_FAILED', { field: 'label' }, '指标名称不能为空且不超过60字');
    if (type === 'code') {
      const codes = (items ?? []).map((i) => i.code.trim());
      if (codes.length === 0 || codes.some((c) => !c) || new Set(codes).size !== codes.length) throw new AppError('VALIDATION_FAILED', { field: 'codeItems' }, '代码型指标须有不重复的代码项');
    }
    for (const t of schoolTypes ?? []) if (!isValidCode('schoolType', t)) throw new AppError('SCHOOL_TYPE_INVALID', { value: t });
  }

  private event(action: string, d: IndicatorDefinition, detail: Record<string, unknown> = {}) {
    return actorEvent(this.ctx, { action, targetType: 'IndicatorDefinition', targetId: d.id, detail: { code: d.code, ...detail } });
  }
}
