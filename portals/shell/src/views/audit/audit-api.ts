import type { PortalHost } from '../../modules/portal-host';

export { usePortalHost } from '../units/units-api';

export interface AuditRow {
  seq: string;
  at: string;
  actorUsername: string | null;
  unitId: string | null;
  unitName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: 'success' | 'failure' | 'denied';
  detail: unknown;
  ip: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  actor?: string | null;
  action?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  unitId?: string | null;
  outcome?: string | null;
  from?: string | null;
  to?: string | null;
}

export interface ChainStatus {
  ok: boolean; checked: number; brokenAt: string | null; reason: string | null;
  legacyEntries: number; lastCheckpointSeq: string | null; unanchoredEntries: number; verifiedAt: string;
}

/** Message keys of the gateway's break reasons (`checkpoint-missing` → `checkpointMissing`); unknown ones shown as sent. */
export const CHAIN_REASONS = ['link', 'content', 'unkeyed', 'checkpoint', 'checkpoint-missing', 'truncated', 'checkpoint-signature'];
export const reasonKey = (reason: string): string => reason.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export async function searchAudit(host: PortalHost, filter: AuditFilter, first: number, offset: number): Promise<{ nodes: AuditRow[]; totalCount: number }> {
  const data = await host.graphql<{ auditEntries: { nodes: AuditRow[]; totalCount: number } }>(
    `query($f: AuditSearchFilter, $first: Int, $offset: Int) { auditEntries(filter: $f, first: $first, offset: $offset) {
      totalCount nodes { seq at actorUsername unitId unitName action targetType targetId outcome detail ip prevHash hash } } }`,
    { f: filter, first, offset },
  );
  return data.auditEntries;
}

export async function chainStatus(host: PortalHost): Promise<ChainStatus> {
  return (await host.graphql<{ auditChainStatus: ChainStatus }>('{ auditChainStatus { ok checked brokenAt reason legacyEntries lastCheckpointSeq unanchoredEntries verifiedAt } }')).auditChainStatus;
}

export interface AuditExport { filename: string; csv: string; rows: number }

/** The gateway's CSV export of the entries the filter selects (audited; refused above its row limit). */
export async function exportAudit(host: PortalHost, filter: AuditFilter): Promise<AuditExport> {
  const data = await host.graphql<{ exportAuditLog: AuditExport }>(
    'mutation($f: AuditSearchFilter) { exportAuditLog(filter: $f) { filename csv rows } }', { f: filter }, { silent: true });
  return data.exportAuditLog;
}

/** Too many rows for one export: how many the filter selects and the limit (the error's details), when the gateway says. */
export function exportTooLarge(error: unknown): { rows: number | null; max: number | null } | null {
  const e = error as { code?: string; errors?: readonly { extensions?: { details?: { rows?: unknown; max?: unknown } } }[] };
  if (e?.code !== 'AUDIT_EXPORT_TOO_LARGE') return null;
  const details = e.errors?.[0]?.extensions?.details;
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  return { rows: num(details?.rows), max: num(details?.max) };
}

/** Saves text as a file the browser downloads (the CSV keeps the gateway's BOM, so Excel reads it as UTF-8). */
export function saveText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export async function searchUnits(host: PortalHost, search: string): Promise<{ id: string; name: string; code: string }[]> {
  const data = await host.graphql<{ units: { nodes: { id: string; name: string; code: string }[] } }>(
    'query($s: String) { units(search: $s, first: 20) { nodes { id name code } } }', { s: search }, { silent: true });
  return data.units.nodes;
}

/**
 * The gateway filter from the form: blanks dropped; days are China's days (the dates people mean),
 * the end day included (`to` is exclusive, so it is the next midnight).
 */
export function toFilter(form: { actor: string; action: string; targetType: string; targetId: string; unitId: string; outcome: string; days: [string, string] | null }): AuditFilter {
  const out: AuditFilter = {};
  for (const key of ['actor', 'action', 'targetType', 'targetId', 'unitId', 'outcome'] as const) {
    const v = form[key].trim();
    if (v) out[key] = v;
  }
  if (form.days) {
    out.from = `${form.days[0]}T00:00:00+08:00`;
    const end = new Date(`${form.days[1]}T00:00:00+08:00`);
    end.setTime(end.getTime() + 24 * 3600 * 1000);
    out.to = end.toISOString();
  }
  return out;
}
