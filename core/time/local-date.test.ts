import { FakeClock } from './clock';
import { addDays, addMonths, daysBetween, localDateAt, localDateSchema, today } from './local-date';
import { isKnownTimeZone } from './time-zone';

describe('local dates in the tenant’s time zone', () => {
  it('gives "today" in the tenant’s zone, not the machine’s', () => {
    // 23:30 UTC on Dec 31 is already Jan 1 in Paris and still Dec 31 in New York.
    const clock = new FakeClock('2026-12-31T23:30:00Z');
    expect(today(clock, 'Europe/Paris')).toBe('2027-01-01');
    expect(today(clock, 'America/New_York')).toBe('2026-12-31');
    expect(today(clock, 'UTC')).toBe('2026-12-31');
  });

  it('counts days across a daylight-saving change without losing one', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(localDateAt(new Date('2026-03-29T00:30:00Z'), 'Europe/Paris')).toBe('2026-03-29');
  });

  it('does calendar arithmetic the way due dates need it', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-01-31', '2025-12-31')).toBe(-31);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-15', -3)).toBe('2025-12-15');
  });

  it('refuses dates that do not exist', () => {
    expect(localDateSchema.safeParse('2026-02-30').success).toBe(false);
    expect(localDateSchema.safeParse('2026-2-3').success).toBe(false);
    expect(localDateSchema.safeParse('2024-02-29').success).toBe(true);
    expect(localDateSchema.safeParse('2000-02-29').success).toBe(true);
    for (const missing of ['2025-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-12-32']) {
      expect([missing, localDateSchema.safeParse(missing).success]).toEqual([missing, false]);
    }
    for (const last of ['2026-01-31', '2026-03-31', '2026-06-30', '2026-12-31']) expect(localDateSchema.safeParse(last).success).toBe(true);
  });

  it('knows IANA zones and refuses invented ones', () => {
    expect(isKnownTimeZone('Europe/Paris')).toBe(true);
    expect(isKnownTimeZone('Europe/Atlantis')).toBe(false);
  });

  it('moves a fake clock only when told', () => {
    const clock = new FakeClock('2026-05-01T10:00:00Z');
    clock.advance(36 * 3600 * 1000);
    expect(clock.now().toISOString()).toBe('2026-05-02T22:00:00.000Z');
  });
});
