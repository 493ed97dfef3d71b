import { describe, expect, it } from 'vitest';
import { formatTeacherNumber, isValidTeacherNumber, parseTeacherNumber, type TeacherNumberParts } from './teacher-number.js';

describe('formatTeacherNumber', () => {
  it.each<[TeacherNumberParts, string]>([
    [{ provinceCode: '11', year: 2024, sequence: 1 }, 'T1124000000010'],
    [{ provinceCode: '110000', year: 2024, sequence: 2 }, 'T1124000000029'],
    [{ provinceCode: '00', year: 2024, sequence: 1 }, 'T0024000000016'],
  ])('%j → %s', (parts, expected) => {
    expect(formatTeacherNumber(parts)).toBe(expected);
  });

  it.each<TeacherNumberParts>([
    { provinceCode: '19', year: 2024, sequence: 1 },
    { provinceCode: '110100', year: 2024, sequence: 1 },
    { provinceCode: '1', year: 2024, sequence: 1 },
    { provinceCode: '11', year: 1999, sequence: 1 },
    { provinceCode: '11', year: 2100, sequence: 1 },
    { provinceCode: '11', year: 2024, sequence: 0 },
    { provinceCode: '11', year: 2024, sequence: 100_000_000 },
    { provinceCode: '11', year: 2024, sequence: 2.5 },
  ])('rejects %j', (parts) => {
    expect(() => formatTeacherNumber(parts)).toThrow(RangeError);
  });
});

describe('parseTeacherNumber', () => {
  it.each<TeacherNumberParts>([
    { provinceCode: '110000', year: 2016, sequence: 1 },
    { provinceCode: '650000', year: 2099, sequence: 99_999_999 },
    { provinceCode: '000000', year: 2000, sequence: 4242 },
    { provinceCode: '820000', year: 2031, sequence: 7 },
  ])('round-trips %j', (parts) => {
    const formatted = formatTeacherNumber(parts);
    expect(parseTeacherNumber(formatted)).toEqual({ ...parts, normalized: formatted });
    expect(parseTeacherNumber(` ${formatted.toLowerCase()} `)).toEqual({ ...parts, normalized: formatted });
  });
});

describe('isValidTeacherNumber', () => {
  it.each<[string, boolean]>([
    ['T1124000000010', true],
    ['t1124000000010', true],
    ['T1124000000011', false],
    ['1124000000010', false],
    ['X1124000000010', false],
    ['T112400000010', false],
    ['T11240000000100', false],
    ['T1924000000018', false],
    ['T112400000000X', false],
    ['', false],
  ])('%s → %s', (input, expected) => {
    expect(isValidTeacherNumber(input)).toBe(expected);
  });
});

// Exhaustive over a few numbers: every substitution at every position and every swap
// of two different adjacent characters must be rejected.
const samples = [
  formatTeacherNumber({ provinceCode: '11', year: 2024, sequence: 1 }),
  formatTeacherNumber({ provinceCode: '33', year: 2017, sequence: 12_345_678 }),
  formatTeacherNumber({ provinceCode: '65', year: 2031, sequence: 90_817_263 }),
  formatTeacherNumber({ provinceCode: '00', year: 2025, sequence: 55_555 }),
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((sequence) => formatTeacherNumber({ provinceCode: '44', year: 2020, sequence })),
];
const alphabet = [...'0123456789TX', 'A', 'O', 'I'];

describe.each(samples)('error detection for %s', (valid) => {
  it('is valid itself', () => expect(isValidTeacherNumber(valid)).toBe(true));

  it('detects every single-character typo', () => {
    for (let i = 0; i < valid.length; i++) {
      for (const ch of alphabet) {
        if (ch === valid[i]) continue;
        const typo = valid.slice(0, i) + ch + valid.slice(i + 1);
        expect(isValidTeacherNumber(typo), typo).toBe(false);
      }
    }
  });

  it('detects every transposition of adjacent characters', () => {
    for (let i = 0; i + 1 < valid.length; i++) {
      if (valid[i] === valid[i + 1]) continue;
      const swapped = valid.slice(0, i) + valid[i + 1] + valid[i] + valid.slice(i + 2);
      expect(isValidTeacherNumber(swapped), swapped).toBe(false);
    }
  });
});
