import { PassThrough } from 'node:stream';
import { createLogger, withContext } from './logger';
import { Secret, secretRefSchema } from '../secret';

function capture() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  return { stream, lines };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('logging', () => {
  it('stamps tenant and run ids on every line', async () => {
    const { stream, lines } = capture();
    const log = withContext(createLogger({ stream }), { tenantId: 'acme', runId: 'run-1' });
    log.info('pulled page', { rows: 500 });
    await flush();
    const line = JSON.parse(lines[0] as string);
    expect(line).toMatchObject({ level: 'info', message: 'pulled page', tenantId: 'acme', runId: 'run-1', rows: 500 });
  });

  it('never writes a secret, whether passed as a value, a field or inside a message', async () => {
    process.env.ARBRIDGE_TEST_LOGGER_KEY = 'k3y-very-secret-value';
    const secret = secretRefSchema.parse('env:ARBRIDGE_TEST_LOGGER_KEY') as Secret;
    const { stream, lines } = capture();
    const log = createLogger({ stream });
    log.warn(`login failed with key ${secret.reveal()}`, { apiKey: 'anything', headers: { Authorization: 'bearer xyz123' }, secret });
    log.error('boom', { error: new Error(`refused k3y-very-secret-value`) });
    await flush();
    const text = lines.join('\n');
    expect(text).not.toContain('k3y-very-secret-value');
    expect(text).not.toContain('xyz123');
    expect(text).toContain('[redacted]');
  });

  it('prints a Secret as [redacted] in strings and JSON', () => {
    const secret = new Secret('hunter22', 'env:X');
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[redacted]"}');
    expect(secret.reveal()).toBe('hunter22');
  });
});
