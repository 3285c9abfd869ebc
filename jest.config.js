// p-retry (and its is-network-error) ship only as ES modules: Jest's CommonJS runtime needs them
// transpiled, so they are let through transformIgnorePatterns and compiled by ts-jest like our code.
// PGlite's CommonJS build calls import() for Node built-ins, which Jest's VM refuses: see the transform.
// msw 2 needs rettime, until-async and @open-draft/deferred-promise, ES modules only (some ship .mjs
// files, hence `m?` in the transform).
const esmOnly = ['p-retry', 'is-network-error', '@electric-sql/pglite', 'rettime', 'until-async', '@open-draft/deferred-promise'];

const transform = {
  '^.+\\.m?[tj]s$': [
    'ts-jest',
    {
      // Transpile only (fast); `npm run typecheck` does the type checking once for the whole tree.
      tsconfig: { module: 'commonjs', moduleResolution: 'node10', allowJs: true, sourceMap: true, isolatedModules: true },
    },
  ],
  '/node_modules/@electric-sql/pglite/.+\\.cjs$': '<rootDir>/test/jest/dynamic-import-to-require.js',
};
const common = {
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly.join('|')})/)`],
  roots: ['<rootDir>'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.contract\\.test\\.ts$', '\\.integration\\.test\\.ts$'],
    },
    { ...common, displayName: 'contract', testMatch: ['**/*.contract.test.ts'], setupFilesAfterEnv: ['<rootDir>/test/jest/real-servers-timeout.js'] },
    { ...common, displayName: 'integration', testMatch: ['**/*.integration.test.ts'], setupFilesAfterEnv: ['<rootDir>/test/jest/real-servers-timeout.js'] },
  ],
};
