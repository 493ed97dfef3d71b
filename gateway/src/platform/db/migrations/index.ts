import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123060000TrainingCancel } from './Migration20261123060000TrainingCancel.js';
import { Migration20261123030000Statistics } from './Migration20261123030000Statistics.js';
import { Migration20261123010000Transfers } from './Migration20261123010000Transfers.js';
import { Migration20261123040000SavedQueriesSharing } from './Migration20261123040000SavedQueriesSharing.js';
import { Migration20261122040000Campaigns } from './Migration20261122040000Campaigns.js';
import { Migration20261122060000StatusChanges } from './Migration20261122060000StatusChanges.js';
import { Migration20261122000000Foundation } from './Migration20261122000000Foundation.js';
import { Migration20261122005000ArchiveReview } from './Migration20261122005000ArchiveReview.js';
import { Migration20261122010000TeacherListIndexes } from './Migration20261122010000TeacherListIndexes.js';
import { Migration20261122020000SpotChecks } from './Migration20261122020000SpotChecks.js';
import { Migration20261122021000DataExports } from './Migration20261122021000DataExports.js';
import { Migration20261122030000JobsAndImports } from './Migration20261122030000JobsAndImports.js';
import { Migration20261122050000Approvals } from './Migration20261122050000Approvals.js';
import { Migration20261123020000Training } from './Migration20261123020000Training.js';
import { Migration20261123050000Sync } from './Migration20261123050000Sync.js';
import { Migration20261206010000JobQueue } from './Migration20261206010000JobQueue.js';
import { Migration20261205200000UnitDirectory } from './Migration20261205200000UnitDirectory.js';
import { Migration20261206100000SyncAccountable } from './Migration20261206100000SyncAccountable.js';
import { Migration20261207010000EffectiveDates } from './Migration20261207010000EffectiveDates.js';
import { Migration20261207020000NotificationDone } from './Migration20261207020000NotificationDone.js';
import { Migration20261207031500SelfStudyLimits } from './Migration20261207031500SelfStudyLimits.js';

/** Committed migrations, in order. Never edit one that has shipped; add a new one. */
export const coreMigrations: MigrationObject[] = [
  { name: 'Migration20261122000000Foundation', class: Migration20261122000000Foundation },
  { name: 'Migration20261122005000ArchiveReview', class: Migration20261122005000ArchiveReview },
  { name: 'Migration20261122010000TeacherListIndexes', class: Migration20261122010000TeacherListIndexes },
  { name: 'Migration20261122020000SpotChecks', class: Migration20261122020000SpotChecks },
  { name: 'Migration20261122021000DataExports', class: Migration20261122021000DataExports },
  { name: 'Migration20261122030000JobsAndImports', class: Migration20261122030000JobsAndImports },
  { name: 'Migration20261122040000Campaigns', class: Migration20261122040000Campaigns },
  { name: 'Migration20261122060000StatusChanges', class: Migration20261122060000StatusChanges },
  { name: 'Migration20261122050000Approvals', class: Migration20261122050000Approvals },
  { name: 'Migration20261123040000SavedQueriesSharing', class: Migration20261123040000SavedQueriesSharing },
  { name: 'Migration20261123010000Transfers', class: Migration20261123010000Transfers },
  { name: 'Migration20261123020000Training', class: Migration20261123020000Training },
  { name: 'Migration20261123030000Statistics', class: Migration20261123030000Statistics },
  { name: 'Migration20261123050000Sync', class: Migration20261123050000Sync },
  { name: 'Migration20261123060000TrainingCancel', class: Migration20261123060000TrainingCancel },
  { name: 'Migration20261205200000UnitDirectory', class: Migration20261205200000UnitDirectory },
  { name: 'Migration20261206010000JobQueue', class: Migration20261206010000JobQueue },
  { name: 'Migration20261206100000SyncAccountable', class: Migration20261206100000SyncAccountable },
  { name: 'Migration20261207010000EffectiveDates', class: Migration20261207010000EffectiveDates },
  { name: 'Migration20261207020000NotificationDone', class: Migration20261207020000NotificationDone },
  { name: 'Migration20261207031500SelfStudyLimits', class: Migration20261207031500SelfStudyLimits },
];
