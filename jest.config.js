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
   * One worker as before (2 cores: jest's default), but a worker process rather than jest's own:
   * in band, the one process's heap grew to 2.8 GB of garbage over the run and every suite took
   * several times what it takes alone. A worker that holds more than this after a file is
   * replaced before the next one (jest uses workers whenever this is set).
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
      setupFilesAfterEnv: ['<rootDir>/test/setupTimeout.ts'],
    },
    '<rootDir>/dashboard/jest.config.js',
    '<rootDir>/test/e2e/jest.config.js',
  ],
};
