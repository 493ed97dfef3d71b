import { defineWorkflow } from '@tmis/gateway/sdk';

/**
 * 职称评审推荐: the school's supervising authority, then the city, then the province (评审委员会
 * decides; its information admin records the decision). A school run directly by a city or the
 * province has fewer distinct posts: a post that already approved is skipped.
 */
export const TITLE_WORKFLOW = defineWorkflow({
  type: 'title_evaluation',
  name: '职称评审推荐',
  skipRepeatedPost: true,
  steps: [
    { key: 'authority', name: '主管部门审核', actor: { relation: 'schoolAuthority', role: 'info_admin' } },
    { key: 'city', name: '市级审核', actor: { relation: 'cityAuthority', role: 'info_admin' } },
    { key: 'province', name: '省级评审', actor: { relation: 'province', role: 'info_admin' } },
  ],
});
