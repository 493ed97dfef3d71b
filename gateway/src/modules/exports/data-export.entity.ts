import { ArrayType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { uuidv7 } from '../../platform/ids.js';

/** `saved_query`: the result of a saved report query; `data_sharing`: a file taken under an approved sharing. */
export type DataExportKind = 'teachers' | 'saved_query' | 'data_sharing';

/**
 * One export of teacher data (数据导出有据可查): who, when, why, with which filters and fields,
 * how many rows — and the produced file, downloadable by the exporter for 24 hours. The record
 * itself is kept; only the file is dropped after expiry.
 */
@Entity({ tableName: 'data_export' })
@Index({ properties: ['exporterAccountId', 'createdAt'] })
export class DataExport {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ length: 20 })
  kind: DataExportKind;

  @Property({ type: 'text' })
  purpose: string;

  /** The filter as given, with any document number masked. */
  @Property({ type: 'json' })
  filters: Record<string, unknown>;

  @Property({ type: ArrayType, columnType: 'text[]' })
  fields: string[];

  @Property({ type: 'integer' })
  rowCount: number;

  @Property({ type: 'uuid' })
  exporterAccountId: string;

  @Property({ length: 32 })
  exporterUsername: string;

  @Property({ type: 'uuid' })
  exporterUnitId: string;

  /** The exporter's unit path: authorities above list the exports of their subtree. */
  @Property({ type: 'text' })
  scopePath: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'bytea', lazy: true, nullable: true })
  file?: Buffer | null;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;
}
