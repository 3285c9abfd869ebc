import { migrations } from './migrations';

describe('migrations', () => {
  test('versions run 1, 2, 3, ... with no gap or repeat, so every database applies them in one order', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  test('every table and index leads with tenant_id (invariant 4)', () => {
    const statements = migrations.flatMap((m) => m.statements);
    for (const statement of statements) {
      const key = /PRIMARY KEY \(([^)]*)\)/.exec(statement)?.[1] ?? /^CREATE INDEX \w+ ON \w+ \(([^)]*)\)/.exec(statement)?.[1];
      if (key !== undefined) expect(key.split(',')[0]!.trim()).toBe('tenant_id');
    }
    expect(statements.filter((s) => /PRIMARY KEY|CREATE INDEX/.test(s)).length).toBeGreaterThan(8);
  });
});
