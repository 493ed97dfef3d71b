import type { TeacherNumberState } from '@tmis/shared/codes';
import type { PortalHost } from '@tmis/portal-sdk';
import type { IndicatorDef } from './fields';
import { ACTOR_FIELDS, type RecordActors } from './record-actors';

export interface UnitRef {
  id: string;
  name: string;
  path?: string;
  level?: string;
  schoolType?: string | null;
}

export interface TeacherRow {
  id: string;
  teacherNo: string | null;
  /** 临时编号 / 正式编号 (null when the caller may not read it). */
  numberState: TeacherNumberState | null;
  name: string | null;
  gender: string | null;
  idNumberMasked: string | null;
  stage: string | null;
  employmentStatus: string | null;
  school: UnitRef | null;
  /** How the caller's unit stands to the teacher: 已调出 and 轮岗来校 are read through a visit. */
  presence: TeacherPresence;
  /** For those who left: the effective date of the move (the archive is read as it stood then). */
  leftOn: string | null;
}

export type TeacherPresence = 'OWN' | 'TRANSFERRED_OUT' | 'ROTATING_OUT' | 'ROTATING_IN';

export interface TeacherDetail extends TeacherRow {
  birthDate: string | null;
  unit: UnitRef | null;
}

/** A record with 填报人 / 提交人 / 学校审核人 / 审批人 / 退回人 by name, unit and time. */
export interface ArchiveRecord extends RecordActors {
  id: string;
  teacherId: string;
  infoSet: string;
  data: Record<string, unknown>;
  status: string;
  changeKind: string;
  supersedesId: string | null;
  changeReason: string | null;
  enteredBy: string | null;
  enteredAt: string | null;
  submittedAt: string | null;
  returnReason: string | null;
  validFrom: string | null;
  validTo: string | null;
  version: number;
}

export interface TeacherFilterInput {
  name?: string;
  teacherNo?: string;
  numberState?: TeacherNumberState;
  idNumber?: string;
  gender?: string;
  stage?: string;
  employmentStatus?: string[];
  presence?: TeacherPresence[];
}

export interface ActionResult {
  id: string;
  ok: boolean;
  code: string | null;
  message: string | null;
  status: string | null;
}

export interface Job {
  id: string;
  kind: string;
  status: string;
  progress: number;
  total: number | null;
  processed: number;
  counts: Record<string, number> | null;
  createdAt: string;
  errorCode: string | null;
  error: string | null;
  hasResult: boolean;
}

const RECORD = `id teacherId infoSet data status changeKind supersedesId changeReason enteredBy enteredAt submittedAt returnReason validFrom validTo version ${ACTOR_FIELDS}`;
const TEACHER_ROW = 'id teacherNo numberState name gender idNumberMasked stage employmentStatus school { id name } presence leftOn';
const JOB = 'id kind status progress total processed counts createdAt errorCode error hasResult';

