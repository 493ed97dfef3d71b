import type { AppI18n } from '../../i18n';

// The CRL page's texts, merged under `crl.*` when its chunk loads. Chinese first; `en` mirrors every key.

const zhCN = {
  title: '证书吊销列表（CRL）',
  intro: '教育CA发布的证书吊销列表，每个签发CA保留最新的一份。登录和绑定证书时，列表中的证书，以及证书链上被吊销的中级CA所签发的证书，都会被拒绝（证书已吊销）。较旧的列表不能替换已加载的较新列表。',
  load: {
    title: '加载吊销列表',
    crlFile: 'CRL 文件（PEM 或 DER）',
    caFile: '中级CA证书（可选）',
    caHint: '当CRL由未在系统中配置的中级CA签发时，请一并选择该CA的证书（PEM 或 DER），它须能链接到受信任的根CA。',
    submit: '加载',
    busy: '正在加载…',
    noFile: '请选择 CRL 文件。',
    done: '已加载 {issuer} 的吊销列表：{entries} 个吊销证书。',
    failed: '未能加载：{message}',
    code: '错误代码：{code}',
  },
  columns: {
    issuer: '签发CA',
    crlNumber: 'CRL编号',
    thisUpdate: '本次更新',
    nextUpdate: '下次更新',
    entries: '吊销证书数',
    algorithm: '签名算法',
    loaded: '加载人 / 时间',
  },
  stale: '已过期，请加载新的列表',
  none: '—',
  empty: '尚未加载任何证书吊销列表。请从教育CA获取最新的CRL文件后在上方加载。',
};

export type CrlMessages = typeof zhCN;

const en: CrlMessages = {
  title: 'Certificate revocation lists (CRL)',
  intro: 'The revocation lists the education CA publishes; the newest one of each issuing CA is kept. Sign-in and certificate binding refuse a certificate on a list, and any certificate below a revoked intermediate CA (the certificate is revoked). An older list cannot replace a newer one.',
  load: {
    title: 'Load a revocation list',
    crlFile: 'CRL file (PEM or DER)',
    caFile: 'Intermediate CA certificate (optional)',
    caHint: 'When an intermediate CA that is not configured in the system signed the CRL, choose that CA’s certificate (PEM or DER) too; it must chain to a trusted root CA.',
    submit: 'Load',
    busy: 'Loading…',
    noFile: 'Choose a CRL file.',
    done: 'Loaded the list of {issuer}: {entries} revoked certificates.',
    failed: 'Not loaded: {message}',
    code: 'Error code: {code}',
  },
  columns: {
    issuer: 'Issuing CA',
    crlNumber: 'CRL number',
    thisUpdate: 'This update',
    nextUpdate: 'Next update',
    entries: 'Revoked',
    algorithm: 'Signature algorithm',
    loaded: 'Loaded by / at',
  },
  stale: 'Out of date: load a new list',
  none: '—',
  empty: 'No revocation list is loaded yet. Get the newest CRL file from the education CA and load it above.',
};

export const CRL_MESSAGES: Record<string, CrlMessages> = { 'zh-CN': zhCN, en };

export function installCrlMessages(i18n: AppI18n): void {
  const global = i18n.global as unknown as { mergeLocaleMessage(locale: string, message: Record<string, unknown>): void };
  for (const [locale, messages] of Object.entries(CRL_MESSAGES)) global.mergeLocaleMessage(locale, { crl: messages });
}
