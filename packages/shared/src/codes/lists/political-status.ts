import type { CodeList } from '../code-list.js';

export const politicalStatusList: CodeList = {
  id: 'politicalStatus',
  name: '政治面貌',
  nameEn: 'Political status',
  standard: 'GB/T 4762-1984',
  version: '1',
  items: [
    { code: '01', name: '中共党员', nameEn: 'Member of the Communist Party of China' },
    { code: '02', name: '中共预备党员', nameEn: 'Probationary member of the Communist Party of China' },
    { code: '03', name: '共青团员', nameEn: 'Member of the Communist Youth League' },
    { code: '04', name: '民革党员', nameEn: 'Member of the Revolutionary Committee of the Kuomintang' },
    { code: '05', name: '民盟盟员', nameEn: 'Member of the China Democratic League' },
    { code: '06', name: '民建会员', nameEn: 'Member of the China National Democratic Construction Association' },
    { code: '07', name: '民进会员', nameEn: 'Member of the China Association for Promoting Democracy' },
    { code: '08', name: '农工党党员', nameEn: "Member of the Chinese Peasants' and Workers' Democratic Party" },
    { code: '09', name: '致公党党员', nameEn: 'Member of the China Zhi Gong Party' },
    { code: '10', name: '九三学社社员', nameEn: 'Member of the Jiusan Society' },
    { code: '11', name: '台盟盟员', nameEn: 'Member of the Taiwan Democratic Self-Government League' },
    { code: '12', name: '无党派人士', nameEn: 'Without party affiliation' },
    { code: '13', name: '群众', nameEn: 'Ordinary citizen' },
  ],
};
