// testTimeout is a global jest option, ignored inside a project of the top-level config.
jest.setTimeout(20_000);