export function recordsApi(host: PortalHost) {
  const gql = host.graphql.bind(host);
  return {
    async teachers(filter: TeacherFilterInput, first: number, after: string | null) {
      const data = await gql<{ teachers: { totalCount: number; nodes: TeacherRow[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
        `query RecordsTeachers($filter: TeacherFilter, $first: Int!, $after: String) {
          teachers(filter: $filter, first: $first, after: $after, orderBy: NAME) { totalCount nodes { ${TEACHER_ROW} } pageInfo { hasNextPage endCursor } }
        }`,
        { filter, first, after },
      );
      return data.teachers;
    },

    async teacher(id: string) {
      const data = await gql<{ teacher: TeacherDetail }>(
        `query RecordsTeacher($id: ID!) { teacher(id: $id) { ${TEACHER_ROW} birthDate unit { id name path level } school { id name schoolType } } }`,
        { id },
      );
      return data.teacher;
    },

    /**
     * The full document number: the gateway decrypts it only for those whose rules grant the
     * field (information admins) and records the read (teacher.read_sensitive); others get the masked one.
     */
    async idNumber(id: string): Promise<string | null> {
      const data = await gql<{ teacher: { idNumber: string | null } }>(`query RecordsTeacherIdNumber($id: ID!) { teacher(id: $id) { idNumber } }`, { id });
      return data.teacher.idNumber;
    },

    /** Names of the teachers behind queue rows (one request, aliases). */
    async teacherNames(ids: string[]): Promise<Map<string, TeacherRow & { unit?: { path: string } | null }>> {
      const unique = [...new Set(ids)].slice(0, 25);
      if (unique.length === 0) return new Map();
      const fields = unique.map((_, i) => `t${i}: teacher(id: $id${i}) { ${TEACHER_ROW} unit { path } }`).join('\n');
      const vars = unique.map((_, i) => `$id${i}: ID!`).join(', ');
      const data = await gql<Record<string, (TeacherRow & { unit?: { path: string } | null }) | null>>(
        `query RecordsTeacherNames(${vars}) { ${fields} }`,
        Object.fromEntries(unique.map((id, i) => [`id${i}`, id])),
        { silent: true },
      ).catch(() => ({}) as Record<string, null>);
      return new Map(Object.values(data).filter((t) => t !== null).map((t) => [t.id, t]));
    },

    async indicators(): Promise<IndicatorDef[]> {
      const data = await gql<{ indicators: IndicatorDef[] }>(
        `query RecordsIndicators { indicators { code label labelEn type codeItems { code name } required schoolTypes teacherEditable } }`,
        {},
        { silent: true },
      ).catch(() => ({ indicators: [] }));
      return data.indicators;
    },

    /** Current versions per set, and every version and request of the sets asked for. */
    async archive(teacherId: string) {
      const data = await gql<{ teacherArchive: { infoSet: string; records: ArchiveRecord[] }[] }>(
        `query RecordsArchive($t: ID!) { teacherArchive(teacherId: $t) { infoSet records { ${RECORD} } } }`,
        { t: teacherId },
      );
      return data.teacherArchive;
    },

    async history(teacherId: string, infoSet: string) {
      const data = await gql<{ archiveHistory: ArchiveRecord[] }>(
        `query RecordsHistory($t: ID!, $s: String!) { archiveHistory(teacherId: $t, infoSet: $s) { ${RECORD} } }`,
        { t: teacherId, s: infoSet },
      );
      return data.archiveHistory;
    },

    async queue(filter: Record<string, unknown>, first: number, offset: number) {
      const data = await gql<{ archiveRecords: { totalCount: number; nodes: ArchiveRecord[] } }>(
        `query RecordsQueue($f: RecordQueueFilter, $first: Int!, $offset: Int!) { archiveRecords(filter: $f, first: $first, offset: $offset) { totalCount nodes { ${RECORD} } } }`,
        { f: filter, first, offset },
      );
      return data.archiveRecords;
    },

    async save(input: { id?: string; teacherId: string; infoSet: string; data: Record<string, unknown>; version?: number; submit: boolean }) {
      const data = await gql<{ saveArchiveRecord: ArchiveRecord }>(
        `mutation RecordsSave($i: SaveRecordInput!) { saveArchiveRecord(input: $i) { ${RECORD} } }`,
        { i: input },
        { silent: true },
      );
      return data.saveArchiveRecord;
    },

    async submit(ids: string[]) {
      return (await gql<{ submitArchiveRecords: ActionResult[] }>(
        `mutation RecordsSubmit($ids: [ID!]!) { submitArchiveRecords(ids: $ids) { id ok code message status } }`, { ids },
      )).submitArchiveRecords;
    },

    async approve(ids: string[]) {
      return (await gql<{ approveArchiveRecords: ActionResult[] }>(
        `mutation RecordsApprove($ids: [ID!]!) { approveArchiveRecords(ids: $ids) { id ok code message status } }`, { ids },
      )).approveArchiveRecords;
    },

    async returnRecords(ids: string[], reason: string) {
      return (await gql<{ returnArchiveRecords: ActionResult[] }>(
        `mutation RecordsReturn($ids: [ID!]!, $r: String!) { returnArchiveRecords(ids: $ids, reason: $r) { id ok code message status } }`, { ids, r: reason },
      )).returnArchiveRecords;
    },

    async requestChange(recordId: string, reason: string, data: Record<string, unknown> | null, remove: boolean) {
      return (await gql<{ requestArchiveChange: ArchiveRecord }>(
        `mutation RecordsChange($id: ID!, $r: String!, $d: JSON, $del: Boolean) { requestArchiveChange(recordId: $id, reason: $r, data: $d, delete: $del) { ${RECORD} } }`,
        { id: recordId, r: reason, d: data, del: remove },
        { silent: true },
      )).requestArchiveChange;
    },

    async units(search: string) {
      const data = await gql<{ units: { nodes: UnitRef[] } }>(
        `query RecordsUnits($s: String) { units(search: $s, first: 30) { nodes { id name level path } } }`,
        { s: search || null },
        { silent: true },
      );
      return data.units.nodes;
    },

    async job(id: string) {
      return (await gql<{ job: Job }>(`query RecordsJob($id: ID!) { job(id: $id) { ${JOB} } }`, { id }, { silent: true })).job;
    },

    async jobs() {
      return (await gql<{ jobs: Job[] }>(`query RecordsJobs { jobs(kind: "teacher_import", first: 10) { ${JOB} } }`, {}, { silent: true })).jobs;
    },
  };
}

export type RecordsApi = ReturnType<typeof recordsApi>;
