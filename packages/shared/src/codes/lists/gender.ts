import type { CodeList } from '../code-list.js';

/** GB/T 2261.1-2003 gender codes (not contiguous). */
export type GenderCode = '0' | '1' | '2' | '5' | '6' | '9';

export const genderList: CodeList = {
  id: 'gender',
  name: '性别',
  nameEn: 'Gender',
  standard: 'GB/T 2261.1-2003',
  version: '1',
  items: [
    { code: '0', name: '未知的性别', nameEn: 'Not known' },
    { code: '1', name: '男', nameEn: 'Male' },
    { code: '2', name: '女', nameEn: 'Female' },
    { code: '5', name: '女性改(变)为男性', nameEn: 'Female changed to male' },
    { code: '6', name: '男性改(变)为女性', nameEn: 'Male changed to female' },
    { code: '9', name: '未说明的性别', nameEn: 'Not stated' },
  ],
};
