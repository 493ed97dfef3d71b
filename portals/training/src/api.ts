import type { PortalHost } from '@tmis/portal-sdk';
import type { Page } from '@tmis/portal-cases';
import type { CursorPage } from './picker';

export interface Project {
  id: string;
  name: string;
  level: string;
  ownerUnitId: string;
  year: number;
  startDate: string;
  endDate: string;
  hours: number;
  credits: number | null;
  targetParticipants: string | null;
  institutionIds: string[];
  status: string;
  caseId: string | null;
  enrolled: number | null;
  submitted: number | null;
  confirmed: number | null;
  completed: number | null;
}

export interface Enrolment {
  id: string;
  projectId: string;
  teacherId: string;
  teacherNo: string | null;
  teacherName: string | null;
  schoolId: string;
  status: string;
  completed: boolean | null;
  hours: number | null;
  credits: number | null;
  confirmedHours: number | null;
  ruleId: string | null;
  confirmedAt: string | null;
  archiveRecordId: string | null;
  caseId: string | null;
}

export interface RowError {
  rowNumber: number;
  column: string;
  code: string;
  message: string;
}

export interface ImportResult {
  ok: boolean;
  rows: number;
  written: number;
  errors: RowError[];
  errorReport: string | null;
}

export interface Rule {
  id: string;
  provinceUnitId: string | null;
  effectiveFrom: string;
  hoursPerCredit: number;
  cycleHours: number;
  cycleStartYear: number;
  selfStudyClaimHours: number;
  selfStudyYearHours: number;
  note: string | null;
  createdAt: string;
}

export interface Credit {
  id: string;
  source: string;
  projectId: string | null;
  title: string;
  level: string | null;
  year: number;
  endDate: string;
  hours: number;
  credits: number;
  confirmedAt: string;
}

export interface Totals {
  teacherId: string;
  years: { year: number; hours: number; credits: number; records: number }[];
  cycles: { startYear: number; endYear: number; hours: number; credits: number; requiredHours: number; met: boolean }[];
  credits: Credit[];
}

export interface SelfStudy {
  id: string;
  teacherId: string;
  title: string;
  organizer: string | null;
  startDate: string;
  endDate: string;
  hours: number;
  status: string;
  credits: number | null;
  caseId: string | null;
}

export interface CompletionRowGql {
  unitId: string;
  unitName: string;
  teachers: number;
  creditedTeachers: number;
  hours: number;
  credits: number;
  enrolments: number;
  completedEnrolments: number;
  cycleMetTeachers: number;
}

export interface Completion {
  year: number;
  cycleStartYear: number;
  cycleEndYear: number;
  requiredHours: number;
  rows: CompletionRowGql[];
  total: CompletionRowGql;
}

export interface TeacherRow {
  id: string;
  teacherNo: string | null;
  name: string | null;
  employmentStatus: string | null;
  scopePath?: string | null;
  school: { id: string; name: string } | null;
  unit?: { id: string; path: string } | null;
}

export interface UnitRef {
  id: string;
  name: string;
  level: string;
  path: string;
}

export interface ApprovalCase {
  id: string;
  type: string;
  typeName: string;
  subjectType: string;
  subjectId: string;
  status: string;
  currentStep: number;
  currentStepName: string | null;
  payload: Record<string, unknown> | null;
  version: number;
  createdAt: string;
}

const PROJECT = 'id name level ownerUnitId year startDate endDate hours credits targetParticipants institutionIds status caseId enrolled submitted confirmed completed';
const ENROLMENT = 'id projectId teacherId teacherNo teacherName schoolId status completed hours credits confirmedHours ruleId confirmedAt archiveRecordId caseId';
const IMPORT = 'ok rows written errors { rowNumber column code message } errorReport';
const RULE = 'id provinceUnitId effectiveFrom hoursPerCredit cycleHours cycleStartYear selfStudyClaimHours selfStudyYearHours note createdAt';
const SELF_STUDY = 'id teacherId title organizer startDate endDate hours status credits caseId';
const COMPLETION_ROW = 'unitId unitName teachers creditedTeachers hours credits enrolments completedEnrolments cycleMetTeachers';
const TEACHER = 'id teacherNo name employmentStatus school { id name } unit { id path }';
const CASE = 'id type typeName subjectType subjectId status currentStep currentStepName payload version createdAt';

