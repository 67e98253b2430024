import type { Knex } from 'knex';
import { hashPassword } from '../server/auth/passwords';
import { seedDashboards } from './demo/bi';
import { seedCsp } from './demo/csp';
import { PLAN_GENERATIONS, planStage, seedShss, type PaymentRow } from './demo/shss';
import { World } from './demo/world';

/**
 * The demo data: three fiscal years of both programmes ending at `today`, the same on every
 * run (a seeded generator; only password salts and the time of loading differ). Sign-ins:
 * admin@, manager@, finance@, orgadmin@, pm@, worker@ and spc@demo.example, password
 * Demo2025!. Loads into an empty, migrated database in one transaction.
 */
export const DEMO_PASSWORD = 'Demo2025!';

/** Tables in the order their rows are written: every row after the rows it names. */
const WRITE_ORDER = [
  'organizations',
  'users',
  'places_of_service',
  'place_assignments',
  'contracts',
  'children',
  'referrals',
  'referral_children',
  'placements',
  'respite_stays',
  ...Array.from({ length: PLAN_GENERATIONS }, (_, generation) => `service_plans|${planStage(generation)}`),
  'care_circle_members',
  'plan_services',
  'progress_reviews',
  'monthly_check_ins',
  'outbox_messages',
  'daily_logs',
  'daily_log_entries',
  'events',
  'tasks',
  'service_activities',
  'staff_allocations',
  'expenditures',
  'complaints',
  'support_requests',
  'payments',
  'payment_summaries',
  'notifications',
];

export async function seedDemo(knex: Knex, opts: { today: string }): Promise<Record<string, number>> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) throw new Error(`seedDemo needs today as YYYY-MM-DD, not "${opts.today}"`);
  // One hash for every demo user: hashing is deliberately slow.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const world = new World(opts.today, passwordHash);
  world.buildOrganizations();
  seedCsp(world);
  const payments = seedShss(world);
  paymentSummaries(world, payments);
  return knex.transaction(async (trx) => {
    await world.writeLookups(trx);
    const counts = await world.writer.write(trx, WRITE_ORDER);
    return { ...counts, ...(await seedDashboards(trx)) };
  });
}

/** The daily rollup of payments per contract and month, as the refresh job builds it. */
function paymentSummaries(world: World, payments: PaymentRow[]): void {
  const groups = new Map<string, PaymentRow[]>();
  for (const payment of payments) {
    const key = `${payment.contract.number}|${payment.month}`;
    const group = groups.get(key) ?? [];
    group.push(payment);
    groups.set(key, group);
  }
  const refreshedAt = world.at(world.today);
  const sum = (rows: PaymentRow[], keep: (row: PaymentRow) => boolean) =>
    (rows.filter(keep).reduce((total, row) => total + row.cents, 0) / 100).toFixed(2);
  for (const key of [...groups.keys()].sort()) {
    const rows = groups.get(key)!;
    const { contract, month } = rows[0];
    const owed = (row: PaymentRow) => row.status !== 'cancelled';
    world.writer.add('payment_summaries', () => ({
      organization_id: contract.organization.ref.id,
      contract_id: contract.ref.id,
      contract_number: contract.number,
      month,
      base_total: sum(rows, (r) => owed(r) && r.kind === 'base'),
      support_total: sum(rows, (r) => owed(r) && r.kind === 'support'),
      transition_in_total: sum(rows, (r) => owed(r) && r.kind === 'transition_in'),
      total: sum(rows, owed),
      paid_total: sum(rows, (r) => r.status === 'paid'),
      scheduled_total: sum(rows, (r) => r.status === 'scheduled'),
      cancelled_total: sum(rows, (r) => r.status === 'cancelled'),
      payment_count: rows.length,
      refreshed_at: refreshedAt,
      created_at: refreshedAt,
      updated_at: refreshedAt,
    }));
  }
}

/** `knex seed:run`: loads the demo data into an empty database, as of today. */
export async function seed(knex: Knex): Promise<void> {
  const existing = await knex('organizations').first('id');
  if (existing) {
    throw new Error('The demo seed loads into an empty database: run `knex migrate:rollback --all` and `knex migrate:latest` first.');
  }
  const counts = await seedDemo(knex, { today: new Date().toISOString().slice(0, 10) });
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`Demo data loaded: ${total} rows in ${Object.keys(counts).length} tables.`);
}
