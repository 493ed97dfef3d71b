import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

@InputType('InitiateInterprovincialTransferInput')
export class InitiateInterprovincialTransferInput {
  @Field({ description: '调出省份代码，如 330000' }) fromProvinceCode: string;
  @Field({ description: '证件类型代码' }) idType: string;
  @Field({ description: '证件号码' }) idNumber: string;
  @Field({ description: '姓名（须与全国库登记一致）' }) name: string;
  @Field(() => ID, { description: '调入学校或院系' }) toUnitId: string;
  @Field({ description: '生效日期 YYYY-MM-DD' }) effectiveDate: string;
  @Field(() => String, { nullable: true }) reason?: string | null;
}

@ObjectType('InterprovincialTransfer', { description: '跨省调动' })
export class InterprovincialTransferGql {
  @Field(() => ID) id: string;
  @Field({ description: 'in（调入省）| out（调出省）| relay（全国系统）' }) direction: string;
  @Field() fromProvince: string;
  @Field() toProvince: string;
  @Field(() => ID, { nullable: true }) teacherId: string | null;
  @Field(() => String, { nullable: true }) teacherNo: string | null;
  @Field() teacherName: string;
  @Field() toUnitName: string;
  @Field() effectiveDate: string;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field() status: string;
  @Field(() => String, { nullable: true }) closeReason: string | null;
  @Field(() => ID, { nullable: true }) caseId: string | null;
  @Field(() => Date, { nullable: true }) completedAt: Date | null;
  @Field() createdAt: Date;
}

@ObjectType('InterprovincialTransferPage', { description: '跨省调动列表的一页及总数' })
export class InterprovincialTransferPageGql {
  @Field(() => [InterprovincialTransferGql]) nodes: InterprovincialTransferGql[];
  @Field(() => Int) totalCount: number;
}
