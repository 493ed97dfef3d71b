import type { ErrorMessageTable } from './message-table.js';

/** Running a deployment: its first set-up (`npm run setup`), health, metrics, backup and restore (issue 12). */
export const OPERATIONS_ERRORS = {
  // first set-up of a deployment (npm run setup)
  SETUP_PROVINCE_UNKNOWN: { zh: '省份代码不是31个省级行政区之一（如 110000 北京市、330000 浙江省）', en: 'The province code is not one of the 31 provincial-level divisions (e.g. 110000, 330000)' },
  SETUP_MODE_MISMATCH: { zh: '初始化参数与本系统配置（TMIS_MODE、TMIS_PROVINCE_CODE）不一致', en: 'The set-up options do not match the configuration (TMIS_MODE, TMIS_PROVINCE_CODE)' },
  SETUP_DATABASE_IN_USE: { zh: '数据库中已有其他单位数据（如演示数据或其他省份），不能在此初始化', en: 'The database already holds other units (demo data or another province); set-up refused' },
  DEPLOYMENT_DATA_MISMATCH: { zh: '数据库中的省级单位与本系统配置的省份代码（TMIS_PROVINCE_CODE）不一致，已拒绝启动', en: 'The province units in the database do not match the configured province code (TMIS_PROVINCE_CODE); start-up refused' },
  // health, metrics, backup and restore
  NOT_READY_DATABASE_UNREACHABLE: { zh: '数据库无法连接，本进程暂不接收请求', en: 'The database cannot be reached; this process is not ready' },
  NOT_READY_MIGRATIONS_PENDING: { zh: '数据库结构尚未升级到本版本（有未执行的迁移），本进程暂不接收请求', en: 'Migrations of this version are not applied yet; this process is not ready' },
  NOT_READY_SHUTTING_DOWN: { zh: '本进程正在停止，请求将由其他进程处理', en: 'This process is shutting down' },
  METRICS_FORBIDDEN: { zh: '监控指标只对运维开放（须提供运维令牌，或从本机直接访问）', en: 'Metrics are for operators only (operator token, or a direct local connection)' },
  BACKUP_TOOL_MISSING: { zh: '找不到与数据库服务器主版本相同的 PostgreSQL 备份工具（pg_dump/pg_restore）', en: 'No pg_dump/pg_restore of the database server\'s major version was found' },
  BACKUP_FAILED: { zh: '备份失败', en: 'The backup failed' },
  RESTORE_FILE_INVALID: { zh: '备份文件不存在或不是有效的 PostgreSQL 自定义格式备份', en: 'The backup file is missing or not a PostgreSQL custom-format archive' },
  RESTORE_TARGET_NOT_EMPTY: { zh: '目标数据库不是空库，拒绝覆盖（确需覆盖请加 --force）', en: 'The target database is not empty; use --force to overwrite it' },
  RESTORE_FAILED: { zh: '恢复失败', en: 'The restore failed' },
} as const satisfies ErrorMessageTable;
