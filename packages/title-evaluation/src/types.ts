import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ApprovalCaseGql } from '@tmis/gateway/sdk';

@ObjectType('TitleRound', { description: '职称评审轮次' })
export class TitleRoundGql {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: '评审年度' }) year: number;
  @Field() name: string;
  @Field(() => [String], { description: '本轮评审的职称（专业技术职务代码）' }) titles: string[];
  @Field({ description: '申报开始日期' }) nominationStart: string;
  @Field({ description: '申报截止日期（任职年限计算至此日）' }) nominationEnd: string;
  @Field(() => Int, { description: '名额总数' }) totalQuota: number;
  @Field(() => Int, { description: '任现职年限要求' }) minYearsInTitle: number;
  @Field(() => Int, { description: '须合格及以上的近年年度考核年数' }) assessmentYears: number;
  @Field({ description: 'open 进行中 / closed 已结束' }) status: string;
  @Field() createdAt: Date;
}

@InputType('OpenTitleRoundInput')
export class OpenTitleRoundInput {
  @Field(() => Int) year: number;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => [String]) titles: string[];
  @Field() nominationStart: string;
  @Field() nominationEnd: string;
  @Field(() => Int) totalQuota: number;
  @Field(() => Int, { nullable: true, description: '默认 5 年' }) minYearsInTitle?: number | null;
  @Field(() => Int, { nullable: true, description: '默认近 3 年' }) assessmentYears?: number | null;
}

@ObjectType('TitleQuota', { description: '单位推荐名额及其分配计算过程（最大余额法）' })
export class TitleQuotaGql {
  @Field(() => ID) id: string;
  @Field(() => ID) roundId: string;
  @Field(() => ID) unitId: string;
  @Field() unitName: string;
  @Field() unitCode: string;
  @Field() unitLevel: string;
  @Field(() => ID, { nullable: true, description: '分出本名额的上级名额' }) parentQuotaId?: string | null;
  @Field(() => Int, { description: '名额' }) quota: number;
  @Field(() => Int, { description: '已推荐（审核中及已通过）' }) used: number;
  @Field(() => Int, { description: '已再分配给下级的名额' }) allocatedDown: number;
  @Field(() => Int, { description: '剩余可用（名额 − 已推荐 − 已下分）' }) available: number;
  @Field(() => Int, { description: '在岗人数（分配依据）' }) headcount: number;
  @Field(() => Float, { description: '应得份额 = 总数 × 人数 ÷ 总人数' }) exactQuota: number;
  @Field(() => Int, { description: '整数部分' }) floor: number;
  @Field(() => Float, { description: '余数' }) remainder: number;
  @Field(() => Int, { nullable: true, description: '余数排名' }) remainderRank?: number | null;
  @Field(() => Int, { description: '按余数追加的名额（0 或 1）' }) fromRemainder: number;
}

@ObjectType('TitleQuotaPage', { description: '名额的一页及总数' })
export class TitleQuotaPageGql {
  @Field(() => [TitleQuotaGql]) nodes: TitleQuotaGql[];
  @Field(() => Int) totalCount: number;
}

@ObjectType('TitleQuotaAllocation', { description: '一个单位名额的分配：本单位名额与各下级单位的计算过程' })
export class TitleQuotaAllocationGql {
  @Field(() => TitleQuotaGql) own: TitleQuotaGql;
  @Field(() => [TitleQuotaGql], { description: '各直接下级单位的计算过程（全部，每个下级单位一行；分页显示用 titleQuotaPage(parentUnitId)）' }) rows: TitleQuotaGql[];
  @Field(() => Int, { description: '下级单位个数（rows 的条数）' }) rowCount: number;
  @Field(() => Int, { description: '下级单位在岗人数合计' }) totalHeadcount: number;
  @Field(() => Int, { description: '取整后按余数分配的名额数' }) leftover: number;
  @Field() method: string;
}

@ObjectType('TitleCondition', { description: '申报条件（逐项）' })
export class TitleConditionGql {
  @Field({ description: 'employment / current_title / years_in_title / assessments' }) key: string;
  @Field() label: string;
  @Field() met: boolean;
  @Field() reason: string;
}

@ObjectType('TitleEligibility', { description: '教师申报资格（依据档案计算）' })
export class TitleEligibilityGql {
  @Field(() => ID) teacherId: string;
  @Field() teacherName: string;
  @Field(() => String, { nullable: true }) currentTitle: string | null;
  @Field(() => String, { nullable: true }) targetTitle: string | null;
  @Field() eligible: boolean;
  @Field(() => [TitleConditionGql]) conditions: TitleConditionGql[];
}

@ObjectType('TitleNomination', { description: '职称评审推荐' })
export class TitleNominationGql {
  @Field(() => ID) id: string;
  @Field(() => ID) roundId: string;
  @Field(() => ID) teacherId: string;
  @Field() teacherNo: string;
  @Field() teacherName: string;
  @Field(() => ID) schoolId: string;
  @Field() schoolName: string;
  @Field({ description: '教师所在单位路径（门户据此按权限显示操作）' }) scopePath: string;
  @Field(() => String, { nullable: true }) currentTitle?: string | null;
  @Field() targetTitle: string;
  @Field(() => [TitleConditionGql], { description: '推荐时的条件核验' }) conditions: TitleConditionGql[];
  @Field({ description: 'in_review 审核中 / approved 已通过并聘任 / returned 退回 / withdrawn 撤回 / cancelled 撤销' }) status: string;
  @Field(() => String, { nullable: true }) closeReason?: string | null;
  @Field(() => ID, { nullable: true }) caseId?: string | null;
  @Field(() => ID, { nullable: true, description: '写入档案的聘任记录' }) archiveRecordId?: string | null;
  @Field() createdAt: Date;
  @Field(() => ApprovalCaseGql, { nullable: true, description: '审批进度（approveCase / returnCase 办理）' }) approvalCase?: ApprovalCaseGql | null;
}

@ObjectType('TitleNominationPage', { description: '推荐名单的一页及总数' })
export class TitleNominationPageGql {
  @Field(() => [TitleNominationGql]) nodes: TitleNominationGql[];
  @Field(() => Int) totalCount: number;
}
