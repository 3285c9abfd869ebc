import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../core/time/clock';
import { runCli } from './run-cli';

/** `arbridge preview`: a template rendered for the sample customer, in the tenant's words, sending nothing. */
const root = mkdtempSync(join(tmpdir(), 'arbridge-preview-'));
const configDir = join(root, 'config');
const tenantFile = `id: acme
name: Acme SAS
timeZone: Europe/Paris
currency: EUR
sources:
  - id: odoo
    type: odoo
    connection: { url: "http://127.0.0.1:9", database: acme, username: bot@example.com, apiKey: "env:ARBRIDGE_PREVIEW_ODOO_KEY" }
dispatch:
  sender: { name: Claire Martin, email: compta@acme.fr, phone: "+33 1 23 45 67 89" }
  paymentLink: "https://pay.acme.fr/c/{{customer.ref}}"
`;
const cli = (args: string[]) => runCli(['--data-dir', join(root, 'data'), '--config', configDir, ...args], { clock: new FakeClock('2026-03-03T09:00:00Z') });

beforeAll(() => {
  process.env.ARBRIDGE_PREVIEW_ODOO_KEY = 'not-used-by-preview';
  mkdirSync(join(configDir, 'tenants'), { recursive: true });
  writeFileSync(join(configDir, 'tenants', 'acme.yaml'), tenantFile);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('the French first reminder shows its subject and text part for the sample customer, with the sender and the invoices', async () => {
  const run = await cli(['preview', '--tenant', 'acme', '--template', 'first-reminder', '--lang', 'fr']);
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  expect(run.out).toMatch(/^Subject: .+/);
  expect(run.out).toContain('Exemple SARL');
  expect(run.out).toContain('INV-SAMPLE-0001');
  expect(run.out).toContain('Claire Martin');
  expect(run.out).toContain('https://pay.acme.fr/c/');
  expect(run.out).not.toContain('--- HTML ---');
});

test('--html adds the HTML part; --lang en switches the language', async () => {
  const run = await cli(['preview', '--tenant', 'acme', '--template', 'formal-notice', '--lang', 'en', '--html']);
  expect(run.code).toBe(0);
  expect(run.out).toContain('language en');
  expect(run.out).toContain('Example Ltd');
  expect(run.out).toMatch(/--- HTML ---\n[\s\S]*<[a-z]+[\s>]/);
});

test('an unknown template or customer is said plainly and fails', async () => {
  const unknownTemplate = await cli(['preview', '--tenant', 'acme', '--template', 'no-such-template']);
  expect(unknownTemplate.code).toBe(1);
  expect(unknownTemplate.err).toContain('no-such-template');
  const unknownCustomer = await cli(['preview', '--tenant', 'acme', '--template', 'first-reminder', '--customer', '4242']);
  expect(unknownCustomer.code).toBe(1);
  expect(unknownCustomer.err).toContain('no customer 4242');
});
