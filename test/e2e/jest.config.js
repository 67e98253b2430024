/**
 * Browser tests: Debian's Chromium (playwright-core) against the real server with demo data.
 * globalSetup builds the dashboard if stale, starts one server and one browser for the run;
 * without Chromium the tests are skipped, or fail when REQUIRE_E2E=1 (CI).
 * Run alone with `npx jest -c test/e2e/jest.config.js`, or as a project of the top-level config.
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: false }, target: 'es2022' }, module: { type: 'commonjs' } }];

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'e2e',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.test.ts'],
  transform: { '^.+\\.ts$': swc },
  globalSetup: '<rootDir>/globalSetup.ts',
  globalTeardown: '<rootDir>/globalTeardown.ts',
  testTimeout: 120000,
  setupFilesAfterEnv: ['<rootDir>/timeout.ts', '<rootDir>/../setupShare.ts'],
};
