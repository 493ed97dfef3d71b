import { describe, expect, it } from 'vitest';
import { candidateCount, maskIdNumber } from './mask.js';

it.each([
  ['110108199001011234', '110108***********4'],
  ['11010519491231002X', '110105***********X'],
  ['USA110078050101', 'USA110********1'],
  ['12345678901', '123456****1'],
  ['E12345678', 'E1*****78'],
  ['H1234567', 'H1****67'],
  ['12345', '12*45'],
  ['1234', '****'],
  ['', ''],
  [' 110108199001011234 ', '110108***********4'],
])('%s → %s', (input, masked) => {
  expect(maskIdNumber(input)).toBe(masked);
});

describe('how many numbers fit what a reader knows (issue 14.1)', () => {
  const masked = maskIdNumber('11010519491231002X');
  it.each([
    // [what is known, at least, at most]
    ['the mask, the gender and the birth year', { masked, gender: '2', birthYear: 1949 }, 10_000, 20_000],
    ['the mask and the gender', { masked, gender: '2' }, 1_000_000, Infinity],
    ['with the full birth date (the administrator\'s view): few enough to need the full-number right', { masked, gender: '2', birthDate: '1949-12-31' }, 1, 100],
    ['the former mask and the birth date: the number itself', { masked: '110105********002X', gender: '2', birthDate: '1949-12-31' }, 1, 1],
  ] as const)('%s', (_name, facts, min, max) => {
    const n = candidateCount(facts);
    expect(n).toBeGreaterThanOrEqual(min);
    expect(n).toBeLessThanOrEqual(max);
  });
});
