/** Unit specs beside the code, integration, e2e and browser suites under test/. */
const fs = require('node:fs');
const { availableParallelism } = require('node:os');

const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const toCommonJs = ['@swc/jest', { ...swcrc, swcrc: false, module: { type: 'commonjs' } }];
/**
 * openid-client and its dependencies ship only ES modules, which Node 20 and 22 `require` but
 * Jest's module loader cannot (before Node 24.9): Jest compiles them to CommonJS like our code.
 */
const ESM_PACKAGES = ['openid-client', 'oauth4webapi', 'jose'];
const transform = {
  '^.+\\.ts$': toCommonJs,
  [`/node_modules/(${ESM_PACKAGES.join('|')})/.+\\.js$`]: toCommonJs,
};
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`];
const moduleNameMapper = {
  '^@app/(core|contracts|persistence|auth|audit|boards|cases|notes|voting|media|second-opinions|live|testing|reports|webhooks|quality|imaging|sso)$': '<rootDir>/libs/$1/src',
};
const common = {
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
  testEnvironment: 'node',
  rootDir: __dirname,
};

module.exports = {
  /**
   * Two test files at a time even on two cores (Jest would run one): most of an end-to-end
   * file's time is spent waiting on its server, PostgreSQL, Redis and the network, so a second
   * file fills that time. Each file has its own database and server. `npm test` runs the browser
   * files apart, one at a time: three Chromiums decoding each other's cameras fill two cores.
   */
  maxWorkers: Math.max(2, availableParallelism() - 1),
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // Browser test files run after every other file of the run.
  testSequencer: '<rootDir>/test/browser/support/sequencer.js',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/architecture/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      // The imaging tests drive Debian's Orthanc: installed (as root) or asked for before they run.
      globalSetup: '<rootDir>/test/pacs-setup.ts',
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      // The same module as the run's globalSetup: jest runs it once, and hands it this project's
      // config when a browser test is part of the run, which is when Chromium is provisioned.
      globalSetup: '<rootDir>/test/global-setup.ts',
      // Generous timeouts (jest.setTimeout): a real server, a real browser, a real database.
      setupFilesAfterEnv: ['<rootDir>/test/browser/support/timeouts.ts'],
    },
  ],
  testTimeout: 60_000,
};
