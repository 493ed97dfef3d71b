import { describe, expect, it } from 'vitest';
import { MESSAGES } from './i18n';
import { statusTagType, TRANSFER_STATUSES } from './labels';

describe('transfer statuses', () => {
  it.each([
    ['in_progress', 'warning'],
    ['scheduled', 'primary'],
    ['completed', 'success'],
    ['returned', 'danger'],
    ['withdrawn', 'info'],
    ['cancelled', 'info'],
  ] as const)('%s has a Chinese and an English label and is tagged %s', (s, tag) => {
    expect(MESSAGES['zh-CN'].status[s]).toMatch(/[\u4e00-\u9fa5]/);
    expect(MESSAGES.en.status[s]).toMatch(/^[A-Z]/);
    expect(statusTagType(s)).toBe(tag);
  });

  it('the filter offers every status', () => {
    expect(TRANSFER_STATUSES).toEqual(['in_progress', 'scheduled', 'completed', 'returned', 'withdrawn', 'cancelled']);
  });

  it('scheduled reads as approved, pending effect; the detail names the date', () => {
    expect(MESSAGES['zh-CN'].status.scheduled).toBe('已批准，待生效');
    expect(MESSAGES.en.status.scheduled).toBe('Approved, pending effect');
    expect(MESSAGES['zh-CN'].detail.scheduledOn).toBe('已批准，将于 {date} 生效');
    expect(MESSAGES.en.detail.scheduledOn).toBe('Approved, takes effect on {date}');
  });
});
