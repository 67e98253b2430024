/** The environment, read and validated once. */
export interface Config {
  production: boolean;
  port: number;
  host: string;
  databaseUrl: string | null;
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
};

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['false', '0', 'no', 'off'].includes(value.toLowerCase());
}

function envKeyForJob(job: string): string {
  return `JOB_SCHEDULE_${job.toUpperCase().replace(/-/g, '_')}`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
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
