import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db/database';
import { migrateToLatest } from '../server/db/knex';

/**
 * npm run rollups:rebuild — recomputes the report rollups from the base tables (writers wait
 * meanwhile); npm run rollups:verify — lists every rollup row that differs from the base
 * tables and exits 1 when there is one (docs/reports.md "Rollups").
 */
async function main(action: string | undefined) {
  if (action !== 'rebuild' && action !== 'verify') {
    console.error('Usage: node --import tsx scripts/rollups.ts <rebuild|verify>');
    process.exit(2);
  }
  const database = await openDatabase(loadConfig(), (line) => console.error(line));
  try {
    await migrateToLatest(database.knex);
    const started = Date.now();
    if (action === 'rebuild') {
      await database.knex.raw('select rollup_rebuild()');
      console.log(`Rollups rebuilt in ${Date.now() - started} ms`);
      return;
    }
    const { rows } = await database.knex.raw<{ rows: { rollup: string; difference: string; row_values: unknown }[] }>('select * from rollup_differences()');
    for (const row of rows) console.log(`${row.rollup}: ${row.difference}: ${JSON.stringify(row.row_values)}`);
    console.log(`${rows.length} difference${rows.length === 1 ? '' : 's'} between the rollups and the base tables (${Date.now() - started} ms)`);
    if (rows.length > 0) process.exitCode = 1;
  } catch (error) {
    console.error(`Could not ${action} the rollups: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

void main(process.argv[2]);
