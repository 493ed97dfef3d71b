import type { CodeList } from '../code-list.js';

// 2/3/4 are the GB/T 6864-2003 degree levels; '0' (无) is this system's own code.
export const degreeList: CodeList = {
  id: 'degree',
  name: '学位',
  nameEn: 'Degree',
  standard: 'GB/T 6864-2003（层次）',
  version: '1',
  items: [
    { code: '2', name: '博士', nameEn: 'Doctorate' },
    { code: '3', name: '硕士', nameEn: "Master's" },
    { code: '4', name: '学士', nameEn: "Bachelor's" },
    { code: '0', name: '无', nameEn: 'None' },
  ],
};
