import os from 'node:os';

/** The environment, read and validated once. */
export interface Config {
  production: boolean;
  port: number;
  host: string;
  databaseUrl: string | null;
  /** connections in the pool: DB_POOL_MAX, or twice the machine's cores between 4 and 20 */
  databasePoolMax: number;
  dataDir: string;
  seedDemo: boolean;
  adminEmail: string | null;
  adminPassword: string | null;
  icmUrl: string | null;
  corsOrigins: string[];
  sessionHours: number;
  jobsEnabled: boolean;
  schedules: Record<string, string>;
}

export const DEFAULT_SCHEDULES: Record<string, string> = {
  'close-plans-after-placement-end': '15 2 * * *',
  'deliver-outbox': '*/1 * * * *',
  'refresh-payment-summaries': '30 2 * * *',
  'schedule-base-payments': '0 3 1 * *',
  'snapshot-data-quality': '0 4 * * 1',
  'send-compliance-digest': '0 6 * * 1',
};

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['false', '0', 'no', 'off'].includes(value.toLowerCase());
}

function envKeyForJob(job: string): string {
  return `JOB_SCHEDULE_${job.toUpperCase().replace(/-/g, '_')}`;
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  }
  const poolMax = env.DB_POOL_MAX ? Number(env.DB_POOL_MAX) : defaultPoolMax();
  if (!Number.isInteger(poolMax) || poolMax < 1 || poolMax > 1000) {
    throw new Error(`DB_POOL_MAX must be a whole number of connections, got "${env.DB_POOL_MAX}"`);
  }
  const schedules: Record<string, string> = {};
  for (const [job, fallback] of Object.entries(DEFAULT_SCHEDULES)) {
    schedules[job] = env[envKeyForJob(job)] || fallback;
  }
  return {
    production,
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || null,
    databasePoolMax: poolMax,
    dataDir: env.DATA_DIR || '.data',
    seedDemo: !production && flag(env.SEED_DEMO, true),
    adminEmail: env.ADMIN_EMAIL || null,
    adminPassword: env.ADMIN_PASSWORD || null,
    icmUrl: env.ICM_URL || null,
    corsOrigins: (env.CORS_ORIGINS || '').split(',').map((s) => s.trim()).filter(Boolean),
    sessionHours: Number(env.SESSION_HOURS ?? 12),
    jobsEnabled: flag(env.JOBS_ENABLED, true),
    schedules,
  };
}
