import { z } from 'zod';
import { formatterCache } from '../intl-formatters';
import type { Clock } from './clock';

/**
 * A calendar date with no time and no zone ("2026-01-31"), as ERPs hold due dates. Arithmetic is done
 * on the proleptic Gregorian day number, never through the machine's local time.
 */
export const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(isValidLocalDate, 'not a real calendar date');
export type LocalDate = z.infer<typeof localDateSchema>;

const msPerDay = 86_400_000;

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether a YYYY-MM-DD text names a real Gregorian day. Plain arithmetic rather than a Date round trip:
 * every receivable of every page goes through it several times, and the round trip was half the cost
 * of validating a receivable.
 */
function isValidLocalDate(text: string): boolean {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (!(month >= 1 && month <= 12 && day >= 1)) return false;
  const leapDay = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
  return day <= daysInMonth[month - 1]! + leapDay;
}

/** Parses and checks a local date; throws RangeError on a bad one. */
export function parseLocalDate(text: string): LocalDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !isValidLocalDate(text)) throw new RangeError(`not a date: ${text}`);
  return text;
}

function toDayNumber(date: LocalDate): number {
  return Date.parse(`${date}T00:00:00Z`) / msPerDay;
}

function fromDayNumber(day: number): LocalDate {
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

/** The date `days` days after `date` (negative for before). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Same day of month `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// en-CA formats as YYYY-MM-DD.
const dateFormatter = formatterCache((timeZone) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }));

/** The local date of an instant in an IANA time zone. */
export function localDateAt(instant: Date, timeZone: string): LocalDate {
  return dateFormatter(timeZone).format(instant);
}

/** Today in the tenant's time zone, from the injected clock. */
export function today(clock: Clock, timeZone: string): LocalDate {
  return localDateAt(clock.now(), timeZone);
}
