import type { AppI18n } from '../../i18n';

// The audit page's texts, merged under `audit.*` when its chunk loads. Chinese first; `en` mirrors every key.

const zhCN = {
  title: '审计日志',
  intro: '本单位及下级单位发生的操作；日志只增不改，每条记录含前一条的哈希，删除或篡改任何一条都会使哈希链校验失败。',
  filter: {
    actor: '操作人（用户名）',
    action: '操作',
    actionPlaceholder: '全部或输入操作代码',
    targetType: '对象类型',
    targetId: '对象ID',
    unit: '单位（含下级）',
    unitPlaceholder: '输入单位名称搜索',
    outcome: '结果',
    days: '日期',
    start: '开始日期',
    end: '结束日期',
    go: '查询',
    reset: '重置',
  },
  families: {
    auth: '登录与会话',
    account: '账号',
    teacher: '教师档案',
    unit: '单位',
    transfer: '调动',
    rotation: '交流轮岗',
    training: '培训学分',
    registration: '资格注册',
    approval: '审批',
    data_sharing: '信息共享',
    export: '数据导出',
  },
  outcomes: { success: '成功', failure: '失败', denied: '拒绝' },
  columns: { seq: '序号', at: '时间', actor: '操作人', unit: '单位', action: '操作', target: '对象', outcome: '结果', ip: 'IP 地址' },
  detail: { detail: '详情', hash: '哈希', prevHash: '前一条哈希', none: '（无）' },
  empty: '没有符合条件的日志。可放宽筛选条件（如日期或操作人）后重试。',
  export: {
    button: '导出 CSV',
    busy: '正在导出…',
    hint: '按当前筛选条件导出，最多 {max} 条；导出操作本身会记入审计日志。',
    done: '已导出 {rows} 条审计记录（{file}）。',
    tooLarge: '符合当前筛选条件的审计记录有 {rows} 条，超过单次导出上限 {max} 条。请缩小筛选范围（如日期、单位或操作）后再导出。',
    tooLargeUnknown: '符合当前筛选条件的审计记录超过单次导出上限 {max} 条。请缩小筛选范围（如日期、单位或操作）后再导出。',
  },
  chain: {
    title: '哈希链校验',
    check: '立即校验',
    checking: '正在逐条校验…',
    never: '尚未校验。校验将从第一条开始逐条重算整条哈希链。',
    ok: '哈希链完整：已校验 {count} 条（{time}）',
    broken: '哈希链在第 {seq} 条处断裂（原因：{reason}），此前 {count} 条校验通过（{time}）。请立即报告安全管理员。',
    reasons: {
      link: '链接不连续，可能有记录被删除或插入',
      content: '内容与哈希不符，可能被篡改',
      unkeyed: '记录被无密钥者重算过哈希',
      checkpoint: '与已签名检查点记录的哈希不符',
      checkpointMissing: '已签名检查点对应的记录不见了',
      truncated: '检查点之后的记录被截断',
      checkpointSignature: '检查点签名无效（伪造或密钥不符）',
      other: '{reason}',
    },
    legacy: '其中 {count} 条为启用密钥前的旧记录，不受密钥保护。',
    checkpoint: '最近的签名检查点：第 {seq} 条；其后 {count} 条尚未被检查点锚定。',
    noCheckpoint: '尚无签名检查点，{count} 条均未锚定（检查点每 5 分钟生成一次）。',
  },
};

export type AuditMessages = typeof zhCN;

const en: AuditMessages = {
  title: 'Audit log',
  intro: 'What happened in your unit and the units below. The log is append-only; each entry carries the hash of the one before it, so deleting or editing any entry makes the chain check fail.',
  filter: {
    actor: 'Actor (username)',
    action: 'Action',
    actionPlaceholder: 'All, or type an action code',
    targetType: 'Target type',
    targetId: 'Target ID',
    unit: 'Unit (and below)',
    unitPlaceholder: 'Type a unit name',
    outcome: 'Outcome',
    days: 'Dates',
    start: 'From',
    end: 'To',
    go: 'Search',
    reset: 'Reset',
  },
  families: {
    auth: 'Sign-in and sessions',
    account: 'Accounts',
    teacher: 'Teacher records',
    unit: 'Units',
    transfer: 'Transfers',
    rotation: 'Rotations',
    training: 'Training credits',
    registration: 'Registration',
    approval: 'Approvals',
    data_sharing: 'Data sharing',
    export: 'Data exports',
  },
  outcomes: { success: 'Success', failure: 'Failure', denied: 'Denied' },
  columns: { seq: 'No.', at: 'Time', actor: 'Actor', unit: 'Unit', action: 'Action', target: 'Target', outcome: 'Outcome', ip: 'IP address' },
  detail: { detail: 'Details', hash: 'Hash', prevHash: 'Previous hash', none: '(none)' },
  empty: 'No entries match. Widen the filter (dates, actor) and try again.',
  export: {
    button: 'Export CSV',
    busy: 'Exporting…',
    hint: 'Exports what the current filter selects, at most {max} entries; the export itself is recorded in the audit log.',
    done: 'Exported {rows} audit entries ({file}).',
    tooLarge: 'The current filter selects {rows} audit entries, more than the {max} one export may hold. Narrow the filter (dates, unit or action) and export again.',
    tooLargeUnknown: 'The current filter selects more audit entries than the {max} one export may hold. Narrow the filter (dates, unit or action) and export again.',
  },
  chain: {
    title: 'Hash chain check',
    check: 'Check now',
    checking: 'Checking every entry…',
    never: 'Not checked yet. The check recomputes the whole hash chain from the first entry.',
    ok: 'The chain is intact: {count} entries checked ({time})',
    broken: 'The chain breaks at entry {seq} ({reason}); the {count} entries before it check out ({time}). Report this to the security administrator at once.',
    reasons: {
      link: 'a gap in the links: an entry deleted or inserted',
      content: 'content and hash differ: an entry edited',
      unkeyed: 'a hash recomputed by someone without the key',
      checkpoint: 'the hash differs from the signed checkpoint',
      checkpointMissing: 'the entry of a signed checkpoint is gone',
      truncated: 'entries after a checkpoint were cut off',
      checkpointSignature: 'a checkpoint signature does not verify (forged or another key)',
      other: '{reason}',
    },
    legacy: '{count} of them predate the chain key and are not protected by it.',
    checkpoint: 'Latest signed checkpoint: entry {seq}; the {count} entries after it are not anchored yet.',
    noCheckpoint: 'No signed checkpoint yet; all {count} entries are unanchored (checkpoints are written every 5 minutes).',
  },
};

export const AUDIT_MESSAGES: Record<string, AuditMessages> = { 'zh-CN': zhCN, en };

export function installAuditMessages(i18n: AppI18n): void {
  const global = i18n.global as unknown as { mergeLocaleMessage(locale: string, message: Record<string, unknown>): void };
  for (const [locale, messages] of Object.entries(AUDIT_MESSAGES)) global.mergeLocaleMessage(locale, { audit: messages });
}
