import { defaultLocale, type Locale } from '../locale.js';
import type { CodeItem, CodeList } from './code-list.js';
import { degreeList } from './lists/degree.js';
import { educationLevelList } from './lists/education-level.js';
import { ethnicityList } from './lists/ethnicity.js';
import { genderList } from './lists/gender.js';
import { idDocumentTypeList } from './lists/id-document-type.js';
import { politicalStatusList } from './lists/political-status.js';
import { professionalTitleList } from './lists/professional-title.js';
import { schoolTypeList } from './lists/school-type.js';
import { sponsorTypeList } from './lists/sponsor-type.js';
import {
  assessmentResultList,
  employmentStatusList,
  establishmentStatusList,
  postCategoryList,
  staffCategoryList,
} from './lists/staff.js';
import { stageList } from './lists/stage.js';
import { teacherNumberStateList } from './lists/teacher-number-state.js';
import { urbanRuralTypeList } from './lists/urban-rural-type.js';

export type CodeListId =
  | 'gender'
  | 'ethnicity'
  | 'idDocumentType'
  | 'schoolType'
  | 'stage'
  | 'sponsorType'
  | 'urbanRuralType'
  | 'educationLevel'
  | 'degree'
  | 'politicalStatus'
  | 'postCategory'
  | 'professionalTitle'
  | 'staffCategory'
  | 'establishmentStatus'
  | 'employmentStatus'
  | 'assessmentResult'
  | 'numberState';

export const codeLists: Record<CodeListId, CodeList> = {
  gender: genderList,
  ethnicity: ethnicityList,
  idDocumentType: idDocumentTypeList,
  schoolType: schoolTypeList,
  stage: stageList,
  sponsorType: sponsorTypeList,
  urbanRuralType: urbanRuralTypeList,
  educationLevel: educationLevelList,
  degree: degreeList,
  politicalStatus: politicalStatusList,
  postCategory: postCategoryList,
  professionalTitle: professionalTitleList,
  staffCategory: staffCategoryList,
  establishmentStatus: establishmentStatusList,
  employmentStatus: employmentStatusList,
  assessmentResult: assessmentResultList,
  numberState: teacherNumberStateList,
};

const indexes = new Map<CodeListId, Map<string, CodeItem>>();

function indexOf(listId: CodeListId): Map<string, CodeItem> {
  let index = indexes.get(listId);
  if (!index) {
    index = new Map(codeLists[listId].items.map((item) => [item.code, item]));
    indexes.set(listId, index);
  }
  return index;
}

export function getCodeList(id: CodeListId): CodeList {
  return codeLists[id];
}

export function findCodeItem(listId: CodeListId, code: string): CodeItem | undefined {
  return indexOf(listId).get(code);
}

/**
 * True when `code` is in the list. Deprecated codes count by default so stored data
 * stays valid; pass `{ allowDeprecated: false }` when checking newly entered data.
 */
export function isValidCode(listId: CodeListId, code: string, opts: { allowDeprecated?: boolean } = {}): boolean {
  const item = findCodeItem(listId, code);
  return item !== undefined && (opts.allowDeprecated !== false || !item.deprecated);
}

/** Display name of a code; English falls back to Chinese. Undefined for unknown codes. */
export function codeName(listId: CodeListId, code: string, locale: Locale = defaultLocale): string | undefined {
  const item = findCodeItem(listId, code);
  if (!item) return undefined;
  return locale === 'en' ? (item.nameEn ?? item.name) : item.name;
}
