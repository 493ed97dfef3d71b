import type { ErrorMessageTable } from '../../errors/message-table.js';

/** National ⇄ province sync (两级对接) and the national registry (全国教师库, one person one number). */
export const SYNC_ERRORS = {
  SYNC_DISABLED: { zh: '本系统未开启与全国系统的数据对接', en: 'Sync with the national system is not configured here' },
  SYNC_UNREACHABLE: { zh: '暂时无法连接全国系统，变更已保留，将自动重试', en: 'The national system cannot be reached; changes are kept and retried' },
  SYNC_BAD_REQUEST: { zh: '对接请求格式无效', en: 'Malformed sync request' },
  SYNC_UNAUTHENTICATED: { zh: '对接请求的省份密钥签名无效', en: 'The sync request is not signed with the province\'s key' },
  SYNC_CLOCK_SKEW: { zh: '对接请求时间戳超出允许范围，请校准系统时钟', en: 'The sync request timestamp is outside the allowed window' },
  SYNC_REPLAY: { zh: '重复的对接请求（随机数已使用）', en: 'Replayed sync request (nonce already used)' },
  SYNC_NOT_OWNER: { zh: '只能上报本省的单位和教师', en: 'A province may only report its own units and teachers' },
  SYNC_APPLY_FAILED: { zh: '全国系统处理上报数据失败，将自动重试', en: 'The national system failed to apply the changes; they will be retried' },
  REGISTRY_UNIT_CODE_TAKEN: { zh: '单位代码已被其他省份的单位使用', en: 'The unit code belongs to a unit of another province' },
  REGISTRY_TEACHER_NO_TAKEN: { zh: '教师个人标识码已属于全国库中的其他教师', en: 'The teacher number belongs to another teacher in the national registry' },
  // 临时编号 → 正式编号 (issue 13.8): the national registry's check of a new teacher against every province
  REGISTRY_ACTIVE_IN_TWO_PROVINCES: { zh: '全国教师库核查发现该证件号码的教师同时在其他省份登记在职（一人一号冲突）：新登记一方的教师个人标识码保持临时编号。请两省核实，已不在本省任职的办理离职或调动，冲突消除后全国系统复核并转为正式编号', en: 'The national registry found this person registered as employed in another province as well (one person, one number): the newer registration keeps a provisional number. Both provinces should check; once one side has ended the employment or transferred the teacher, the registry checks again and confirms the number' },
  PROBLEM_RESOLVED_BY_REGISTRY: { zh: '该问题数据由全国教师库复核关闭，不能在此重新注册：请更正任职信息（如为已不在本省任职的教师办理离职或调动），冲突消除后自动关闭', en: 'This problem closes when the national registry checks again; it cannot be resolved by registering here: correct the employment (e.g. end it or transfer the teacher) and it closes itself' },
  // why a change was not delivered (syncStatus.reasons, syncRejections): national answers, then the province's own
  SYNC_UNIT_UNKNOWN: { zh: '全国系统没有该变更所在的单位（单位尚未上报或未被接收），多次重试后仍未接收', en: 'The national system does not hold the unit this change belongs to, after repeated retries' },
  SYNC_UNIT_REJECTED: { zh: '该变更所在的单位已被全国系统拒收，请先处理单位的拒收原因', en: 'The unit this change belongs to was refused by the national system; resolve that first' },
  SYNC_PROVINCE_UNKNOWN: { zh: '全国系统没有本省的省级单位，本省数据无法接收', en: 'The national system does not hold this province\'s unit, so it cannot take its data' },
  SYNC_OUTSIDE_PROVINCE: { zh: '不属于本省（配置的省份代码）的单位或教师，未上报', en: 'A unit or teacher outside this province (the configured province code) is not reported' },
  SYNC_ABOVE_PROVINCE: { zh: '全国根单位由全国系统维护，不上报', en: 'The national root unit is kept by the national system and is not reported' },
  SYNC_RELEASED: { zh: '已跨省调出的教师，其档案已随调出上报，此后的变更不再上报', en: 'The teacher was handed over to another province; later changes are not reported' },
  SYNC_RECORD_GONE: { zh: '该单位或教师在本省已不存在，未上报', en: 'The unit or teacher no longer exists in this province; not reported' },
  SYNC_REASON_UNRECORDED: { zh: '拒收原因未记录（升级前的上报）', en: 'No reason was recorded (reported before the upgrade)' },
} as const satisfies ErrorMessageTable;
