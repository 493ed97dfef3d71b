import type { CodeList } from '../code-list.js';

// `area` groups the codes the way education statistics report them: 城区, 镇区, 乡村.
export const urbanRuralTypeList: CodeList = {
  id: 'urbanRuralType',
  name: '城乡类型',
  nameEn: 'Urban/rural type',
  standard: '国家统计局 统计用城乡划分代码',
  version: '1',
  items: [
    { code: '111', name: '主城区', nameEn: 'Main urban area', extra: { area: 'urban' } },
    { code: '112', name: '城乡结合区', nameEn: 'Urban-rural fringe', extra: { area: 'urban' } },
    { code: '121', name: '镇中心区', nameEn: 'Town centre', extra: { area: 'town' } },
    { code: '122', name: '镇乡结合区', nameEn: 'Town-rural fringe', extra: { area: 'town' } },
    { code: '123', name: '特殊区域', nameEn: 'Special area', extra: { area: 'town' } },
    { code: '210', name: '乡中心区', nameEn: 'Township centre', extra: { area: 'rural' } },
    { code: '220', name: '村庄', nameEn: 'Village', extra: { area: 'rural' } },
  ],
};
