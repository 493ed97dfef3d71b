import type { TeacherNumberState } from '@tmis/shared';
import { reportsToNational, type Config } from '../../platform/config.js';

/**
 * The state of a number issued now. A province reporting to the national system issues a
 * provisional number (临时编号): only the national registry can check the person against every
 * province, and its confirmation arrives by sync. Otherwise the province's own duplicate check
 * (one document, one teacher — the unique document hash) is the whole check, passed at
 * registration: confirmed (正式编号) at once. The national system is the registry itself.
 */
export function initialNumberState(config: Pick<Config, 'mode' | 'nationalUrl' | 'syncKey' | 'registryKey'>): TeacherNumberState {
  return reportsToNational(config) ? 'provisional' : 'confirmed';
}
