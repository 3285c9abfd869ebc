import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli';

// The README's first command: the demo runs the whole read path on the embedded store and says what it found.
describe('arbridge demo', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'arbridge-demo-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const demo = () => runCli(['--data-dir', join(dir, 'store'), 'demo', '--customers', '40', '--invoices', '400', '--seed', '5'], { env: {} });

  it('syncs the seeded company and prints counts, open amounts, the aged balance and the plans; a rerun stores nothing twice', async () => {
    const first = await demo();
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/total: \d+ written, 0 unchanged, 0 quarantined/);
    expect(first.out).toMatch(/Open receivables as of 2026-11-20 \(Europe\/Paris\)/);
    // The aged balance's buckets add up to its total line.
    const bucketLines = [...first.out.matchAll(/^(not due|1-30|31-60|61-90|91-120|over 120)\s+(\d+)\s+(-?[\d,]+\.\d{2}) EUR$/gm)];
    expect(bucketLines).toHaveLength(6);
    const cents = (text: string) => Math.round(Number(text.replace(/,/g, '')) * 100);
    const total = /^total\s+(\d+)\s+(-?[\d,]+\.\d{2}) EUR$/m.exec(first.out);
    expect(total).not.toBeNull();
    expect(bucketLines.reduce((sum, m) => sum + cents(m[3] as string), 0)).toBe(cents(total?.[2] as string));
    expect(bucketLines.reduce((sum, m) => sum + Number(m[2]), 0)).toBe(Number(total?.[1]));
    expect(first.out).toMatch(/Dunning plans from the tenant's rules .*: .*strict \d+/);

    const second = await demo();
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/total: 0 written, \d+ unchanged, 0 quarantined/);
    // Same seed, same figures.
    expect(second.out.slice(second.out.indexOf('In the store:'))).toBe(first.out.slice(first.out.indexOf('In the store:')));

    const plan = await runCli(['--data-dir', join(dir, 'store'), '--config', join(dir, 'store', 'config'), 'plan', '--tenant', 'demo', '--date', '2026-11-20'], { env: {} });
    expect(plan.code).toBe(0);
    expect(plan.out).toMatch(/on plans: .*strict \d+/);
  }, 180_000);
});
