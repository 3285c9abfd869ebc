// PGlite's CommonJS build still loads Node built-ins with `import("fs/promises")`. Jest runs CommonJS in
// a VM that refuses import() unless Node itself runs with --experimental-vm-modules, so for the test
// run only, those calls become require(). The helper is declared once at the top of the module because
// the bundle declares its own `var require` inside some functions, which would shadow one written in place.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');

const ownSource = readFileSync(__filename, 'utf8');

module.exports = {
  process(source) {
    const code = source.replace(/\bimport\((?=["'])/g, '__importAsRequire(');
    return { code: `const __importAsRequire = (id) => Promise.resolve().then(() => require(id));\n${code}` };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(ownSource).update(filename).update(source).digest('hex');
  },
};
