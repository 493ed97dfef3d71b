import 'reflect-metadata';
import { defineGatewayModule } from '@tmis/gateway/sdk';
import { titleEvaluationAbilities } from './abilities.js';
import { TitleNomination, TitleQuota, TitleRound } from './entities.js';
import { TitleEvaluation20261123100000Init } from './migrations.js';
import { TitleNominationResolver, TitleRoundResolver } from './resolver.js';
// Registers the workflow's effects (archive write on approval, quota release on return).
import './hooks.js';

export { TITLE_WORKFLOW } from './workflow.js';
export { titleError } from './errors.js';
export { evaluateEligibility, PROMOTION, EVALUATED_TITLES } from './rules/eligibility.js';

/**
 * 职称评聘 — the example province module (issue #6): the province opens a round with quotas split
 * by headcount, authorities pass theirs down, schools nominate eligible teachers, authorities
 * review on the approval engine, and the final approval appoints the title in the archive.
 */
export default defineGatewayModule({
  name: 'title-evaluation',
  title: '职称评聘',
  entities: [TitleRound, TitleQuota, TitleNomination],
  resolvers: [TitleRoundResolver, TitleNominationResolver],
  migrations: [{ name: 'TitleEvaluation20261123100000Init', class: TitleEvaluation20261123100000Init }],
  abilities: titleEvaluationAbilities,
});
