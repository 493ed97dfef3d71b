/**
 * "Today" for TMIS is the calendar day in China (Asia/Shanghai, UTC+8 all year: China has kept
 * no daylight saving time since 1991). Taking the UTC day instead makes it yesterday between
 * 00:00 and 08:00 Beijing time — an effective date of "today" refused at 07:30, a deadline that
 * closes eight hours late. A fixed offset, not Intl: the same answer in every browser and Node
 * build, ICU or not.
 */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

const toMs = (now: Date | number): number => (typeof now === 'number' ? now : now.getTime());

/** The calendar day in China at `now`, as YYYY-MM-DD. */
export function todayInChina(now: Date | number = Date.now()): string {
  return new Date(toMs(now) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The day `days` after today in China (negative: before), as YYYY-MM-DD. */
export function chinaDayPlus(days: number, now: Date | number = Date.now()): string {
  return new Date(toMs(now) + CHINA_OFFSET_MS + days * DAY_MS).toISOString().slice(0, 10);
}

/** The year in China at `now`. */
export function yearInChina(now: Date | number = Date.now()): number {
  return Number(todayInChina(now).slice(0, 4));
}

/** The instant a China calendar day (YYYY-MM-DD) begins: 00:00 Beijing time, 16:00 UTC the day before. */
export function chinaDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS);
}

