/** Server tests run against a real PostgreSQL (see test/globalSetup.ts); the dashboard has its own project. */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: false }, target: 'es2022' }, module: { type: 'commonjs' } }];
const swcJs = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }];

/**
 * file-type (content sniffing of attachments) and its dependencies are ESM only. Node loads them
 * with require() (server/files/sniff.ts); jest's own module loader cannot, so it resolves the
 * package's entry point by hand and compiles these packages to CommonJS like the tests.
 */
const ESM_ONLY = ['file-type', 'strtok3', 'token-types', '@tokenizer/inflate', 'uint8array-extras', '@borewit/text-codec'];

module.exports = {
  /**
   * Two files at a time on two cores (jest's default there is one): a file spends much of its time
   * waiting on processes of its own (PostgreSQL, a spawned server, Chromium and the portal of the
   * browser tests), so one worker left a core idle. Measured side by side at load 12: three
   * browser and four server files in 111 s with two workers, 176 s with one. A file whose
   * assertions are about time runs with no other beside it (test/helpers/runAlone.ts).
   */
  maxWorkers: 2,
  /**
   * Worker processes rather than jest's own: in band, the one process's heap grew to 2.8 GB of
   * garbage over the run and every suite took several times what it takes alone. A worker that
   * holds more than this after a file is replaced before the next one.
   */
  workerIdleMemoryLimit: '800MB',
  projects: [
    {
      displayName: 'server',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': swc, '^.+\\.js$': swcJs },
      transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
      moduleNameMapper: { '^file-type$': '<rootDir>/node_modules/file-type/index.js' },
      globalSetup: '<rootDir>/test/globalSetup.ts',
      globalTeardown: '<rootDir>/test/globalTeardown.ts',
      setupFiles: ['<rootDir>/test/setupEnv.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
      setupFilesAfterEnv: ['<rootDir>/test/setupTimeout.ts', '<rootDir>/test/setupShare.ts'],
    },
    '<rootDir>/dashboard/jest.config.js',
    '<rootDir>/test/e2e/jest.config.js',
  ],
};
