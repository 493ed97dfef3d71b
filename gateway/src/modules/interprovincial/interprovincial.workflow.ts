import { defineWorkflow } from '../../platform/approvals/workflow-definition.js';

/**
 * 跨省调动. Receiving province: the receiving school applies, its supervising authority approves,
 * then the request goes to the national system. Releasing province: the releasing school accepts
 * the request (its approval; it opens this case) and its supervising authority approves; the
 * archive then leaves for the receiving province with its history and the same teacher number.
 */
export const INTERPROVINCIAL_IN_WORKFLOW = defineWorkflow({
  type: 'interprovincial_transfer_in',
  name: '跨省调入',
  steps: [{ key: 'receivingAuthority', name: '调入学校主管部门审批', actor: { relation: 'receivingAuthority', role: 'info_admin' } }],
});

export const INTERPROVINCIAL_OUT_WORKFLOW = defineWorkflow({
  type: 'interprovincial_transfer_out',
  name: '跨省调出',
  steps: [{ key: 'releasingAuthority', name: '调出学校主管部门审批', actor: { relation: 'releasingAuthority', role: 'info_admin' } }],
});
