/** Server tests run against a real PostgreSQL (see test/globalSetup.ts); the dashboard has its own project. */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: false }, target: 'es2022' }, module: { type: 'commonjs' } }];

module.exports = {
  projects: [
    {
      displayName: 'server',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': swc },
      globalSetup: '<rootDir>/test/globalSetup.ts',
      globalTeardown: '<rootDir>/test/globalTeardown.ts',
      setupFiles: ['<rootDir>/test/setupEnv.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
      setupFilesAfterEnv: ['<rootDir>/test/setupTimeout.ts'],
    },
    '<rootDir>/dashboard/jest.config.js',
    '<rootDir>/test/e2e/jest.config.js',
  ],
};
