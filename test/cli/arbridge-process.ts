// `arbridge <args>` in its own process, run from the sources (`node --require tsx/cjs`), as bin/arbridge.js
// runs it: signals and exit code included, without a build. ARBRIDGE_TEST_CLOCK_AT, when set, fixes the clock.
import { FakeClock } from '../../core/time/clock';
import { main } from '../../sync/cli/main';

const clockAt = process.env.ARBRIDGE_TEST_CLOCK_AT;
void main(process.argv, clockAt ? { clock: new FakeClock(clockAt) } : {}).then((code) => {
  process.exitCode = code;
});
