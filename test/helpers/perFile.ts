/**
 * Something every test of a file shares: opened before the file's first test, closed after its
 * last. Answers a getter, because the value exists only once the hook has run; reading it at the
 * top of the file, outside any hook or test, is a mistake the getter names.
 */
export function sharedByFile<T>(what: string, open: () => Promise<T>, close: (value: T) => Promise<void>): () => T {
  let value: T | undefined;
  beforeAll(async () => {
    value = await open();
  });
  afterAll(async () => {
    if (value !== undefined) await close(value);
  });
  return () => {
    if (value === undefined) throw new Error(`${what} exists only inside hooks and tests (it is opened in beforeAll)`);
    return value;
  };
}
