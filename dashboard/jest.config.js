/**
 * The dashboard's unit tests: the pure parts (aggregates, period dates, date/money formats,
 * meta → field mapping) under jsdom. Run alone with `npx jest -c dashboard/jest.config.js`,
 * or as a project of the top-level jest config.
 */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'dashboard',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/test/**/*.test.ts?(x)'],
  setupFiles: ['<rootDir>/test/setup.js'],
  // Rendering whole pages under jsdom takes seconds on two busy cores; 5 s (jest's default) timed
  // them out. testTimeout covers this config run alone; the setup file covers it as a project of
  // the top-level config, where jest ignores a project's testTimeout.
  testTimeout: 20000,
  setupFilesAfterEnv: ['<rootDir>/test/setupTimeout.js'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(react-hotkeys-hook)/)'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'json'],
};
