import { main } from '../../sync/cli/main';

// bin/arbridge.js over the TypeScript sources (run with `node --require tsx/cjs`): the CLI as a real
// process, its signals and exit code included, without a build.
void main(process.argv).then((code) => {
  process.exitCode = code;
});
