import { isValidCode } from '../codes/registry.js';
import type { FieldDef } from './info-sets.js';

export type RecordFieldErrorCode = 'FIELD_REQUIRED' | 'FIELD_TYPE' | 'CODE_INVALID' | 'DATE_INVALID' | 'FIELD_TOO_LONG' | 'FIELD_OUT_OF_RANGE' | 'FIELD_UNKNOWN' | 'PERIOD_INVALID';

export interface RecordFieldError {
  field: string;
  code: RecordFieldErrorCode;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isRealDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Custom code lists (province indicators) are checked through `codeItems`. */
export interface ValidateOptions {
  codeItems?: Record<string, readonly string[]>;
  /** Refuse keys that are not fields (default true). */
  strict?: boolean;
}

/**
 * Validates and normalises one record's values against its field definitions. Returns the
 * cleaned data (trimmed text, numbers as numbers, empty values dropped) and every error.
 */
export function validateRecordData(fields: readonly FieldDef[], data: Record<string, unknown>, opts: ValidateOptions = {}): { data: Record<string, unknown>; errors: RecordFieldError[] } {
  const errors: RecordFieldError[] = [];
  const out: Record<string, unknown> = {};
  const known = new Set(fields.map((x) => x.key));
  if (opts.strict !== false) for (const k of Object.keys(data)) if (!known.has(k)) errors.push({ field: k, code: 'FIELD_UNKNOWN' });
  for (const def of fields) {
    let v = data[def.key];
    if (typeof v === 'string') v = v.trim();
    if (v === undefined || v === null || v === '') {
      if (def.required) errors.push({ field: def.key, code: 'FIELD_REQUIRED' });
      continue;
    }
    switch (def.type) {
      case 'text':
        if (typeof v !== 'string' && typeof v !== 'number') { errors.push({ field: def.key, code: 'FIELD_TYPE' }); continue; }
        v = String(v);
        if (def.max && (v as string).length > def.max) { errors.push({ field: def.key, code: 'FIELD_TOO_LONG' }); continue; }
        break;
      case 'number':
      case 'year': {
        const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
        if (!Number.isFinite(n) || (def.type === 'year' && !Number.isInteger(n))) { errors.push({ field: def.key, code: 'FIELD_TYPE' }); continue; }
        const [min, max] = def.type === 'year' ? [1900, 2100] : [def.min, def.max];
        if ((min !== undefined && n < min) || (max !== undefined && n > max)) { errors.push({ field: def.key, code: 'FIELD_OUT_OF_RANGE' }); continue; }
        v = n;
        break;
      }
      case 'date':
        if (typeof v !== 'string' || !isRealDate(v)) { errors.push({ field: def.key, code: 'DATE_INVALID' }); continue; }
        break;
      case 'boolean':
        if (v === 'true' || v === '是' || v === 1 || v === '1') v = true;
        else if (v === 'false' || v === '否' || v === 0 || v === '0') v = false;
        if (typeof v !== 'boolean') { errors.push({ field: def.key, code: 'FIELD_TYPE' }); continue; }
        break;
      case 'code': {
        const code = String(v);
        const custom = opts.codeItems?.[def.key];
        const ok = custom ? custom.includes(code) : def.codeList ? isValidCode(def.codeList, code) : false;
        if (!ok) { errors.push({ field: def.key, code: 'CODE_INVALID' }); continue; }
        v = code;
        break;
      }
    }
    out[def.key] = v;
  }
  if (typeof out.startDate === 'string' && typeof out.endDate === 'string' && out.endDate < out.startDate) errors.push({ field: 'endDate', code: 'PERIOD_INVALID' });
  return { data: out, errors };
}
