import type { EntityManager } from '@mikro-orm/postgresql';
import type { Runtime } from '../../platform/runtime.js';
import { uuidv7 } from '../../platform/ids.js';
import { exec } from './sql.js';

/** A message from a province, handled at the national system inside the push transaction. */
export type NationalMessageHandler = (tx: EntityManager, runtime: Runtime, fromProvince: string, payload: Record<string, any>) => Promise<void>;
/** A message from the national system, handled at the province in its own transaction. */
export type ProvinceMessageHandler = (tx: EntityManager, runtime: Runtime, payload: Record<string, any>) => Promise<void>;

const national = new Map<string, NationalMessageHandler>();
const province = new Map<string, ProvinceMessageHandler>();

/** Modules built on sync (interprovincial transfers) register what their messages do. */
export function onNationalMessage(type: string, h: NationalMessageHandler): void { national.set(type, h); }
export function onProvinceMessage(type: string, h: ProvinceMessageHandler): void { province.set(type, h); }
export const nationalHandler = (type: string): NationalMessageHandler | undefined => national.get(type);
export const provinceHandler = (type: string): ProvinceMessageHandler | undefined => province.get(type);

/** National → province mail, picked up by the province's next pull (acknowledged by id). */
export async function mailProvince(tx: EntityManager, provinceCode: string, type: string, payload: Record<string, unknown>): Promise<void> {
  await exec(tx, `insert into sync_message (id, province_code, kind, payload) values (?, ?, ?, ?::jsonb)`, [uuidv7(), provinceCode, type, JSON.stringify({ ...payload, type })]);
}
