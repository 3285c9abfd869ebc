// `arbridge <args>` in its own process, run from the sources, at a fixed instant (ARBRIDGE_TEST_CLOCK_AT),
// so that a test can signal it (SIGTERM) and read its exit code. Wired as sync/cli/main.ts's main():
// SIGTERM and SIGINT abort the command's signal, the command's code becomes the exit code.
import { FakeClock } from '../../core/time/clock';
import { buildProgram } from '../../sync/cli/main';

const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());
process.once('SIGINT', () => controller.abort());
const clockAt = process.env.ARBRIDGE_TEST_CLOCK_AT;
let code = 0;
buildProgram({ signal: controller.signal, ...(clockAt ? { clock: new FakeClock(clockAt) } : {}) }, (c) => (code = c))
  .parseAsync(process.argv)
  .then(
    () => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`arbridge: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
