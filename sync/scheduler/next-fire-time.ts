import { CronExpressionParser } from 'cron-parser';

/**
 * The first instant strictly after `after` at which `cron` fires, read in `timeZone`: "0 2 * * *" in
 * Europe/Paris is 02:00 Paris time whatever the offset that day (cron-parser handles the
 * daylight-saving change: a wall time that does not exist that night fires once, at the next hour).
 */
export function nextFireTime(cron: string, timeZone: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: timeZone }).next().toDate();
}
