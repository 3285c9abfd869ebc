import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** `arbridge` running in a process of its own (test/cli/arbridge-process.ts), its output as it comes. */
export interface CliProcess {
  proc: ChildProcess;
  /** Everything printed on stdout so far. */
  out(): string;
  /** Everything printed on stderr so far. */
  err(): string;
  /** Resolves when stdout matches (no deadline of its own: Jest's test timeout is the limit). */
  waitFor(pattern: RegExp): Promise<void>;
  /** The exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv): CliProcess {
  const proc = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'arbridge-process.ts'), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  proc.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    proc,
    out: () => out,
    err: () => err,
    async waitFor(pattern) {
      while (!pattern.test(out)) {
        if (proc.exitCode !== null) throw new Error(`arbridge ${args.join(' ')} ended (${proc.exitCode}) before printing ${pattern}: ${out}${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    exited,
  };
}
