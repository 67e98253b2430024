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

describe('the proxies trusted for the client address', () => {
  it('are the loopback ones unless TRUST_PROXY names hops, addresses or subnets', () => {
    expect(loadConfig({}).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.0/8, loopback ,fd00::1' }).trustProxy).toBe('10.0.0.0/8,loopback,fd00::1');
  });

  it('never trust everyone, and refuse what is not an address', () => {
    for (const bad of ['true', '*', '10.0.0.0/8/1', 'proxy.example', ',']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });
});
