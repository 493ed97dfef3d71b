import 'reflect-metadata';
import { Arg, Field, ID, InputType, Query, Resolver } from 'type-graphql';
import { InputLimit, InputLimits } from './input-limits.js';

/** Test fixture (input-limits.test.ts): one declared input field, one declared argument, the rest by type and name. */
@InputType()
class SampleInput {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) reason?: string;
  @Field(() => ID, { nullable: true }) unitId?: string;
  @InputLimit('document') @Field(() => String, { nullable: true }) query?: string;
}

@Resolver()
export class SampleResolver {
  @Query(() => Boolean)
  @InputLimits({ payload: 'base64' })
  sample(
    @Arg('id', () => ID, { nullable: true }) _id?: string,
    @Arg('input', () => SampleInput, { nullable: true }) _input?: SampleInput,
    @Arg('payload', () => String, { nullable: true }) _payload?: string,
    @Arg('tags', () => [String], { nullable: true }) _tags?: string[],
    @Arg('ids', () => [ID], { nullable: true }) _ids?: string[],
  ): boolean {
    return true;
  }
}

