import { Unit } from '../modules/units/unit.entity.js';
import { Teacher } from '../modules/teachers/teacher.entity.js';
import { Employment } from '../modules/teachers/employment.entity.js';
import { ArchiveRecord } from '../modules/archive/archive-record.entity.js';
import { Account } from '../modules/accounts/account.entity.js';
import { AccountChangeRequest } from '../modules/accounts/account-change-request.entity.js';
import { Session } from '../modules/auth/session.entity.js';
import { LoginChallenge } from '../modules/auth/login-challenge.entity.js';
import { AuditEntry } from '../platform/audit/audit-entry.entity.js';
import { IndicatorDefinition } from '../modules/indicators/indicator.entity.js';
import { StatusChange } from '../modules/status-changes/status-change.entity.js';
import { UpdateCampaign } from '../modules/campaigns/campaign.entity.js';
import { SpotCheck, SpotCheckItem } from '../modules/spot-checks/spot-check.entity.js';
import { DataExport } from '../modules/exports/data-export.entity.js';
import { Job } from '../platform/jobs/job.entity.js';
import { ProblemRecord } from '../modules/imports/problem-record.entity.js';
import { ApprovalCase, ApprovalStep } from '../platform/approvals/approval.entity.js';
import { Notification } from '../platform/approvals/notification.entity.js';
import { Transfer } from '../modules/transfers/transfer.entity.js';
import { Rotation } from '../modules/rotations/rotation.entity.js';
import { SavedQuery } from '../modules/saved-queries/saved-query.entity.js';
import { DataSharingApplication, DataSharingUse } from '../modules/data-sharing/data-sharing.entity.js';

import { TrainingCredit, TrainingEnrolment, TrainingProject, TrainingRule, TrainingSelfStudy } from '../modules/training/training.entity.js';
import { RegistrationApplication, RegistrationBatch } from '../modules/registration/registration.entity.js';
import { InterprovincialTransfer } from '../modules/interprovincial/interprovincial-transfer.entity.js';
import { UnitDirectoryImport } from '../modules/unit-directory/unit-directory-import.entity.js';
/** Every entity of the core, listed explicitly (no folder scanning at start-up). */
export const coreEntities = [Unit, Teacher, Employment, ArchiveRecord, Account, AccountChangeRequest, Session, LoginChallenge, AuditEntry, IndicatorDefinition, StatusChange, UpdateCampaign, SpotCheck, SpotCheckItem, DataExport, Job, ProblemRecord, ApprovalCase, ApprovalStep, Notification, Transfer, Rotation, SavedQuery, DataSharingApplication, DataSharingUse, TrainingRule, TrainingProject, TrainingEnrolment, TrainingSelfStudy, TrainingCredit, RegistrationBatch, RegistrationApplication, InterprovincialTransfer, UnitDirectoryImport];
