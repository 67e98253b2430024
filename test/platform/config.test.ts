import { defaultPoolMax, loadConfig } from '../../server/config';

describe('the database pool', () => {
  it('defaults to two connections per core, at least 4 and at most 20', () => {
    expect([1, 2, 3, 8, 10, 64].map((cores) => defaultPoolMax(cores))).toEqual([4, 4, 6, 16, 20, 20]);
    expect(loadConfig({}).databasePoolMax).toBe(defaultPoolMax());
  });

  it('takes DB_POOL_MAX, and refuses what is not a number of connections', () => {
    expect(loadConfig({ DB_POOL_MAX: '7' }).databasePoolMax).toBe(7);
    for (const bad of ['0', '-2', '2.5', 'ten']) {
      expect(() => loadConfig({ DB_POOL_MAX: bad })).toThrow(/DB_POOL_MAX/);
    }
  });
});
