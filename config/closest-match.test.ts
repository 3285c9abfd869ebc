import { closestMatch } from './closest-match';

describe('closestMatch', () => {
  const keys = ['id', 'name', 'timeZone', 'currency', 'sources', 'schedule', 'stalenessLimitHours'];

  it('finds the key whatever the case or separator', () => {
    expect(closestMatch('timezone', keys)).toBe('timeZone');
    expect(closestMatch('time_zone', keys)).toBe('timeZone');
    expect(closestMatch('staleness-limit-hours', keys)).toBe('stalenessLimitHours');
  });

  it('forgives typos and swapped letters', () => {
    expect(closestMatch('curency', keys)).toBe('currency');
    expect(closestMatch('soruces', keys)).toBe('sources');
  });

  it('suggests nothing for a different word', () => {
    expect(closestMatch('password', keys)).toBeNull();
    expect(closestMatch('x', [])).toBeNull();
  });
});
