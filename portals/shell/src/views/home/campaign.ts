import { getInfoSet } from '@tmis/shared';
import type { AppAbility } from '../../auth/ability';
import type { Campaign, ConfirmationResult } from './dashboard-api';

/**
 * Whether the user confirms teachers' sets unchanged (确认无变化): a school's (or department's)
 * information admin, by the same rule the gateway applies.
 */
export function canConfirmUnchanged(ability: AppAbility): boolean {
  return ability.can('create', 'CampaignConfirmation');
}

/** The deadline line of the panel: the province's, and the county's own when it set an earlier one. */
export function deadlineParts(c: Campaign): { province: string; county: string | null } {
  return { province: c.deadline, county: c.countyDeadline && c.countyDeadline < c.deadline ? c.countyDeadline : null };
}

/** Set names in the user's language, in the order given. */
export function setNames(codes: readonly string[], locale: string): string[] {
  return codes.map((code) => {
    const def = getInfoSet(code);
    return def ? (locale === 'en' ? def.nameEn : def.name) : code;
  });
}

/** What a bulk confirmation did: how many teachers were confirmed, and the first refusal (code and message). */
export function confirmationOutcome(results: readonly ConfirmationResult[]): { ok: number; failed: number; first: { code: string | null; message: string } | null } {
  const failed = results.filter((r) => !r.ok);
  return {
    ok: results.length - failed.length,
    failed: failed.length,
    first: failed[0] ? { code: failed[0].code, message: failed[0].message ?? '' } : null,
  };
}
