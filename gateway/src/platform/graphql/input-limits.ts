import { Extensions } from 'type-graphql';

/**
 * Length and character rules for every string the API accepts (issue 14: a 1 MiB `name` filter
 * cost seconds of database time, a NUL character reached PostgreSQL). `input-check.ts` applies
 * them to each request before it runs; docs/security.md lists them.
 */
export type InputKind = 'id' | 'line' | 'text' | 'secret' | 'token' | 'pem' | 'crl' | 'document' | 'base64';

/** What a string of one kind may hold; `uuid` is a whole format, not a set of characters. */
type Charset = 'line' | 'text' | 'ascii' | 'pem' | 'base64' | 'uuid';

export interface InputRule { max: number; chars: Charset }

export const INPUT_RULES: Record<InputKind, InputRule> = {
  /**
   * ID arguments and input fields: every ID the API hands out is a UUID, and a value PostgreSQL
   * cannot read as one answered INTERNAL (issue 14). Values that are not UUIDs are `String`s.
   */
  id: { max: 36, chars: 'uuid' },
  /** Any other string: names, codes, dates, search terms. */
  line: { max: 200, chars: 'line' },
  /** Free text people type: reasons, comments, notes (newlines and tabs allowed). */
  text: { max: 2_000, chars: 'text' },
  /** Passwords. */
  secret: { max: 256, chars: 'line' },
  /** Machine tokens: page cursors, sharing credentials, challenge signatures. */
  token: { max: 2_048, chars: 'ascii' },
  /** PEM certificates (as the certificate verifier accepts them). */
  pem: { max: 16_384, chars: 'pem' },
  /** Certificate revocation lists (PEM): a CA's full list of revoked serials, up to 4 MiB. */
  crl: { max: 4 * 1024 * 1024, chars: 'pem' },
  /** GraphQL documents of saved queries (their own check is stricter, 10,000). */
  document: { max: 20_000, chars: 'text' },
  /** Base64 file payloads (Excel imports), about 3 MiB of file. */
  base64: { max: 4 * 1024 * 1024, chars: 'base64' },
};

/**
 * Argument and input-field names whose kind follows from the name wherever they occur, so a new
 * module's `reason` is free text without declaring it. ID-typed fields are always `id`.
 */
export const KIND_BY_NAME: Readonly<Record<string, InputKind>> = {
  reason: 'text', comment: 'text', note: 'text', finding: 'text', description: 'text', purpose: 'text', targetParticipants: 'text',
  password: 'secret', currentPassword: 'secret', newPassword: 'secret',
  after: 'token', before: 'token', credential: 'token', signature: 'token',
  certificatePem: 'pem',
  crlPem: 'crl',
  file: 'base64',
};

/** Bounds of JSON-typed arguments (record data, change payloads, saved-query variables). */
export const JSON_LIMITS = { stringMax: 32_768, keyMax: INPUT_RULES.line.max, depth: 10, nodes: 10_000 } as const;

/** Items of any list argument. */
export const LIST_MAX = 10_000;

/** Request body (HTTP) and GraphQL document, checked before parsing. */
export const BODY_MAX_BYTES = 5 * 1024 * 1024;
export const DOCUMENT_MAX_CHARS = 100_000;

// C0 controls, DEL and C1 controls; `text` keeps tab, line feed and carriage return.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_BUT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NOT_ASCII_VISIBLE = /[^\u0021-\u007e]/;
const NOT_PEM = /[^\u0020-\u007e\t\r\n]/;
const NOT_BASE64 = /[^A-Za-z0-9+/=_\-\r\n]/;
// As PostgreSQL's uuid type prints it (any version), in either case.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CHARSET_OK: Record<Charset, (s: string) => boolean> = {
  line: (s) => !CONTROL.test(s) && !LONE_SURROGATE.test(s),
  text: (s) => !CONTROL_BUT_WHITESPACE.test(s) && !LONE_SURROGATE.test(s),
  ascii: (s) => !NOT_ASCII_VISIBLE.test(s),
  pem: (s) => !NOT_PEM.test(s),
  base64: (s) => !NOT_BASE64.test(s),
  uuid: (s) => UUID.test(s),
};

/** How a refused value breaks its rule; `field` is its path in the arguments, e.g. `filter.name`. */
export type InputViolation =
  | { field: string; reason: 'too_long'; max: number }
  | { field: string; reason: 'characters'; allowed: Exclude<Charset, 'uuid'> }
  | { field: string; reason: 'format'; format: 'uuid' }
  | { field: string; reason: 'too_many_items'; max: number }
  | { field: string; reason: 'too_deep'; max: number };

/** The violation of one string against a rule, or null. Length is in UTF-16 code units. */
export function checkString(value: string, rule: InputRule, field: string): InputViolation | null {
  // Length first: a 1 MiB string is refused without scanning it.
  if (value.length > rule.max) return { field, reason: 'too_long', max: rule.max };
  if (CHARSET_OK[rule.chars](value)) return null;
  return rule.chars === 'uuid' ? { field, reason: 'format', format: 'uuid' } : { field, reason: 'characters', allowed: rule.chars };
}

/** The violation inside a JSON value (strings as free text, keys as single lines), or null. */
export function checkJson(value: unknown, field: string): InputViolation | null {
  let nodes = 0;
  const keyRule: InputRule = { max: JSON_LIMITS.keyMax, chars: 'line' };
  const stringRule: InputRule = { max: JSON_LIMITS.stringMax, chars: 'text' };
  const walk = (v: unknown, path: string, depth: number): InputViolation | null => {
    if (++nodes > JSON_LIMITS.nodes) return { field, reason: 'too_many_items', max: JSON_LIMITS.nodes };
    if (typeof v === 'string') return checkString(v, stringRule, path);
    if (v === null || typeof v !== 'object') return null;
    if (depth >= JSON_LIMITS.depth) return { field: path, reason: 'too_deep', max: JSON_LIMITS.depth };
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
    for (const [k, x] of entries) {
      const sub = `${path}.${k.length > 40 ? k.slice(0, 40) + '…' : k}`;
      const bad = (Array.isArray(v) ? null : checkString(k, keyRule, sub)) ?? walk(x, sub, depth + 1);
      if (bad) return bad;
    }
    return null;
  };
  return walk(value, field, 0);
}

const CHARSET_ZH: Record<Exclude<Charset, 'uuid'>, string> = {
  line: '控制字符（含换行）', text: '控制字符', ascii: '非ASCII可见字符', pem: '非PEM字符', base64: '非Base64字符',
};

/** The Chinese sentence after 输入数据校验未通过： for a violation. */
export function violationText(v: InputViolation): string {
  switch (v.reason) {
    case 'too_long': return `${v.field} 超过${v.max}个字符`;
    case 'characters': return `${v.field} 含有不允许的${CHARSET_ZH[v.allowed]}`;
    case 'format': return `${v.field} 不是有效的ID（应为UUID格式）`;
    case 'too_many_items': return `${v.field} 超过${v.max}项`;
    case 'too_deep': return `${v.field} 嵌套超过${v.max}层`;
  }
}

/**
 * Overrides the kind of an input-type field, e.g. `@InputLimit('document') @Field() query`.
 * Without it the name (KIND_BY_NAME) or the type (ID, String, JSON) decides.
 */
export const InputLimit = (kind: InputKind) => Extensions({ inputLimit: kind });

/** Overrides the kinds of a query's or mutation's arguments: `@InputLimits({ file: 'base64' })` on the method. */
export const InputLimits = (kinds: Readonly<Record<string, InputKind>>) => Extensions({ inputLimits: kinds });
