import { afterEach, describe, expect, it } from 'vitest';
import { generateChineseIdCard } from '@tmis/shared';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { AppError } from '../../platform/graphql/errors.js';
import { setupDeployment } from './setup.js';
import { assertDeploymentMatchesData } from './deployment-check.js';

const ID = generateChineseIdCard({ regionCode: '330102', birthDate: '1979-06-02', sequence: 31, gender: '1' });

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const outcome = (p: Promise<unknown>) => p.then(() => 'started', (e: unknown) => (e instanceof AppError ? e.code : String(e)));

describe('start-up refuses a province code that does not match the data', () => {
  it.each([
    ['province', '330000', 'started'],
    ['province', '110000', 'DEPLOYMENT_DATA_MISMATCH'],
    ['national', '000000', 'started'],
  ] as const)('database set up for 330000, gateway started as %s %s: %s', async (mode, provinceCode, expected) => {
    t = await createTestApp({ TMIS_PROVINCE_CODE: '330000' });
    await setupDeployment(t.app.orm, t.app.runtime, { national: false, provinceCode: '330000', adminName: '李四', adminIdNumber: ID });
    expect(await outcome(assertDeploymentMatchesData(t.app.orm, { mode, provinceCode }))).toBe(expected);
  });

  it('an empty database starts in any province (set-up or the demo fills it)', async () => {
    t = await createTestApp({ TMIS_PROVINCE_CODE: '110000' });
    expect(await outcome(assertDeploymentMatchesData(t.app.orm, { mode: 'province', provinceCode: '110000' }))).toBe('started');
  });

  it('names both codes in the refusal', async () => {
    t = await createTestApp({ TMIS_PROVINCE_CODE: '330000' });
    await setupDeployment(t.app.orm, t.app.runtime, { national: false, provinceCode: '330000', adminName: '李四', adminIdNumber: ID });
    const err = await assertDeploymentMatchesData(t.app.orm, { mode: 'province', provinceCode: '110000' }).catch((e: unknown) => e as AppError);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).details).toEqual({ configured: '110000', inDatabase: ['330000'] });
    expect((err as AppError).message).toContain('TMIS_PROVINCE_CODE');
  });
});
