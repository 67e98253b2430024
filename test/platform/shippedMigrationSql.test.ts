import { createHash } from 'node:crypto';
import path from 'node:path';

/**
 * A shipped migration's SQL never changes (a new behaviour is a new migration). These migrations
 * build their statements from code shared in migrations/support/, so a change there could change
 * what an applied migration would create on a fresh database: each one's statements, as it hands
 * them to `knex.raw` in `up` and in `down`, must stay byte for byte those it shipped with. The
 * hashes were taken from the statements of commit 665b1e9, before 20261202110000 took its pieces
 * from migrations/support/cspInitiationRollups.ts.
 */
const SHIPPED: Record<string, { up: [number, string]; down: [number, string] }> = {
  '20261202110000_create_initiation_wait_rollups.ts': {
    up: [19, '70afac10c4768f83d5cfb54a70c458df080ea84f7a6b6e4bdceebc33126af947'],
    down: [18, 'b3f5650a258ebaf9488e2b07b7e6c41e6d34569977f5eefba79744f826c66ada'],
  },
  '20261203100001_create_csp_initiation_rollups.ts': {
    up: [21, '702ce2f872bf5c2fb9644cfdaf94613a674e9805c72f8382b744d92b8e19dc32'],
    down: [20, '733b950ebebc572caef7f6308599805beb14db388831987ba4f483e7f2f97830'],
  },
  '20261205110000_group_csp_initiations_by_age_band.ts': {
    up: [13, 'eda9a457d1cdc9c0e0e73bf8e1ea2feb56e5548f75c4226f42362e4c8b55ca9b'],
    down: [13, '08f15fd9c06f88005257371f666a91b4db9da33f80f30f86ee78c6401413b988'],
  },
};

/** The statements `direction` of migration `name` runs, recorded by a knex that only answers `raw`. */
async function statementsOf(name: string, direction: 'up' | 'down'): Promise<string[]> {
  const migration = await import(path.join(__dirname, '../../migrations', name));
  const statements: string[] = [];
  const knex = {
    raw: async (sql: string, bindings?: unknown) => {
      if (bindings !== undefined) throw new Error(`${name} ${direction}: a statement with bindings is not recorded`);
      statements.push(sql);
      return { rows: [] };
    },
  };
  await migration[direction](knex);
  return statements;
}

describe.each(Object.entries(SHIPPED))('%s', (name, shipped) => {
  it.each(['up', 'down'] as const)('%s runs the statements it shipped with', async (direction) => {
    const statements = await statementsOf(name, direction);
    const [count, sha256] = shipped[direction];
    expect(statements.length).toBe(count);
    expect(createHash('sha256').update(statements.join('\n;\n')).digest('hex')).toBe(sha256);
  });
});
