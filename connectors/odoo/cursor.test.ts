import { advanceCursor, laterWatermark, odooCursorSchema, overlapStart, passWatermark } from './cursor';

describe('odoo cursor', () => {
  it('subtracts the overlap across midnight and month ends, in the wire format', () => {
    expect(overlapStart('2025-03-01 00:05:00', 10)).toBe('2025-02-28 23:55:00');
    expect(overlapStart('2024-03-01 00:05:00', 10)).toBe('2024-02-29 23:55:00');
  });

  it('orders watermarks as text (fixed width)', () => {
    expect(laterWatermark('2025-02-01 10:00:00', '2025-02-01 09:59:59')).toBe('2025-02-01 10:00:00');
    expect(laterWatermark(null, '2025-02-01 09:59:59')).toBe('2025-02-01 09:59:59');
    expect(laterWatermark(null, null)).toBeNull();
  });

  it('keeps per-company watermarks and adds companies that appear in config', () => {
    const before = { writeDate: '2025-01-01 00:00:00', companies: { '1': '2025-01-01 00:00:00' } };
    expect(passWatermark(before, 2)).toBeNull(); // a new company is pulled from the start
    expect(advanceCursor(before, 2, '2025-01-05 00:00:00', [1, 2])).toEqual({
      writeDate: '2025-01-01 00:00:00',
      companies: { '1': '2025-01-01 00:00:00', '2': '2025-01-05 00:00:00' },
    });
  });

  it('refuses a client-format instant as a watermark', () => {
    expect(odooCursorSchema.safeParse({ writeDate: '2025-01-01T00:00:00Z' }).success).toBe(false);
    expect(odooCursorSchema.safeParse({ writeDate: null }).success).toBe(true);
  });
});
