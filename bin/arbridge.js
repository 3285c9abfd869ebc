#!/usr/bin/env node
'use strict';
// The CLI runs the compiled tree (dist/), which `npm install` builds through the `prepare` script.
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'sync', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(`arbridge is not built: run \`npm install\` (or \`npm run build\`) in ${path.join(__dirname, '..')}\n`);
  process.exit(1);
}
require(entry)
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
