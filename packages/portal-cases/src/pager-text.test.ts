import { describe, expect, it } from 'vitest';
import { pagerText } from './pager-text';

describe('pagerText', () => {
  it('speaks Chinese unless the page is in English', () => {
    expect(pagerText('zh-CN').pageSize).toBe('每页条数');
    expect(pagerText('').perPage(20)).toBe('20 条/页');
    expect(pagerText('en').pageSize).toBe('Rows per page');
    expect(pagerText('en-US').perPage(50)).toBe('50 / page');
  });
});
