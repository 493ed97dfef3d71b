import { inject } from 'vue';
import type { PortalHost } from '../../modules/portal-host';

/** The units page talks to the gateway through the host the shell provides (session, errors). */
export function usePortalHost(): PortalHost {
  const host = inject<PortalHost>('tmis:portal-host');
  if (!host) throw new Error('tmis:portal-host is not provided');
  return host;
}

export interface UnitRow {
  id: string;
  code: string;
  name: string;
  level: string;
  parentId: string | null;
  status: string;
  closedOn: string | null;
  schoolType: string | null;
  stage: string | null;
  sponsorType: string | null;
  urbanRuralType: string | null;
  address: string | null;
  supervisingAuthority?: { name: string } | null;
}

const UNIT_FIELDS = 'id code name level parentId status closedOn schoolType stage sponsorType urbanRuralType address';
export const TREE_PAGE = 200;

export async function unitById(host: PortalHost, id: string): Promise<UnitRow> {
  const data = await host.graphql<{ unit: UnitRow }>(`query($id: ID!) { unit(id: $id) { ${UNIT_FIELDS} supervisingAuthority { name } } }`, { id });
  return data.unit;
}

/** One level of the tree (children of a unit), or the results of a search, all in the caller's scope. */
export async function listUnits(host: PortalHost, args: { parentId?: string; search?: string; first?: number }): Promise<{ nodes: UnitRow[]; totalCount: number }> {
  const data = await host.graphql<{ units: { nodes: UnitRow[]; totalCount: number } }>(
    `query($parentId: ID, $search: String, $first: Int) { units(parentId: $parentId, search: $search, first: $first) { totalCount nodes { ${UNIT_FIELDS} } } }`,
    { parentId: args.parentId ?? null, search: args.search ?? null, first: args.first ?? TREE_PAGE },
  );
  return data.units;
}

export interface DirectorySummary {
  rows: number; create: number; update: number; unchanged: number; close: number; invalid: number; divisionsCreate: number; divisionsUpdate: number;
}

export interface DirectoryJob {
  id: string; status: string; progress: number; processed: number; total: number | null; errorCode: string | null; error: string | null; hasResult: boolean;
}

export interface DirectoryImport {
  id: string;
  status: 'checking' | 'check_failed' | 'ready' | 'applying' | 'applied';
  createdAt: string;
  appliedAt: string | null;
  summary: DirectorySummary | null;
  dryRunJob: DirectoryJob | null;
  applyJob: DirectoryJob | null;
}

export interface PlanRow {
  rowNumber: number | null;
  kind: 'school' | 'city' | 'county';
  action: 'create' | 'update' | 'unchanged' | 'close' | 'invalid';
  code: string;
  name: string;
  parentCode: string | null;
  changes: { field: string; from: string | null; to: string | null }[];
  issues: { column: string; reason: string }[];
  activeTeachers: number | null;
}

const JOB_FIELDS = 'id status progress processed total errorCode error hasResult';
const IMPORT_FIELDS = `id status createdAt appliedAt summary { rows create update unchanged close invalid divisionsCreate divisionsUpdate }
  dryRunJob { ${JOB_FIELDS} } applyJob { ${JOB_FIELDS} }`;

export async function directoryImport(host: PortalHost, id: string): Promise<DirectoryImport> {
  return (await host.graphql<{ unitDirectoryImport: DirectoryImport }>(`query($id: ID!) { unitDirectoryImport(id: $id) { ${IMPORT_FIELDS} } }`, { id }, { silent: true })).unitDirectoryImport;
}

export async function recentImports(host: PortalHost): Promise<DirectoryImport[]> {
  return (await host.graphql<{ unitDirectoryImports: DirectoryImport[] }>(`{ unitDirectoryImports(first: 10) { ${IMPORT_FIELDS} } }`, {}, { silent: true })).unitDirectoryImports;
}

export async function planRows(host: PortalHost, id: string, args: { action?: string | null; search?: string | null; first: number; offset: number }): Promise<{ nodes: PlanRow[]; totalCount: number }> {
  const data = await host.graphql<{ unitDirectoryPlan: { nodes: PlanRow[]; totalCount: number } }>(
    `query($id: ID!, $action: String, $search: String, $first: Int, $offset: Int) { unitDirectoryPlan(importId: $id, action: $action, search: $search, first: $first, offset: $offset) {
      totalCount nodes { rowNumber kind action code name parentCode changes { field from to } issues { column reason } activeTeachers } } }`,
    { id, action: args.action || null, search: args.search || null, first: args.first, offset: args.offset },
  );
  return data.unitDirectoryPlan;
}

export async function applyDirectory(host: PortalHost, id: string): Promise<DirectoryImport> {
  return (await host.graphql<{ applyUnitDirectory: DirectoryImport }>(`mutation($id: ID!) { applyUnitDirectory(importId: $id) { ${IMPORT_FIELDS} } }`, { id })).applyUnitDirectory;
}

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface HttpErrorBody { errors?: { message: string; extensions?: { code?: string } }[] }

async function failure(host: PortalHost, res: Response): Promise<Error> {
  const body = (await res.json().catch(() => null)) as HttpErrorBody | null;
  const first = body?.errors?.[0];
  return new Error(host.errorText(first?.extensions?.code, first?.message ?? `HTTP ${res.status}`));
}

/** Uploads the school list; the gateway keeps it and starts the dry run. */
export async function uploadDirectory(host: PortalHost, file: Blob): Promise<{ importId: string; jobId: string }> {
  const res = await host.fetch('/api/unit-directory', { method: 'POST', body: file, headers: { 'Content-Type': XLSX } });
  if (res.status !== 202) throw await failure(host, res);
  return (await res.json()) as { importId: string; jobId: string };
}

/** Saves a gateway download (template, error report) under the name the gateway gives. */
export async function downloadFile(host: PortalHost, path: string, fallbackName: string): Promise<void> {
  const res = await host.fetch(path);
  if (!res.ok) throw await failure(host, res);
  const disposition = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
