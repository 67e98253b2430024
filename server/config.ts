import net from 'node:net';
import os from 'node:os';
import cron from 'node-cron';
import { s3Location } from './files/s3Location';
import { LOG_LEVELS, type LogLevel } from './logger';

/** The environment, read and validated once. */
export interface Config {
  production: boolean;
  port: number;
  host: string;
  databaseUrl: string | null;
  /** a hot standby that reports and downloads read from (server/db/readRouting.ts); null: the primary */
  reportsDatabaseUrl: string | null;
  /** how far behind the standby may be, in seconds, before reports read the primary instead */
  replicaMaxLagS: number;
  /** connections in the pool: DB_POOL_MAX, or twice the machine's cores between 4 and 20 */
  databasePoolMax: number;
  dataDir: string;
  seedDemo: boolean;
  adminEmail: string | null;
  adminPassword: string | null;
  icmUrl: string | null;
  /** where attachments' content is kept: unset (PostgreSQL) or an S3-compatible URL (server/files/store.ts) */
  fileStoreUrl: string | null;
  /** how to reach an S3-compatible store, read when FILE_STORE_URL is s3:// (docs/file-store.md) */
  s3: S3Settings;
  corsOrigins: string[];
  /** which proxies' X-Forwarded-For gives the client's address (Express's `trust proxy`): TRUST_PROXY */
  trustProxy: string | number;
  sessionHours: number;
  jobsEnabled: boolean;
  schedules: Record<string, string>;
  /** a question's statement_timeout (QUESTION_TIMEOUT_MS) */
  questionTimeoutMs: number;
  /** where report packs are sent (SMTP_URL, e.g. smtp://user:pass@mail.example:587); none: packs wait */
  smtpUrl: string | null;
  /** the sender of report packs (MAIL_FROM) */
  mailFrom: string;
  /** the Chromium that renders PDF packs (CHROMIUM_PATH) */
  chromiumPath: string;
  /** the time zone report subscriptions' schedules are read in (SCHEDULE_TIME_ZONE; default the process's) */
  scheduleTimeZone: string;
  /** the request log's level: LOG_LEVEL, info by default */
  logLevel: LogLevel;
}

/** An S3-compatible store's endpoint, region and keys (S3_* variables). */
export interface S3Settings {
  /** S3_ENDPOINT: a MinIO-style server's URL; null: AWS's own endpoint for the region */
  endpoint: string | null;
  /** S3_REGION, us-east-1 by default (MinIO's default too) */
  region: string;
  /** S3_FORCE_PATH_STYLE: bucket in the path, not the host name; on by default with S3_ENDPOINT */
  forcePathStyle: boolean;
  /** S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY; null: the SDK's own chain (AWS_* variables, the instance's role) */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
}

export const DEFAULT_S3_SETTINGS: S3Settings = { endpoint: null, region: 'us-east-1', forcePathStyle: false, credentials: null };

/** What delivering report packs needs from the configuration (server/subscriptions/). */
export type ReportPackConfig = Pick<Config, 'smtpUrl' | 'mailFrom' | 'chromiumPath' | 'questionTimeoutMs' | 'scheduleTimeZone'>;

