import { formatterCache } from '../../core/intl-formatters';
import { localDateAt } from '../../core/time/local-date';
import type { DispatchSettings, Weekday } from '../../config/dispatch-config';

const weekdays: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Whether a customer message may leave now, and if not, why (shown by `arbridge dispatch`). */
export interface WindowVerdict {
  open: boolean;
  reason: string | null;
}

const timeFormat = formatterCache((timeZone) => new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }));

function localTimeAt(instant: Date, timeZone: string): string {
  return timeFormat(timeZone).format(instant);
}

/**
 * The sending window: working days that are not days off, between business hours, all read in the
 * tenant's time zone at the injected clock's instant. ERP write-backs do not ask: nobody reads them at night.
 */
export function sendingWindow(now: Date, timeZone: string, settings: Pick<DispatchSettings, 'businessHours' | 'workingDays' | 'daysOff'>): WindowVerdict {
  const date = localDateAt(now, timeZone);
  const weekday = weekdays[new Date(`${date}T00:00:00Z`).getUTCDay()] as Weekday;
  if (settings.daysOff.includes(date)) return { open: false, reason: `${date} is a day off` };
  if (!settings.workingDays.includes(weekday)) return { open: false, reason: `${date} is a ${weekday}, not a working day` };
  const time = localTimeAt(now, timeZone);
  const { start, end } = settings.businessHours;
  if (time < start || time >= end) return { open: false, reason: `${time} is outside business hours ${start}–${end} (${timeZone})` };
  return { open: true, reason: null };
}
