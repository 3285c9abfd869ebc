import { formatterCache } from '../intl-formatters';
import type { LocalDate } from './local-date';

const wallClockFormatter = formatterCache(
  (timeZone) =>
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }),
);

/** Milliseconds the zone is ahead of UTC at an instant (Paris in winter: 3,600,000). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const parts = wallClockFormatter(timeZone).formatToParts(new Date(instantMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** Minutes the zone is ahead of UTC at an instant (Paris in winter: 60). */
function offsetMinutes(instantMs: number, timeZone: string): number {
  return Math.round(zoneOffsetMs(instantMs, timeZone) / 60_000);
}

/**
 * The instant at which a local date and wall-clock time ("09:00") occur in a time zone. In the hour a
 * daylight-saving change skips, the time is read with the offset from before the change (02:30 on a
 * spring-forward night becomes 03:30), which is what a person setting an alarm expects.
 */
export function instantAtLocalTime(date: LocalDate, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const first = wall - offsetMinutes(wall, timeZone) * 60_000;
  const second = wall - offsetMinutes(first, timeZone) * 60_000;
  return new Date(second);
}