export function reportPackConfig(config: Partial<ReportPackConfig>): ReportPackConfig {
  return {
    smtpUrl: config.smtpUrl ?? null,
    mailFrom: config.mailFrom ?? 'Children services reports <reports@localhost>',
    chromiumPath: config.chromiumPath ?? '/usr/bin/chromium',
    questionTimeoutMs: config.questionTimeoutMs ?? 10_000,
    scheduleTimeZone: config.scheduleTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

export const DEFAULT_SCHEDULES: Record<string, string> = {
  'close-plans-after-placement-end': '15 2 * * *',
  'deliver-outbox': '*/1 * * * *',
  'refresh-payment-summaries': '30 2 * * *',
  'schedule-base-payments': '0 3 1 * *',
  'deliver-report-subscriptions': '*/5 * * * *',
  'snapshot-data-quality': '0 4 * * 1',
  'send-compliance-digest': '0 6 * * 1',
  'sweep-file-store': '30 3 * * *',
};

const SCHEDULE_PREFIX = 'JOB_SCHEDULE_';

function envKeyForJob(job: string): string {
  return `${SCHEDULE_PREFIX}${job.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * PostgreSQL does the most work with about two busy connections per core; more only queue
 * inside the server, where they take longer and hold locks longer. On the benchmark's two
 * cores, 4 connections instead of 10 served the children list 23 % faster with a p99 of 72
 * instead of 101 ms (bench/README.md). The embedded server shares the machine; for a server
 * of your own, DB_POOL_MAX says what it can take.
 */
export function defaultPoolMax(cores = os.availableParallelism()): number {
  return Math.min(20, Math.max(4, 2 * cores));
}

/** Thrown by loadConfig with every problem of the environment at once, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const TRUE = ['true', '1', 'yes', 'on'];
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const FALSE = ['false', '0', 'no', 'off'];

/** Reads the variables, collecting what is wrong with them instead of stopping at the first. */
class Reader {
  readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The variable's value; empty counts as not set. */
  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  text(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalText(name: string): string | null {
    return this.raw(name) ?? null;
  }

  flag(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (TRUE.includes(value.toLowerCase())) return true;
    if (FALSE.includes(value.toLowerCase())) return false;
    return this.refuse(name, value, `true or false (also ${[...TRUE.slice(1), ...FALSE.slice(1)].join(', ')})`, fallback);
  }

  wholeNumber(name: string, fallback: number, min: number, max: number, what: string): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (/^\d+$/.test(value.trim()) && n >= min && n <= max) return n;
    return this.refuse(name, value, `${what}, a whole number from ${min} to ${max}`, fallback);
  }

  positiveNumber(name: string, fallback: number, max: number, what: string): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (value.trim() !== '' && Number.isFinite(n) && n > 0 && n <= max) return n;
    return this.refuse(name, value, `${what}, a number above 0 and at most ${max}`, fallback);
  }

  url(name: string, protocols: readonly string[]): string | null {
    const value = this.raw(name);
    if (value === undefined) return null;
    if (protocols.includes(parsedUrl(value)?.protocol ?? '')) return value;
    return this.refuse(name, value, `a URL starting ${protocols.map((p) => `${p}//`).join(' or ')}`, null, false);
  }

  origins(name: string): string[] {
    const list = (this.raw(name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const bad = list.filter((origin) => !['http:', 'https:'].includes(parsedUrl(origin)?.protocol ?? '') || parsedUrl(origin)?.origin !== origin);
    if (bad.length) this.problems.push(`${name} must be a comma-separated list of origins like https://portal.example.org (no path, no trailing slash); not ${bad.map((b) => `"${b}"`).join(', ')}`);
    return list.filter((origin) => !bad.includes(origin));
  }

  /**
   * Sign-in throttling counts failures per client address (server/auth/throttle.ts), so behind
   * a proxy on another host the address must come from its X-Forwarded-For, or every client
   * looks like the proxy. A number of hops, or addresses and subnets; never "trust everyone",
   * which would let any client name its own address.
   */
  proxies(name: string, fallback: string): string | number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (/^\d+$/.test(value.trim())) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
    const valid = (entry: string) => {
      const [address, bits, extra] = entry.split('/');
      return PROXY_NAMES.includes(entry) || (net.isIP(address) !== 0 && extra === undefined && (bits === undefined || /^\d{1,3}$/.test(bits)));
    };
    if (entries.length && entries.every(valid)) return entries.join(',');
    return this.refuse(name, value, `a number of proxy hops, or addresses, subnets or ${PROXY_NAMES.join('/')} separated by commas`, fallback);
  }

  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((choices as readonly string[]).includes(value)) return value as T;
    return this.refuse(name, value, `one of ${choices.join(', ')}`, fallback);
  }

  schedule(name: string, fallback: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (cron.validate(value)) return value;
    return this.refuse(name, value, `a cron schedule of five or six fields, like "${fallback}"`, fallback);
  }

  /** Records the problem and answers the fallback, so every other variable is still read. */
  private refuse<T>(name: string, value: string, expected: string, fallback: T, quote = true): T {
    this.problems.push(`${name} must be ${expected}; got ${quote ? `"${value}"` : 'something else'}`);
    return fallback;
  }
}

function parsedUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** The S3_* variables; an s3:// FILE_STORE_URL must name a valid bucket. */
function readS3Settings(read: Reader, fileStoreUrl: string | null): S3Settings {
  if (fileStoreUrl?.startsWith('s3:') && !s3Location(fileStoreUrl)) {
    read.problems.push('FILE_STORE_URL must be s3://bucket or s3://bucket/prefix, the bucket 3 to 63 lower-case letters, digits, dots and hyphens');
  }
  const endpoint = read.url('S3_ENDPOINT', ['http:', 'https:']);
  const accessKeyId = read.optionalText('S3_ACCESS_KEY_ID');
  const secretAccessKey = read.optionalText('S3_SECRET_ACCESS_KEY');
  if ((accessKeyId === null) !== (secretAccessKey === null)) read.problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both or neither');
  return {
    endpoint,
    region: read.text('S3_REGION', DEFAULT_S3_SETTINGS.region),
    forcePathStyle: read.flag('S3_FORCE_PATH_STYLE', endpoint !== null),
    credentials: accessKeyId !== null && secretAccessKey !== null ? { accessKeyId, secretAccessKey } : null,
  };
}

/**
 * The configuration, every variable checked: numbers, booleans, URLs, origins and cron
 * schedules. Anything wrong stops the start with a ConfigError naming each variable, rather
 * than a server that runs with NaN-hour sessions or a schedule that never fires.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const read = new Reader(env);
  const production = env.NODE_ENV === 'production';
  const scheduleTimeZone = read.text('SCHEDULE_TIME_ZONE', Intl.DateTimeFormat().resolvedOptions().timeZone);
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: scheduleTimeZone });
  } catch {
    read.problems.push(`SCHEDULE_TIME_ZONE must be a time zone such as America/Vancouver; got "${scheduleTimeZone}"`);
  }
  const schedules: Record<string, string> = {};
  for (const [job, fallback] of Object.entries(DEFAULT_SCHEDULES)) {
    schedules[job] = read.schedule(envKeyForJob(job), fallback);
  }
  const scheduleKeys = Object.keys(DEFAULT_SCHEDULES).map(envKeyForJob);
  for (const name of Object.keys(env).filter((key) => key.startsWith(SCHEDULE_PREFIX) && !scheduleKeys.includes(key))) {
    read.problems.push(`${name} names no job; the schedules are ${scheduleKeys.join(', ')}`);
  }
  const adminEmail = read.optionalText('ADMIN_EMAIL');
  const adminPassword = read.optionalText('ADMIN_PASSWORD');
  if (adminEmail !== null && !/^[^\s@]+@[^\s@]+$/.test(adminEmail.trim())) read.problems.push(`ADMIN_EMAIL must be an email address; got "${adminEmail}"`);
  if ((adminEmail === null) !== (adminPassword === null)) read.problems.push('ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither');

  const fileStoreUrl = read.url('FILE_STORE_URL', ['postgres:', 's3:']);
  const config: Config = {
    production,
    port: read.wholeNumber('PORT', 3000, 0, 65535, 'a port number'),
    host: read.text('HOST', '0.0.0.0'),
    databaseUrl: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    reportsDatabaseUrl: read.url('REPORTS_DATABASE_URL', ['postgres:', 'postgresql:']),
    replicaMaxLagS: read.positiveNumber('REPLICA_MAX_LAG_S', 30, 24 * 3600, 'the standby lag reports accept, in seconds'),
    databasePoolMax: read.wholeNumber('DB_POOL_MAX', defaultPoolMax(), 1, 1000, 'the number of connections'),
    dataDir: read.text('DATA_DIR', '.data'),
    seedDemo: read.flag('SEED_DEMO', true) && !production,
    adminEmail,
    adminPassword,
    icmUrl: read.url('ICM_URL', ['http:', 'https:']),
    fileStoreUrl,
    s3: readS3Settings(read, fileStoreUrl),
    corsOrigins: read.origins('CORS_ORIGINS'),
    trustProxy: read.proxies('TRUST_PROXY', 'loopback'),
    sessionHours: read.positiveNumber('SESSION_HOURS', 12, 24 * 366, 'the length of a session in hours'),
    jobsEnabled: read.flag('JOBS_ENABLED', true),
    schedules,
    ...reportPackConfig({ mailFrom: env.MAIL_FROM || undefined, chromiumPath: env.CHROMIUM_PATH || undefined }),
    smtpUrl: read.url('SMTP_URL', ['smtp:', 'smtps:']),
    questionTimeoutMs: read.wholeNumber('QUESTION_TIMEOUT_MS', 10_000, 1, 3_600_000, 'how long a question may run, in milliseconds'),
    scheduleTimeZone,
    logLevel: read.choice('LOG_LEVEL', LOG_LEVELS, 'info'),
  };
  if (read.problems.length) throw new ConfigError(read.problems);
  return config;
}
