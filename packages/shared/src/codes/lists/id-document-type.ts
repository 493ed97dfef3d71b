import { idDocumentTypes as t } from '../../identity/id-document-type.js';
import type { CodeList } from '../code-list.js';

export const idDocumentTypeList: CodeList = {
  id: 'idDocumentType',
  name: '身份证件类型',
  nameEn: 'Identity document type',
  standard: 'JY/T 1001（1、8、A、Z）；其余为本系统代码',
  version: '1',
  items: [
    { code: t.residentIdCard, name: '居民身份证', nameEn: 'Resident identity card' },
    { code: t.passport, name: '护照', nameEn: 'Passport' },
    { code: t.hkMacaoResidencePermit, name: '港澳居民居住证', nameEn: 'Residence permit for Hong Kong and Macao residents' },
    { code: t.taiwanResidencePermit, name: '台湾居民居住证', nameEn: 'Residence permit for Taiwan residents' },
    { code: t.hkMacaoTravelPermit, name: '港澳居民来往内地通行证', nameEn: 'Mainland travel permit for Hong Kong and Macao residents' },
    { code: t.taiwanTravelPermit, name: '台湾居民来往大陆通行证', nameEn: 'Mainland travel permit for Taiwan residents' },
    { code: t.foreignPermanentResidenceCard, name: '外国人永久居留身份证', nameEn: "Foreigner's permanent residence ID card" },
    { code: t.other, name: '其他', nameEn: 'Other' },
  ],
};
