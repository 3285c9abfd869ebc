import { instantAtLocalTime } from './zoned-time';

describe('a local date and time in a zone', () => {
  it('gives the instant, in winter, in summer and across zones', () => {
    expect(instantAtLocalTime('2026-01-15', '09:00', 'Europe/Paris').toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(instantAtLocalTime('2026-07-15', '09:00', 'Europe/Paris').toISOString()).toBe('2026-07-15T07:00:00.000Z');
    expect(instantAtLocalTime('2026-07-15', '09:00', 'America/Toronto').toISOString()).toBe('2026-07-15T13:00:00.000Z');
    expect(instantAtLocalTime('2026-07-15', '00:30', 'Pacific/Auckland').toISOString()).toBe('2026-07-14T12:30:00.000Z');
  });

  it('handles the days of the daylight-saving changes', () => {
    expect(instantAtLocalTime('2026-03-29', '09:00', 'Europe/Paris').toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(instantAtLocalTime('2026-10-25', '09:00', 'Europe/Paris').toISOString()).toBe('2026-10-25T08:00:00.000Z');
    expect(instantAtLocalTime('2026-03-29', '02:30', 'Europe/Paris').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
});
