import { describe, expect, it } from 'vitest';
import { adminLevelOfCode } from './unit-code.js';
import { deploymentProvince, deploymentProvinces, NATIONAL_LEVEL } from './deployments.js';

describe('deployment levels', () => {
  it('lists the 31 mainland provincial-level divisions, each a GB/T 2260 province code', () => {
    expect(deploymentProvinces).toHaveLength(31);
    for (const p of deploymentProvinces) expect(adminLevelOfCode(p.code)).toBe('province');
    expect(adminLevelOfCode(NATIONAL_LEVEL.code)).toBe('national');
  });

  it.each([
    ['110000', '北京市', '北京市教育委员会'],
    ['310000', '上海市', '上海市教育委员会'],
    ['330000', '浙江省', '浙江省教育厅'],
    ['440000', '广东省', '广东省教育厅'],
    ['650000', '新疆维吾尔自治区', '新疆维吾尔自治区教育厅'],
  ])('%s is %s, run by %s', (code, name, authority) => {
    expect(deploymentProvince(code)).toMatchObject({ code, name, authorityName: authority });
  });

  it.each(['000000', '710000', '810000', '330100', '990000', 'abc'])('%s cannot run a province system', (code) => {
    expect(deploymentProvince(code)).toBeUndefined();
  });
});
