import { spawn } from 'node:child_process';
import path from 'node:path';
import { ConfigError, defaultPoolMax, loadConfig } from '../../server/config';

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

describe('every variable is checked at start', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
  };

  it('refuses SESSION_HOURS that is not a positive number of hours, and takes one that is', () => {
    for (const bad of ['abc', '0', '-1', 'NaN', 'Infinity', '9000']) {
      expect(problemsOf({ SESSION_HOURS: bad })).toEqual([expect.stringMatching(/^SESSION_HOURS must be the length of a session in hours/)]);
    }
    expect(loadConfig({ SESSION_HOURS: '8' }).sessionHours).toBe(8);
    expect(loadConfig({ SESSION_HOURS: '0.5' }).sessionHours).toBe(0.5);
    expect(loadConfig({}).sessionHours).toBe(12);
  });

  it('reads booleans as true/false, 1/0, yes/no, on/off, and refuses anything else', () => {
    expect(problemsOf({ SEED_DEMO: 'maybe', JOBS_ENABLED: 'disabled' })).toEqual([
      'SEED_DEMO must be true or false (also 1, yes, on, 0, no, off); got "maybe"',
      'JOBS_ENABLED must be true or false (also 1, yes, on, 0, no, off); got "disabled"',
    ]);
    expect(loadConfig({ JOBS_ENABLED: 'OFF', SEED_DEMO: 'Yes' })).toMatchObject({ jobsEnabled: false, seedDemo: true });
    expect(loadConfig({ JOBS_ENABLED: '0', SEED_DEMO: 'no' })).toMatchObject({ jobsEnabled: false, seedDemo: false });
    expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' }).seedDemo).toBe(false);
  });

  it('refuses a port that is not one', () => {
    expect(problemsOf({ PORT: 'http' })).toEqual(['PORT must be a port number, a whole number from 0 to 65535; got "http"']);
    expect(problemsOf({ PORT: '70000' })).toHaveLength(1);
    expect(loadConfig({ PORT: '8080' }).port).toBe(8080);
  });

  it('takes DATABASE_URL and ICM_URL only as URLs of their kind, never echoing a database URL', () => {
    expect(problemsOf({ DATABASE_URL: 'db.example:5432/portal?password=secret', ICM_URL: 'ftp://icm.example/in' })).toEqual([
      'DATABASE_URL must be a URL starting postgres:// or postgresql://; got something else',
      'ICM_URL must be a URL starting http:// or https://; got something else',
    ]);
    expect(loadConfig({ DATABASE_URL: 'postgres://portal:pw@db.example:5432/portal', ICM_URL: 'https://icm.example/in' })).toMatchObject({
      databaseUrl: 'postgres://portal:pw@db.example:5432/portal',
      icmUrl: 'https://icm.example/in',
    });
  });

  it('takes FILE_STORE_URL only as postgres: or an s3:// URL, and PostgreSQL when unset', () => {
    expect(problemsOf({ FILE_STORE_URL: 'ftp://files.example/portal' })).toEqual(['FILE_STORE_URL must be a URL starting postgres:// or s3://; got something else']);
    expect(loadConfig({ FILE_STORE_URL: 'postgres:' })).toMatchObject({ fileStoreUrl: 'postgres:' });
    expect(loadConfig({ FILE_STORE_URL: 's3://portal-files/attachments' })).toMatchObject({ fileStoreUrl: 's3://portal-files/attachments' });
    expect(loadConfig({})).toMatchObject({ fileStoreUrl: null });
  });

  it('reads an S3-compatible store: endpoint, region, path-style addressing and keys, never a default key', () => {
    expect(loadConfig({}).s3).toEqual({ endpoint: null, region: 'us-east-1', forcePathStyle: false, credentials: null });
    expect(loadConfig({ NODE_ENV: 'production', FILE_STORE_URL: 's3://portal-files' }).s3).toEqual({ endpoint: null, region: 'us-east-1', forcePathStyle: false, credentials: null });
    expect(
      loadConfig({ FILE_STORE_URL: 's3://portal-files/attachments', S3_ENDPOINT: 'http://minio.internal:9000', S3_REGION: 'ca-central-1', S3_ACCESS_KEY_ID: 'portal', S3_SECRET_ACCESS_KEY: 'from-the-vault' }).s3,
    ).toEqual({ endpoint: 'http://minio.internal:9000', region: 'ca-central-1', forcePathStyle: true, credentials: { accessKeyId: 'portal', secretAccessKey: 'from-the-vault' } });
    expect(loadConfig({ S3_ENDPOINT: 'https://s3.example', S3_FORCE_PATH_STYLE: 'false' }).s3.forcePathStyle).toBe(false);
    expect(loadConfig({ S3_FORCE_PATH_STYLE: 'true' }).s3.forcePathStyle).toBe(true);
  });

  it('refuses an S3 bucket name S3 would refuse, an endpoint that is not a URL, and half a key pair', () => {
    expect(problemsOf({ FILE_STORE_URL: 's3://Portal_Files/x', S3_ENDPOINT: 'minio:9000', S3_SECRET_ACCESS_KEY: 'leaked-if-echoed' })).toEqual([
      'FILE_STORE_URL must be s3://bucket or s3://bucket/prefix, the bucket 3 to 63 lower-case letters, digits, dots and hyphens',
      'S3_ENDPOINT must be a URL starting http:// or https://; got something else',
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both or neither',
    ]);
    expect(problemsOf({ FILE_STORE_URL: 's3://portal-files/../other' })).toHaveLength(1);
    expect(problemsOf({ FILE_STORE_URL: 's3://portal-files//attachments/' })).toEqual([]);
  });

  it('takes CORS_ORIGINS as origins, refusing one with a path', () => {
    expect(problemsOf({ CORS_ORIGINS: 'https://a.example, https://b.example/app' })).toEqual([
      'CORS_ORIGINS must be a comma-separated list of origins like https://portal.example.org (no path, no trailing slash); not "https://b.example/app"',
    ]);
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).corsOrigins).toEqual(['https://a.example', 'http://localhost:5173']);
  });

  it("refuses a schedule that is not a cron expression, and one for a job that doesn't exist", () => {
    expect(problemsOf({ JOB_SCHEDULE_DELIVER_OUTBOX: 'every minute', JOB_SCHEDULE_DELIVER_OUTBX: '* * * * *' })).toEqual([
      'JOB_SCHEDULE_DELIVER_OUTBOX must be a cron schedule of five or six fields, like "*/1 * * * *"; got "every minute"',
      expect.stringMatching(/^JOB_SCHEDULE_DELIVER_OUTBX names no job; the schedules are JOB_SCHEDULE_CLOSE_PLANS_AFTER_PLACEMENT_END, /),
    ]);
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together, and an email address', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'root@portal.example' })).toEqual(['ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither']);
    expect(problemsOf({ ADMIN_EMAIL: 'root', ADMIN_PASSWORD: 'Strong-pass-2026' })).toEqual(['ADMIN_EMAIL must be an email address; got "root"']);
  });

  it('trusts only loopback proxies for the client address unless TRUST_PROXY names hops, addresses or subnets, and never everyone', () => {
    expect(loadConfig({}).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.0/8, loopback ,fd00::1' }).trustProxy).toBe('10.0.0.0/8,loopback,fd00::1');
    for (const bad of ['true', '*', '10.0.0.0/8/1', 'proxy.example', ',']) {
      expect(problemsOf({ TRUST_PROXY: bad })).toEqual([expect.stringMatching(/^TRUST_PROXY must be a number of proxy hops, or addresses, subnets or loopback\/linklocal\/uniquelocal separated by commas; got /)]);
    }
  });

  it('lists every problem at once', () => {
    expect(() => loadConfig({ SESSION_HOURS: 'abc', PORT: 'x' })).toThrow(
      'Invalid configuration:\n  PORT must be a port number, a whole number from 0 to 65535; got "x"\n  SESSION_HOURS must be the length of a session in hours, a number above 0 and at most 8784; got "abc"',
    );
  });

  it('keeps a server with SESSION_HOURS=abc from starting, saying why', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, SESSION_HOURS: 'abc', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', JOBS_ENABLED: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, output }).toEqual({ code: 1, output: expect.stringContaining('SESSION_HOURS must be the length of a session in hours') });
    expect(output).not.toContain('is running at');
  }, 30_000);
});