export function trainingApi(host: PortalHost) {
  const gql = host.graphql.bind(host);
  return {
    async me() {
      return (await gql<{ me: { id: string; teacherId: string | null } }>(`query TrainingMe { me { id teacherId } }`, {}, { silent: true })).me;
    },

    /** A page of the projects in view and their total (nothing is cut off). */
    async projects(ownerUnitId: string | null, year: number | null, first: number, offset: number): Promise<{ nodes: Project[]; totalCount: number }> {
      return (await gql<{ trainingProjectPage: { nodes: Project[]; totalCount: number } }>(
        `query TrainingProjects($o: ID, $y: Int, $f: Int!, $off: Int!) { trainingProjectPage(ownerUnitId: $o, year: $y, first: $f, offset: $off) { totalCount nodes { ${PROJECT} } } }`,
        { o: ownerUnitId, y: year, f: first, off: offset },
      )).trainingProjectPage;
    },

    /** Training-institution accounts a project may name (name and unit). */
    async institutions(search = '') {
      return (await gql<{ trainingInstitutions: { id: string; name: string; unitName: string }[] }>(
        `query TrainingInstitutions($s: String, $f: Int) { trainingInstitutions(search: $s, first: $f) { id name unitName } }`, { s: search || null, f: 50 }, { silent: true },
      )).trainingInstitutions;
    },

    async project(id: string) {
      return (await gql<{ trainingProject: Project }>(`query TrainingProject($id: ID!) { trainingProject(id: $id) { ${PROJECT} } }`, { id })).trainingProject;
    },

    async createProject(input: Record<string, unknown>) {
      return (await gql<{ createTrainingProject: Project }>(
        `mutation TrainingCreate($i: TrainingProjectInput!) { createTrainingProject(input: $i) { ${PROJECT} } }`, { i: input }, { silent: true },
      )).createTrainingProject;
    },

    async cancelProject(projectId: string, reason: string) {
      return (await gql<{ cancelTrainingProject: { status: string } }>(
        `mutation TrainingCancel($p: ID!, $r: String!) { cancelTrainingProject(projectId: $p, reason: $r) { status } }`, { p: projectId, r: reason }, { silent: true },
      )).cancelTrainingProject;
    },

    async withdrawEnrolment(enrolmentId: string) {
      return (await gql<{ withdrawTrainingEnrolment: string }>(
        `mutation TrainingWithdraw($e: ID!) { withdrawTrainingEnrolment(enrolmentId: $e) }`, { e: enrolmentId }, { silent: true },
      )).withdrawTrainingEnrolment;
    },

    async enrolments(projectId: string) {
      return (await gql<{ trainingEnrolments: Enrolment[] }>(
        `query TrainingEnrolments($p: ID!) { trainingEnrolments(projectId: $p) { ${ENROLMENT} } }`, { p: projectId },
      )).trainingEnrolments;
    },

    async enrol(projectId: string, teacherIds: string[]) {
      return (await gql<{ enrolTeachers: Enrolment[] }>(
        `mutation TrainingEnrol($p: ID!, $t: [ID!]!) { enrolTeachers(projectId: $p, teacherIds: $t) { ${ENROLMENT} } }`, { p: projectId, t: teacherIds },
      )).enrolTeachers;
    },

    async importEnrolments(projectId: string, file: string) {
      return (await gql<{ importTrainingEnrolments: ImportResult }>(
        `mutation TrainingImportEnrol($p: ID!, $f: String!) { importTrainingEnrolments(projectId: $p, file: $f) { ${IMPORT} } }`, { p: projectId, f: file },
      )).importTrainingEnrolments;
    },

    async submitResults(projectId: string, results: { teacherId: string; completed: boolean; hours: number }[]) {
      return (await gql<{ submitTrainingResults: Enrolment[] }>(
        `mutation TrainingResults($p: ID!, $r: [TrainingResultInput!]!) { submitTrainingResults(projectId: $p, results: $r) { ${ENROLMENT} } }`, { p: projectId, r: results },
      )).submitTrainingResults;
    },

    async importResults(projectId: string, file: string) {
      return (await gql<{ importTrainingResults: ImportResult }>(
        `mutation TrainingImportResults($p: ID!, $f: String!) { importTrainingResults(projectId: $p, file: $f) { ${IMPORT} } }`, { p: projectId, f: file },
      )).importTrainingResults;
    },

    async template(kind: 'enrolments' | 'results', projectId: string) {
      return (await gql<{ trainingTemplate: string }>(`query TrainingTemplate($k: String!, $p: ID) { trainingTemplate(kind: $k, projectId: $p) }`, { k: kind, p: projectId })).trainingTemplate;
    },

    async confirm(projectId: string, enrolmentIds: string[] | null) {
      return (await gql<{ confirmTrainingCredits: Enrolment[] }>(
        `mutation TrainingConfirm($p: ID!, $e: [ID!]) { confirmTrainingCredits(projectId: $p, enrolmentIds: $e) { ${ENROLMENT} } }`, { p: projectId, e: enrolmentIds },
      )).confirmTrainingCredits;
    },

    async rules() {
      return (await gql<{ trainingRules: Rule[] }>(`query TrainingRules { trainingRules { ${RULE} } }`)).trainingRules;
    },

    async addRule(input: Record<string, unknown>) {
      return (await gql<{ addTrainingRuleVersion: Rule }>(
        `mutation TrainingAddRule($i: TrainingRuleInput!) { addTrainingRuleVersion(input: $i) { ${RULE} } }`, { i: input }, { silent: true },
      )).addTrainingRuleVersion;
    },

    async totals(teacherId: string) {
      return (await gql<{ trainingTotals: Totals }>(
        `query TrainingTotals($t: ID!) { trainingTotals(teacherId: $t) { teacherId years { year hours credits records } cycles { startYear endYear hours credits requiredHours met }
          credits { id source projectId title level year endDate hours credits confirmedAt } } }`, { t: teacherId },
      )).trainingTotals;
    },

    async selfStudies(teacherId: string) {
      return (await gql<{ selfStudies: SelfStudy[] }>(`query TrainingSelfStudies($t: ID!) { selfStudies(teacherId: $t) { ${SELF_STUDY} } }`, { t: teacherId }, { silent: true })).selfStudies;
    },

    async submitSelfStudy(input: Record<string, unknown>) {
      return (await gql<{ submitSelfStudy: SelfStudy }>(
        `mutation TrainingSelfStudy($i: TrainingSelfStudyInput!) { submitSelfStudy(input: $i) { ${SELF_STUDY} } }`, { i: input }, { silent: true },
      )).submitSelfStudy;
    },

    async completion(unitId: string, year: number) {
      return (await gql<{ trainingCompletion: Completion }>(
        `query TrainingCompletion($u: ID!, $y: Int!) { trainingCompletion(unitId: $u, year: $y) { year cycleStartYear cycleEndYear requiredHours rows { ${COMPLETION_ROW} } total { ${COMPLETION_ROW} } } }`,
        { u: unitId, y: year },
      )).trainingCompletion;
    },

    /** Teachers in scope by name, a page at a time (cursor `after`); the total is the search's. */
    async teachers(filter: Record<string, unknown>, first = 50, after: string | null = null): Promise<CursorPage<TeacherRow>> {
      return (await gql<{ teachers: CursorPage<TeacherRow> }>(
        `query TrainingTeachers($f: TeacherFilter, $n: Int!, $a: String) { teachers(filter: $f, first: $n, after: $a, orderBy: NAME) { totalCount nodes { ${TEACHER} } pageInfo { hasNextPage endCursor } } }`,
        { f: filter, n: first, a: after },
      )).teachers;
    },

    async teacher(id: string) {
      return (await gql<{ teacher: TeacherRow }>(`query TrainingTeacher($id: ID!) { teacher(id: $id) { ${TEACHER} } }`, { id })).teacher;
    },

    async unit(id: string) {
      return (await gql<{ unit: UnitRef }>(`query TrainingUnit($id: ID!) { unit(id: $id) { id name level path } }`, { id }, { silent: true })).unit;
    },

    async units(search: string) {
      return (await gql<{ units: { nodes: UnitRef[] } }>(`query TrainingUnits($s: String) { units(search: $s, first: 30) { nodes { id name level path } } }`, { s: search || null }, { silent: true })).units.nodes;
    },

    /** A page of the cases of these (training) types waiting for the user's post, longest waiting first, with their total (nothing cut off). */
    async inbox(types: readonly string[], first: number, offset: number): Promise<Page<{ daysPending: number; approvalCase: ApprovalCase }>> {
      return (await gql<{ approvalInboxPage: Page<{ daysPending: number; approvalCase: ApprovalCase }> }>(
        `query TrainingInbox($t: [String!], $f: Int!, $o: Int!) { approvalInboxPage(types: $t, first: $f, offset: $o) { totalCount nodes { daysPending approvalCase { ${CASE} } } } }`,
        { t: types, f: first, o: offset },
      )).approvalInboxPage;
    },

    async approve(id: string, version: number, comment: string | null) {
      return (await gql<{ approveCase: ApprovalCase }>(`mutation TrainingApprove($id: ID!, $v: Int, $c: String) { approveCase(id: $id, version: $v, comment: $c) { ${CASE} } }`, { id, v: version, c: comment }, { silent: true })).approveCase;
    },

    async returnCase(id: string, version: number, reason: string) {
      return (await gql<{ returnCase: ApprovalCase }>(`mutation TrainingReturn($id: ID!, $v: Int, $r: String!) { returnCase(id: $id, version: $v, reason: $r) { ${CASE} } }`, { id, v: version, r: reason }, { silent: true })).returnCase;
    },
  };
}

export type TrainingApi = ReturnType<typeof trainingApi>;
