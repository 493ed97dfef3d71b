import type { NonEmptyArray } from 'type-graphql';
import { AuthResolver } from '../modules/auth/auth.resolver.js';
import { RevocationResolver } from '../modules/auth/revocation.resolver.js';
import { AccountChangeRequestResolver, AccountResolver, MeResolver } from '../modules/accounts/account.resolver.js';
import { AuditLogResolver } from '../modules/audit-log/audit-log.resolver.js';
import { UnitResolver } from '../modules/units/unit.resolver.js';
import { TeacherResolver } from '../modules/teachers/teacher.resolver.js';
import { CodeListResolver } from '../modules/code-lists/code-list.resolver.js';
import { AuditResolver } from '../platform/audit/audit.resolver.js';
import { PortalModuleResolver } from '../platform/modules/portal-modules.js';
import { ArchiveRecordActorResolver, ArchiveResolver, TeacherSetRecordActorResolver } from '../modules/archive/archive.resolver.js';
import { ArchiveRecordDataResolver } from '../modules/archive/record-data.resolver.js';
import { IndicatorResolver } from '../modules/indicators/indicator.resolver.js';
import { StatusChangeResolver } from '../modules/status-changes/status-change.resolver.js';
import { CampaignResolver } from '../modules/campaigns/campaign.resolver.js';
import { SpotCheckItemResolver, SpotCheckResolver } from '../modules/spot-checks/spot-check.resolver.js';
import { ExportResolver } from '../modules/exports/export.resolver.js';
import { JobResolver } from '../platform/jobs/job.resolver.js';
import { ProblemRecordResolver } from '../modules/imports/problem-record.resolver.js';
import { ApprovalInboxResolver, ApprovalResolver } from '../platform/approvals/approval.resolver.js';
import { TransferResolver } from '../modules/transfers/transfer.resolver.js';
import { RotationResolver } from '../modules/rotations/rotation.resolver.js';

import { SavedQueryResolver } from '../modules/saved-queries/saved-query.resolver.js';
import { WorkforceReportResolver } from '../modules/workforce-report/workforce-report.resolver.js';
import { DataSharingResolver } from '../modules/data-sharing/data-sharing.resolver.js';
import { TrainingCreditResolver, TrainingResolver } from '../modules/training/training.resolver.js';
import { TrainingCreditSourceResolver, TrainingProjectResolver } from '../modules/training/training-organizer.resolver.js';
import { RegistrationResolver } from '../modules/registration/registration.resolver.js';
import { StatisticsResolver } from '../modules/statistics/statistics.resolver.js';
import { QuotaResolver } from '../modules/quotas/quota.resolver.js';
import { SyncResolver } from '../modules/sync/sync.resolver.js';
import { InterprovincialResolver } from '../modules/interprovincial/interprovincial.resolver.js';
import { UnitDirectoryResolver } from '../modules/unit-directory/unit-directory.resolver.js';
export const coreResolvers: NonEmptyArray<Function> = [
  AuthResolver, RevocationResolver, MeResolver, AccountResolver, UnitResolver, TeacherResolver, CodeListResolver, AuditResolver, PortalModuleResolver, ArchiveResolver, ArchiveRecordActorResolver, ArchiveRecordDataResolver, IndicatorResolver, StatusChangeResolver, CampaignResolver,
  SpotCheckResolver, SpotCheckItemResolver, ExportResolver,
  JobResolver, ProblemRecordResolver,
  ApprovalResolver,
  ApprovalInboxResolver,
  TeacherSetRecordActorResolver,
  TransferResolver, RotationResolver,
  SavedQueryResolver, WorkforceReportResolver, DataSharingResolver,
  TrainingResolver, TrainingCreditResolver, RegistrationResolver,
  TrainingProjectResolver, TrainingCreditSourceResolver,
  StatisticsResolver, QuotaResolver,
  SyncResolver, InterprovincialResolver,
  UnitDirectoryResolver,
  AccountChangeRequestResolver, AuditLogResolver,
];
