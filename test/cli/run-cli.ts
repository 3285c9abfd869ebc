import { PassThrough } from 'node:stream';
import { silentLogger } from '../../core/logging/logger';
import type { Clock } from '../../core/time/clock';
import { buildProgram } from '../../sync/cli/main';

/** What a CLI run printed and returned. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

function collector(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Runs `arbridge <args>` in process, capturing stdout and stderr, as a user would see them. */
export async function runCli(args: string[], options: { clock?: Clock; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const out = collector();
  const err = collector();
  let code = -1;
  const program = buildProgram(
    { out: out.stream, err: err.stream, logger: silentLogger(), ...(options.clock ? { clock: options.clock } : {}), ...(options.env ? { env: options.env } : {}) },
    (c) => (code = c),
  );
  program.exitOverride().configureOutput({ writeOut: (s) => out.stream.write(s), writeErr: (s) => err.stream.write(s) });
  await program.parseAsync(['node', 'arbridge', ...args]);
  await new Promise((resolve) => setImmediate(resolve));
  return { code, out: out.text(), err: err.text() };
}
