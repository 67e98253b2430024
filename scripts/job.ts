import { systemClock } from '../server/clock';
import { loadConfig, reportPackConfig } from '../server/config';
import { openDatabaseForTool } from '../server/db/database';
import { migrateToLatest } from '../server/db/knex';
import { findJob, jobs } from '../server/jobs/registry';
import { runJob } from '../server/jobs/runner';
import { isValidDate } from '../server/validation';

/**
 * npm run job -- <name> [--as-of YYYY-MM-DD]: against DATABASE_URL, the embedded PostgreSQL
 * of the server running on DATA_DIR, or (when none runs) an embedded one started for the run.
 * Exits 0 when the job succeeded or was skipped, 1 when it or anything else failed, 2 on bad usage.
 */
async function main() {
  const args = process.argv.slice(2);
  const name = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--as-of');
  const asOfIndex = args.indexOf('--as-of');
  const asOf = asOfIndex >= 0 ? args[asOfIndex + 1] : undefined;
  const job = name ? findJob(name) : undefined;
  if (!job) {
    console.error(`Usage: npm run job -- <name> [--as-of YYYY-MM-DD]\nJobs: ${jobs.map((j) => j.name).join(', ')}`);
    process.exit(2);
  }
  if (asOf !== undefined && !isValidDate(asOf)) {
    console.error('--as-of takes a real date YYYY-MM-DD');
    process.exit(2);
  }
  const config = loadConfig();
  const database = await openDatabaseForTool(config, (line) => console.error(line));
  try {
    await migrateToLatest(database.knex);
    const result = await runJob(job, { knex: database.knex, config: { icmUrl: config.icmUrl, reportPacks: reportPackConfig(config) }, log: (line) => console.log(line), clock: systemClock }, asOf);
    console.log(JSON.stringify(result, null, 2));
    process.exitCode = result.status === 'failed' ? 1 : 0;
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(`The job did not run: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
