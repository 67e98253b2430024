/**
 * npm run seed:scale -- --children 1000000 [--seed 20261123] [--as-of 2026-10-31]
 *
 * Fills a migrated database with a realistic population of N children and everything around
 * them, for benchmarks: per child about 1.2 referrals, 0.9 plans, 5 service activities,
 * 2 payments and 5 daily-log entries, and proportional organisations, places, contracts,
 * users, check-ins, care circles, events and tasks, spread over fiscal years 2021 to 2026.
 *
 * The database is DATABASE_URL, or the embedded one `npm start` wrote in
 * `.data/connection.json` (as knexfile.ts finds it). Rows go in through COPY FROM STDIN, one
 * stream per table running side by side, with ids chosen here (after the tables' current
 * maximum) so foreign keys are known without a round trip. Triggers are off for the load
 * (`session_replication_role = replica`, which needs a superuser): the rows are consistent by
 * construction, and the columns triggers keep (`referrals.placed`,
 * `referral_children.csp_initiated_on`, `service_plans.last_activity_on`) are computed here
 * while the rows are generated — no table is updated after the load. Secondary indexes are
 * dropped for the load and built again after it (scale/indexes.ts) while the report rollups are
 * computed from the loaded rows (`rollup_rebuild()`, once, set-based), then VACUUM ANALYZE.
 * The rate printed at the end counts the whole command. The same seed gives the same rows.
 */
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Writable } from 'node:stream';
import knexConfig from '../knexfile';
import { createKnex, migrateToLatest } from '../server/db/knex';
import { buildIndexes, dropSecondaryIndexes, restorePendingIndexes } from './scale/indexes';

// ---------------------------------------------------------------- arguments and connection

interface Options {
  children: number;
  seed: number;
  asOf: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { children: 100_000, seed: 20261123, asOf: '2026-10-31' };
  for (let i = 0; i < argv.length; i += 1) {
    const [name, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (name === '--children') options.children = Number(value);
    else if (name === '--seed') options.seed = Number(value);
    else if (name === '--as-of') options.asOf = value;
    else throw new Error(`Unknown option ${name}. Usage: seed:scale -- --children N [--seed S] [--as-of YYYY-MM-DD]`);
  }
  if (!Number.isInteger(options.children) || options.children < 100) throw new Error('--children must be an integer ≥ 100');
  if (!Number.isInteger(options.seed)) throw new Error('--seed must be an integer');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) throw new Error('--as-of must be YYYY-MM-DD');
  return options;
}

async function connectionString(): Promise<string> {
  const connection = (knexConfig as { connection: () => { connectionString: string } }).connection;
  return connection().connectionString;
}

// ---------------------------------------------------------------- deterministic randomness

/** sfc32: small, fast, good enough for fixtures, and the same sequence for the same seed. */
class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i += 1) this.next();
  }
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** an exponential wait with this mean */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
  /** picks a key by weight */
  weighted<T extends string>(weights: readonly (readonly [T, number])[]): T {
    let r = this.next() * weights.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, w] of weights) {
      r -= w;
      if (r < 0) return value;
    }
    return weights[weights.length - 1][0];
  }
}

// ---------------------------------------------------------------- dates as day numbers

const DAY_MS = 86_400_000;
const FIRST_CACHED = Date.UTC(1995, 0, 1) / DAY_MS;
const DATE_CACHE: string[] = [];
for (let d = FIRST_CACHED; d <= Date.UTC(2035, 0, 1) / DAY_MS; d += 1) {
  DATE_CACHE.push(new Date(d * DAY_MS).toISOString().slice(0, 10));
}
const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
const iso = (d: number) => DATE_CACHE[d - FIRST_CACHED];
/** first day of the month containing d */
function monthStart(d: number): number {
  const t = new Date(d * DAY_MS);
  return Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1) / DAY_MS;
}
function addMonthsStart(monthFirstDay: number, months: number): number {
  const t = new Date(monthFirstDay * DAY_MS);
  return Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + months, 1) / DAY_MS;
}

// ---------------------------------------------------------------- COPY writers

const NULL = '\\N';
type Cell = string | number | boolean | null;

/** One COPY FROM STDIN stream into one table, fed in chunks with back-pressure. */
class TableWriter {
  rows = 0;
  private buffer: string[] = [];
  private size = 0;
  private stream: Writable | null = null;
  private done: Promise<void> | null = null;
  constructor(
    readonly table: string,
    readonly columns: readonly string[],
    private readonly client: Client,
  ) {}

  start(): void {
    const stream = this.client.query(copyFrom(`copy ${this.table} (${this.columns.join(', ')}) from stdin`));
    this.stream = stream;
    this.done = new Promise((resolve, reject) => {
      stream.on('finish', () => resolve());
      stream.on('error', reject);
    });
  }

  add(cells: readonly Cell[]): void {
    let line = '';
    for (let i = 0; i < cells.length; i += 1) {
      const cell = cells[i];
      if (i > 0) line += '\t';
      line += cell === null ? NULL : cell === true ? 't' : cell === false ? 'f' : cell;
    }
    line += '\n';
    this.buffer.push(line);
    this.size += line.length;
    this.rows += 1;
  }

  /** Writes what is buffered once there is enough of it (or always, at the end). */
  async flush(force = false): Promise<void> {
    if (!this.stream || (!force && this.size < 256 * 1024) || this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await new Promise((resolve) => this.stream!.once('drain', resolve));
  }

  async end(): Promise<void> {
    await this.flush(true);
    this.stream!.end();
    await this.done;
  }
}

const TABLES = {
  organizations: ['id', 'name', 'kind', 'service_delivery_area', 'active'],
  places_of_service: ['id', 'organization_id', 'name', 'service_type_code', 'region', 'capacity', 'active'],
  users: ['id', 'organization_id', 'email', 'full_name', 'role', 'active'],
  place_assignments: ['id', 'user_id', 'place_of_service_id', 'assigned_on', 'ended_on'],
  contracts: ['id', 'organization_id', 'contract_number', 'program', 'is_legacy', 'start_date', 'end_date', 'monthly_base_amount'],
  children: ['id', 'first_name', 'last_name', 'preferred_name', 'birth_date', 'gender', 'indigenous_identity', 'in_school', 'service_delivery_area'],
  referrals: ['id', 'organization_id', 'program', 'referral_date', 'source_type', 'source_detail', 'is_warm', 'referrer_name', 'notes', 'placed'],
  referral_children: ['id', 'referral_id', 'child_id', 'eligibility', 'eligibility_decided_on', 'closed_on', 'closed_reason', 'csp_initiated_on'],
  placements: ['id', 'child_id', 'place_of_service_id', 'contract_id', 'referral_id', 'kind', 'start_date', 'end_date', 'status', 'end_reason'],
  respite_stays: ['id', 'placement_id', 'start_date', 'end_date', 'status', 'notes'],
  service_plans: [
    'id', 'child_id', 'program', 'organization_id', 'placement_id', 'referral_id', 'coordinator_id', 'status',
    'initiated_on', 'approved_on', 'approved_by', 'closed_on', 'closed_reason', 'goals', 'strengths', 'needs', 'last_activity_on',
  ],
  care_circle_members: ['id', 'service_plan_id', 'name', 'role', 'organization_name', 'email', 'phone', 'is_active', 'joined_on', 'left_on'],
  plan_services: ['id', 'service_plan_id', 'category', 'provider_name', 'status', 'requested_on', 'started_on', 'ended_on'],
  progress_reviews: ['id', 'service_plan_id', 'review_date', 'period_start', 'period_end', 'summary', 'goal_progress', 'next_review_on', 'author_id'],
  monthly_check_ins: ['id', 'service_plan_id', 'month', 'check_in_date', 'answers', 'status', 'finalized_at', 'finalized_by', 'icm_status', 'icm_reference'],
  daily_logs: ['id', 'placement_id', 'log_date', 'shift'],
  daily_log_entries: ['id', 'daily_log_id', 'author_id', 'body'],
  events: ['id', 'child_id', 'service_plan_id', 'type', 'occurred_at', 'title', 'description', 'created_by'],
  tasks: ['id', 'child_id', 'service_plan_id', 'assigned_to', 'title', 'due_on', 'status'],
  service_activities: ['id', 'service_plan_id', 'coordinator_id', 'activity_date', 'kind', 'mode', 'hours', 'note'],
  staff_allocations: ['id', 'organization_id', 'user_id', 'staff_name', 'role', 'fte', 'start_date', 'end_date'],
  expenditures: ['id', 'organization_id', 'program', 'spent_on', 'amount', 'description'],
  support_requests: [
    'id', 'child_id', 'placement_id', 'contract_id', 'type_code', 'sub_type_code', 'frequency', 'start_date', 'end_date',
    'amount', 'justification', 'status', 'submitted_at', 'decided_at', 'decided_by',
  ],
  payments: [
    'id', 'contract_id', 'placement_id', 'support_request_id', 'kind', 'service_month', 'amount', 'status',
    'scheduled_on', 'paid_on', 'cas_payment_number', 'icm_order_number',
  ],
} as const;
type Table = keyof typeof TABLES;

/** Rows per child each table gets, roughly: the progress bar's denominator. */
const ROWS_PER_CHILD = 22.5;

// ---------------------------------------------------------------- vocabulary

const FIRST_NAMES = ['Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Ava', 'Elijah', 'Sophia', 'Lucas', 'Chloé', 'Félix', 'Maya', 'Aiden', 'Zoé', 'Ethan', 'Léa', 'Arjun', 'Aaliyah', 'Kai', 'Nora', 'Mateo', 'Isla', 'Hamza', 'Mei', 'Tavish', 'Ananya', 'Wyatt', 'Sakura', 'Jasper'];
const LAST_NAMES = ['Smith', 'Tremblay', 'Martin', 'Brown', 'Roy', 'Wilson', 'MacDonald', 'Gagnon', 'Johnson', 'Taylor', 'Côté', 'Campbell', 'Anderson', 'Leblanc', 'Lee', 'Singh', 'Wong', 'Nguyen', 'Patel', 'Bouchard', 'Morin', 'Thomas', 'Cardinal', 'Whitehorse', 'Kaur', 'Chen', 'Okafor', 'Haddad', 'Fraser', 'Moreau'];
const AREAS = ['Toronto', 'Ottawa', 'Hamilton', 'London', 'Sudbury', 'Thunder Bay', 'Kingston', 'Windsor', 'Barrie', 'Peel', 'York', 'Durham', 'Halton', 'Niagara', 'Waterloo', 'Simcoe', 'Kenora', 'Timmins'];
const SOURCES = [
  ['self_family', 30],
  ['school_educator', 20],
  ['physician_health', 20],
  ['childrens_aid', 8],
  ['indigenous_org', 5],
  ['other', 17],
] as const;
const CSP_CLOSE_REASONS = [
  ['met_goals', 35],
  ['left_catchment', 10],
  ['unable_to_reach', 10],
  ['family_request', 15],
  ['aged_out', 10],
  ['superseded', 5],
  ['other', 15],
] as const;
const SERVICE_CATEGORIES = ['rehab_speech_language', 'rehab_occupational', 'rehab_physio', 'nursing', 'dietician', 'personal_support', 'autism', 'developmental', 'respite', 'mental_health', 'health_care', 'education', 'other'];
const EVENT_TYPES = [
  ['school', 30],
  ['family_visit', 25],
  ['medical', 20],
  ['incident', 15],
  ['meeting', 8],
  ['critical_incident', 2],
] as const;
const SHIFTS = ['day', 'evening', 'overnight', 'combined'];
const LOG_SENTENCES = [
  'Calm morning, ate breakfast well and went to school on time.',
  'Had a difficult transition after lunch; used the quiet room for ten minutes.',
  'Visited with grandmother in the afternoon, in good spirits afterwards.',
  'Took medication as prescribed at 08:00 and 20:00.',
  'Worked on the communication board with staff for half an hour.',
  'Slept through the night with one check at 02:00.',
];

// ---------------------------------------------------------------- the population

interface Org {
  id: number;
  kind: 'coordinating_agency' | 'partner_agency' | 'service_provider';
  coordinators: number[];
  places: Place[];
}
interface Place {
  id: number;
  orgId: number;
  contractId: number;
  monthlyBase: number;
  workers: number[];
}

export interface SeedSummary {
  rows: number;
  /** the whole command, from connecting to the end of VACUUM ANALYZE */
  seconds: number;
  rowsPerSecond: number;
  phases: { load: number; indexes: number; rollups: number; vacuum: number };
  tables: Record<Table, number>;
}

export interface SeedOptions extends Options {
  connectionString: string;
  /** where the summary lines go (default stderr) */
  log?: (line: string) => void;
  /** draw a progress bar on stderr while loading */
  progressBar?: boolean;
}

export async function seedScale(options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const N = options.children;
  const rng = new Random(options.seed);
  const START = day('2021-04-01');
  const END = day(options.asOf);
  const END_MONTH = monthStart(END);

  const url = options.connectionString;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  const { rows: superuser } = await admin.query(`select rolsuper from pg_roles where rolname = current_user`);
  if (superuser[0]?.rolsuper !== true) {
    await admin.end();
    throw new Error(
      'seed:scale needs a superuser: it loads with session_replication_role = replica (no foreign-key or derived-column triggers; the rows are consistent by construction and the generator sets the derived columns).',
    );
  }

  const tableNames = Object.keys(TABLES) as Table[];
  const nextIds = {} as Record<Table, number>;
  for (const table of tableNames) {
    const { rows } = await admin.query(`select coalesce(max(id), 0)::bigint as max from ${table}`);
    nextIds[table] = Number(rows[0].max) + 1;
  }
  const runTag = `s${nextIds.organizations}`;
  const id = (table: Table) => nextIds[table]++;

  await admin.query(`insert into service_types (code, label, label_fr, program) values
    ('specialized_home', 'Specialized home', 'Foyer spécialisé', 'SHSS'), ('csp_coordination', 'Coordinated service planning', 'Planification coordonnée des services', 'CSP')
    on conflict (code) do nothing`);
  await admin.query(`insert into support_request_types (code, label, label_fr, parent_code, requires_staffing_details, legacy_only) values
    ('child_specific_support', 'Child-specific support', 'Soutien propre à l’enfant', null, false, false),
    ('staffing', 'Staffing', 'Personnel supplémentaire', null, true, false),
    ('legacy_transition_in', 'Transition-in (legacy)', 'Transition d’accueil (ancien régime)', null, false, true)
    on conflict (code) do nothing`);
  await admin.query(`insert into support_request_types (code, label, label_fr, parent_code) values
    ('cultural_supports', 'Cultural supports', 'Soutiens culturels', 'child_specific_support') on conflict (code) do nothing`);

  const clients: Client[] = [];
  while (clients.length < tableNames.length) {
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`set synchronous_commit = off`);
    await client.query(`set session_replication_role = replica`);
    clients.push(client);
  }
  // Two builds at a time: about what two cores do best (scale/indexes.ts).
  const builders = clients.slice(0, 2);
  const restored = await restorePendingIndexes(builders);
  if (restored) log(`Built again ${restored} indexes an interrupted seed had dropped.`);
  const dropped = await dropSecondaryIndexes(admin, tableNames);

  const writers = {} as Record<Table, TableWriter>;
  tableNames.forEach((table, i) => {
    writers[table] = new TableWriter(table, TABLES[table], clients[i]);
    writers[table].start();
  });
  const add = (table: Table, cells: readonly Cell[]) => writers[table].add(cells);

  const expected = Math.round(N * ROWS_PER_CHILD);
  const loadStarted = Date.now();
  const progress = () => {
    const rows = tableNames.reduce((sum, t) => sum + writers[t].rows, 0);
    const seconds = (Date.now() - loadStarted) / 1000;
    const share = Math.min(1, rows / expected);
    const width = 30;
    const bar = '█'.repeat(Math.round(share * width)).padEnd(width, '░');
    const rate = rows / Math.max(seconds, 0.001);
    const eta = rate > 0 ? Math.max(0, (expected - rows) / rate) : 0;
    if (options.progressBar) {
      process.stderr.write(
        `\r${bar} ${(share * 100).toFixed(0).padStart(3)}%  ${(rows / 1e6).toFixed(2)}M rows  ${Math.round(rate / 1000)}k rows/s  ${seconds.toFixed(0)}s loading, ~${eta.toFixed(0)}s left `,
      );
    }
    return { rows, seconds };
  };
  const timer = setInterval(progress, 500);

  // ---- organisations, places, contracts, users
  const ministry = id('organizations');
  add('organizations', [ministry, `Ministry (scale ${runTag})`, 'ministry', null, true]);
  const cspOrgs: Org[] = [];
  const providers: Org[] = [];
  const coordinatingCount = 34;
  const partnerCount = 16;
  const providerCount = Math.max(4, Math.round(N / 20_000));
  for (let i = 0; i < coordinatingCount + partnerCount; i += 1) {
    const kind = i < coordinatingCount ? 'coordinating_agency' : 'partner_agency';
    const org: Org = { id: id('organizations'), kind, coordinators: [], places: [] };
    add('organizations', [org.id, `${kind === 'coordinating_agency' ? 'Coordinating agency' : 'Partner agency'} ${i + 1} (${runTag})`, kind, AREAS[i % AREAS.length], true]);
    cspOrgs.push(org);
  }
  for (let i = 0; i < providerCount; i += 1) {
    const org: Org = { id: id('organizations'), kind: 'service_provider', coordinators: [], places: [] };
    add('organizations', [org.id, `Service provider ${i + 1} (${runTag})`, 'service_provider', AREAS[i % AREAS.length], true]);
    providers.push(org);
  }

  let userNumber = 0;
  const user = (orgId: number | null, role: string): number => {
    const userId = id('users');
    userNumber += 1;
    add('users', [userId, orgId, `${role}.${userNumber}.${runTag}@scale.example`, `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, role, true]);
    return userId;
  };
  user(null, 'system_admin');
  user(null, 'ministry_manager');
  user(null, 'ministry_finance');

  const cspChildren = Math.round(N * 0.75);
  const coordinatorsPerOrg = Math.max(2, Math.round(cspChildren / cspOrgs.length / 250));
  for (const org of cspOrgs) {
    user(org.id, 'org_admin');
    for (let i = 0; i < coordinatorsPerOrg; i += 1) {
      const coordinator = user(org.id, 'coordinator');
      org.coordinators.push(coordinator);
      const start = START - rng.int(0, 400);
      const end = rng.chance(0.2) ? start + rng.int(300, 1500) : null;
      add('staff_allocations', [id('staff_allocations'), org.id, coordinator, `SPC ${coordinator}`, 'spc', rng.pick([0.5, 0.6, 0.8, 1, 1, 1]), iso(start), end !== null && end <= END ? iso(end) : null]);
    }
    for (let month = START; month <= END; month = addMonthsStart(month, 1)) {
      add('expenditures', [id('expenditures'), org.id, 'CSP', iso(month + rng.int(0, 27)), (coordinatorsPerOrg * rng.int(4500, 6500)).toFixed(2), 'SPC salaries and benefits']);
    }
  }

  const placeCount = Math.max(12, Math.round(N / 400));
  for (let i = 0; i < placeCount; i += 1) {
    const org = providers[i % providers.length];
    const contractId = id('contracts');
    const place: Place = { id: id('places_of_service'), orgId: org.id, contractId, monthlyBase: rng.int(60, 140) * 100, workers: [] };
    add('contracts', [contractId, org.id, `SHSS9${String(contractId).padStart(9, '0')}`, 'SHSS', rng.chance(0.1), iso(START - 365), null, place.monthlyBase.toFixed(2)]);
    add('places_of_service', [place.id, org.id, `Home ${i + 1} (${runTag})`, 'specialized_home', rng.pick(AREAS), rng.int(3, 8), true]);
    for (let w = 0; w < 2; w += 1) {
      const worker = user(org.id, 'portal_worker');
      place.workers.push(worker);
      add('place_assignments', [id('place_assignments'), worker, place.id, iso(START - rng.int(0, 300)), null]);
    }
    org.places.push(place);
  }
  for (const org of providers) {
    user(org.id, 'org_admin');
    for (let i = 0; i < org.places.length; i += 5) {
      const manager = user(org.id, 'program_manager');
      for (const place of org.places.slice(i, i + 5)) {
        add('place_assignments', [id('place_assignments'), manager, place.id, iso(START - rng.int(0, 300)), null]);
      }
    }
  }
  const allPlaces = providers.flatMap((o) => o.places);
  const coordinatingAgencies = cspOrgs.filter((o) => o.kind === 'coordinating_agency');
  const partnerAgencies = cspOrgs.filter((o) => o.kind === 'partner_agency');

  // ---- one child at a time

  const child = (birth: number): number => {
    const childId = id('children');
    const gender = rng.weighted([['female', 48], ['male', 48], ['non_binary', 2], ['undisclosed', 2]] as const);
    add('children', [
      childId,
      rng.pick(FIRST_NAMES),
      rng.pick(LAST_NAMES),
      rng.chance(0.1) ? rng.pick(FIRST_NAMES) : null,
      iso(birth),
      gender,
      rng.chance(0.08) ? rng.pick(['First Nations', 'Métis', 'Inuit']) : null,
      rng.chance(0.8),
      rng.pick(AREAS),
    ]);
    return childId;
  };

  /** A referral's cells but its `placed` flag, which the caller adds once it knows. */
  const referralCells = (orgId: number, program: 'CSP' | 'SHSS', date: number): Cell[] => [
    id('referrals'), orgId, program, iso(date), rng.weighted(SOURCES), null, program === 'CSP' && rng.chance(0.03), `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, null,
  ];
  /** A CSP referral: no placement ever names one. */
  const cspReferral = (orgId: number, date: number): number => {
    const cells = referralCells(orgId, 'CSP', date);
    add('referrals', [...cells, false]);
    return cells[0] as number;
  };

  /** A CSP plan with its activities and the work around it; returns the closing day or null. */
  const cspPlan = (childId: number, org: Org, referralId: number, initiated: number): number | null => {
    const planId = id('service_plans');
    const coordinator = rng.pick(org.coordinators);
    const duration = rng.int(60, 1100);
    const closed = initiated + duration <= END ? initiated + duration : null;
    const reason = closed === null ? null : rng.weighted(CSP_CLOSE_REASONS);
    // Activity continues for most of the plan; one plan in five goes quiet well before it closes.
    const lastDay = closed ?? END;
    const activeUntil = rng.chance(0.2) ? initiated + Math.round((lastDay - initiated) * rng.next() * 0.6) : lastDay;
    const activities = Math.max(1, Math.round(((activeUntil - initiated) / 50) * (0.6 + rng.next() * 0.8)));
    let lastActivity = -Infinity;
    for (let a = 0; a < activities; a += 1) {
      const direct = rng.chance(0.55);
      const on = rng.int(initiated, activeUntil);
      lastActivity = Math.max(lastActivity, on);
      add('service_activities', [
        id('service_activities'), planId, coordinator, iso(on), direct ? 'direct' : 'indirect',
        direct ? rng.weighted([['in_person', 50], ['video', 30], ['phone', 20]] as const) : 'other',
        (rng.int(1, direct ? 12 : 8) * 0.25).toFixed(2), null,
      ]);
    }
    add('service_plans', [
      planId, childId, 'CSP', org.id, null, referralId, coordinator, closed === null ? 'in_service' : 'closed',
      iso(initiated), null, null, closed === null ? null : iso(closed), reason,
      'Connect the family with speech therapy and school supports', 'Close family; enjoys music', 'Communication; daily living skills',
      iso(lastActivity),
    ]);
    if (rng.chance(0.8)) {
      add('care_circle_members', [id('care_circle_members'), planId, `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, rng.pick(['parent', 'teacher', 'therapist', 'physician']), null, null, null, true, iso(initiated), null]);
    }
    for (let s = rng.int(0, 2) - 1; s >= 0; s -= 1) {
      const requested = rng.int(initiated, lastDay);
      const started = requested + rng.int(10, 200);
      add('plan_services', [id('plan_services'), planId, rng.pick(SERVICE_CATEGORIES), 'Community provider', started <= END ? 'receiving' : 'waitlisted', iso(requested), started <= END ? iso(started) : null, null]);
    }
    if (lastDay - initiated > 180 && rng.chance(0.5)) {
      const review = initiated + 180;
      add('progress_reviews', [id('progress_reviews'), planId, iso(review), iso(initiated), iso(review), 'Steady progress on communication goals', 'Two of three goals on track', iso(review + 180), coordinator]);
    }
    return closed;
  };

  /** A referral child through eligibility, wait and perhaps a plan. Returns the plan's closing day (or null). */
  const cspReferralChild = (childId: number, org: Org, referralId: number, referred: number, duplicate: boolean): number | null => {
    const decidedOn = referred + rng.int(2, 28);
    if (decidedOn > END) {
      add('referral_children', [id('referral_children'), referralId, childId, 'pending', null, null, null, null]);
      return null;
    }
    if (duplicate) {
      add('referral_children', [id('referral_children'), referralId, childId, 'eligible', iso(decidedOn), iso(decidedOn), 'duplicate referral', null]);
      return null;
    }
    const eligibility = rng.weighted([['eligible', 88], ['ineligible', 7], ['pending', 5]] as const);
    if (eligibility !== 'eligible') {
      const closed = eligibility === 'ineligible';
      add('referral_children', [id('referral_children'), referralId, childId, eligibility, closed ? iso(decidedOn) : null, closed ? iso(decidedOn) : null, closed ? 'not eligible' : null, null]);
      return null;
    }
    const initiated = Math.max(decidedOn, referred + Math.round(rng.exponential(55)));
    const withdrawn = rng.chance(0.05) && decidedOn + 60 <= END;
    // The pair's only plan, if any, is initiated on `initiated`: its first CSP initiation.
    const planned = !withdrawn && initiated <= END;
    add('referral_children', [
      id('referral_children'), referralId, childId, 'eligible', iso(decidedOn), withdrawn ? iso(decidedOn + 60) : null, withdrawn ? 'family withdrew' : null,
      planned ? iso(initiated) : null,
    ]);
    if (!planned) return null;
    return cspPlan(childId, org, referralId, initiated) ?? null;
  };

  /** An SHSS child: referral, placement at a home, plan, logs, check-ins and payments. */
  const shssChild = (referred: number, birth: number): void => {
    const childId = child(birth);
    const place = rng.pick(allPlaces);
    const referralRow = referralCells(place.orgId, 'SHSS', referred);
    const referralId = referralRow[0] as number;
    add('referral_children', [id('referral_children'), referralId, childId, 'eligible', iso(Math.min(END, referred + rng.int(1, 10))), null, null, null]);
    const start = referred + rng.int(7, 60);
    const placed = start <= END - 1;
    add('referrals', [...referralRow, placed]);
    if (!placed) return;
    const kind = rng.weighted([['regular', 92], ['respite', 5], ['transition_in', 3]] as const);
    const plannedEnd = start + rng.int(30, 1200);
    const ended = plannedEnd <= END;
    const placementId = id('placements');
    const status = ended ? 'ended' : rng.chance(0.03) ? 'interrupted' : 'active';
    add('placements', [placementId, childId, place.id, place.contractId, referralId, kind, iso(start), ended ? iso(plannedEnd) : null, status, ended ? rng.pick(['reunified', 'moved', 'aged_out']) : null]);
    const lastDay = ended ? plannedEnd : END;
    const worker = rng.pick(place.workers);

    if (kind === 'respite') {
      for (let s = 0, d = start; s < 2 && d + 3 <= lastDay; s += 1, d += rng.int(20, 90)) {
        add('respite_stays', [id('respite_stays'), placementId, iso(d), iso(Math.min(lastDay, d + rng.int(1, 4))), 'confirmed', null]);
      }
    }

    let planId: number | null = null;
    if (rng.chance(0.9)) {
      planId = id('service_plans');
      const approved = start + rng.int(5, 45);
      const approvedInTime = approved <= lastDay && approved <= END;
      const closedOn = ended && plannedEnd + 10 <= END ? plannedEnd + 10 : null;
      const planStatus = closedOn !== null ? 'closed' : approvedInTime ? 'in_service' : 'pending_approval';
      add('service_plans', [
        planId, childId, 'SHSS', place.orgId, placementId, null, null, planStatus, null,
        approvedInTime ? iso(approved) : null, approvedInTime ? 'Dr. Primary Professional' : null,
        closedOn === null ? null : iso(closedOn), closedOn === null ? null : 'placement_ended',
        'Stable routine at home and school', 'Curious; likes swimming', 'Sensory regulation; sleep', null,
      ]);
      if (approvedInTime) {
        add('care_circle_members', [id('care_circle_members'), planId, `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, 'guardian', null, null, null, true, iso(approved), null]);
        const lastMonth = monthStart(closedOn ?? END);
        for (let m = Math.max(monthStart(approved), addMonthsStart(lastMonth, -3)); m <= lastMonth; m = addMonthsStart(m, 1)) {
          const past = m < END_MONTH;
          const checkDay = Math.min(END, m + rng.int(3, 25));
          add('monthly_check_ins', [
            id('monthly_check_ins'), planId, iso(m), past ? iso(checkDay) : null,
            '[{"question":"How was the month?","response":"Good","comment":"Settling in well"}]',
            past ? 'finalized' : 'draft', past ? `${iso(checkDay)}T17:00:00Z` : null, past ? worker : null,
            past ? 'sent' : 'not_sent', past ? `ICM-${planId}-${m}` : null,
          ]);
        }
      }
    }

    // Daily logs: about eight days of the placement, two or three entries each.
    const span = lastDay - start;
    const logs = Math.min(8, span + 1);
    const step = Math.max(1, Math.floor(span / logs));
    for (let l = 0; l < logs; l += 1) {
      const logId = id('daily_logs');
      add('daily_logs', [logId, placementId, iso(start + l * step), rng.pick(SHIFTS)]);
      for (let e = rng.int(2, 3); e > 0; e -= 1) {
        add('daily_log_entries', [id('daily_log_entries'), logId, rng.pick(place.workers), `${rng.pick(LOG_SENTENCES)}\\n${rng.pick(LOG_SENTENCES)}`]);
      }
    }

    for (let e = rng.int(1, 3); e > 0; e -= 1) {
      const type = rng.weighted(EVENT_TYPES);
      const when = rng.int(start, lastDay);
      const needsPlan = type === 'meeting' || type === 'incident' || type === 'critical_incident';
      if (needsPlan && planId === null) continue;
      add('events', [id('events'), childId, needsPlan ? planId : null, type, `${iso(when)}T${String(rng.int(8, 20)).padStart(2, '0')}:00:00Z`, `${type.replace('_', ' ')} noted`, null, worker]);
    }
    if (rng.chance(0.6)) {
      const due = rng.int(start, lastDay + 30);
      add('tasks', [id('tasks'), childId, planId, worker, 'Follow up with school', iso(due), due < END ? 'done' : 'open']);
    }

    // Payments: base for the latest months of the placement, a transition-in payment, and
    // monthly support for one placement in ten.
    const firstMonth = monthStart(start);
    const lastPaidMonth = monthStart(lastDay);
    const payment = (kind2: 'base' | 'support' | 'transition_in', month: number, amount: number, supportRequestId: number | null) => {
      const past = month < END_MONTH;
      const cancelled = rng.chance(0.01);
      const status = cancelled ? 'cancelled' : past ? 'paid' : 'scheduled';
      const paymentId = id('payments');
      add('payments', [
        paymentId, place.contractId, kind2 === 'base' ? placementId : null, supportRequestId, kind2, iso(month), amount.toFixed(2), status,
        iso(month), status === 'paid' ? iso(month + 14) : null,
        status === 'paid' ? `CAS${paymentId}` : null, status === 'paid' ? `ICM${paymentId}` : null,
      ]);
    };
    for (let m = Math.max(firstMonth, addMonthsStart(lastPaidMonth, -8)); m <= lastPaidMonth; m = addMonthsStart(m, 1)) {
      payment('base', m, place.monthlyBase, null);
    }
    if (kind === 'transition_in') payment('transition_in', firstMonth, 2500, null);
    if (rng.chance(0.1) && start + 35 <= lastDay) {
      const requestId = id('support_requests');
      const from = addMonthsStart(firstMonth, 1);
      const months = Math.min(rng.int(3, 6), Math.max(1, Math.floor((lastDay - from) / 31)));
      const to = addMonthsStart(from, months) - 1;
      const amount = rng.int(4, 30) * 50;
      add('support_requests', [
        requestId, childId, placementId, place.contractId, 'child_specific_support', rng.chance(0.3) ? 'cultural_supports' : null,
        'monthly', iso(from), iso(to), amount.toFixed(2), 'Additional one-to-one support during transitions', 'approved',
        `${iso(Math.max(start, from - 20))}T15:00:00Z`, `${iso(Math.max(start, from - 10))}T15:00:00Z`, null,
      ]);
      for (let m = from; m <= to; m = addMonthsStart(m, 1)) payment('support', m, amount, requestId);
    }
  };

  let sibling: { referralId: number; org: Org; referred: number } | null = null;
  const span = END - START;
  for (let i = 0; i < N; i += 1) {
    const referred = START + Math.floor(rng.next() * span);
    const ageDays = rng.int(0, 17 * 365 + 300);
    if (!rng.chance(0.75)) {
      shssChild(referred, referred - ageDays);
    } else {
      const childId = child(referred - ageDays);
      let org: Org;
      let referralId: number;
      let referredOn: number;
      if (sibling) {
        ({ org, referralId, referred: referredOn } = sibling);
        sibling = null;
      } else {
        org = rng.chance(0.85) ? rng.pick(coordinatingAgencies) : rng.pick(partnerAgencies);
        referredOn = referred;
        referralId = cspReferral(org.id, referredOn);
        if (rng.chance(0.08)) sibling = { referralId, org, referred: referredOn };
      }
      const closed = cspReferralChild(childId, org, referralId, referredOn, false);
      if (rng.chance(0.3)) {
        // A second referral: after the first plan closed, or a duplicate while it is open.
        if (closed !== null && closed + 30 <= END) {
          const again = Math.min(END, closed + rng.int(30, 400));
          cspReferralChild(childId, org, cspReferral(org.id, again), again, false);
        } else {
          const again = rng.int(referredOn, END);
          cspReferralChild(childId, org, cspReferral(org.id, again), again, true);
        }
      }
    }
    if (i % 500 === 499) await Promise.all(tableNames.map((t) => writers[t].flush()));
  }

  await Promise.all(tableNames.map((t) => writers[t].end()));
  clearInterval(timer);
  const { rows, seconds: loadSeconds } = progress();
  if (options.progressBar) process.stderr.write('\n');

  for (const table of tableNames) {
    await admin.query(`select setval(pg_get_serial_sequence('${table}', 'id'), greatest((select max(id) from ${table}), 1))`);
  }
  log(`Loaded ${rows.toLocaleString('en')} rows in ${loadSeconds.toFixed(1)} s; building ${dropped.length} indexes and the report rollups side by side…`);
  const builds: [string, number][] = [];
  const timed = async (step: () => Promise<unknown>) => {
    const stepStarted = Date.now();
    await step();
    return (Date.now() - stepStarted) / 1000;
  };
  // The load ran without triggers, so the report rollups (docs/reports.md "Rollups") are computed
  // once from the loaded rows, set-based, while the indexes are built: the rebuild reads whole
  // tables and needs none of the secondary indexes, and its SHARE locks let CREATE INDEX (SHARE
  // too) go on. Its sorts and hashes are over millions of rows: memory instead of temporary files.
  const [indexSeconds, rollupSeconds] = await settled([
    timed(() => buildIndexes(builders, dropped, (index, ms) => builds.push([index.name, ms]))),
    timed(async () => {
      await admin.query(`set work_mem = '256MB'`);
      await admin.query('select rollup_rebuild()');
      await admin.query('reset work_mem');
    }),
  ]);
  const slowest = builds.sort((a, b) => b[1] - a[1]).slice(0, 5);
  if (slowest.length) log(`Slowest index builds: ${slowest.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ')}.`);
  for (const client of clients) await client.end();

  log('VACUUM ANALYZE (statistics for the planner, visibility map for index-only scans)…');
  const vacuumStarted = Date.now();
  await admin.query('vacuum analyze');
  const vacuumSeconds = (Date.now() - vacuumStarted) / 1000;
  await admin.end();

  const seconds = (Date.now() - started) / 1000;
  const rowsPerSecond = Math.round(rows / seconds);
  log(
    `Seeded ${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s, the whole command (${rowsPerSecond.toLocaleString('en')} rows/s): ` +
      `load ${loadSeconds.toFixed(1)} s, indexes ${indexSeconds.toFixed(1)} s beside rollups ${rollupSeconds.toFixed(1)} s, VACUUM ANALYZE ${vacuumSeconds.toFixed(1)} s.`,
  );
  for (const table of tableNames) log(`  ${table.padEnd(22)} ${writers[table].rows.toLocaleString('en').padStart(12)}`);
  return {
    rows,
    seconds,
    rowsPerSecond,
    phases: { load: loadSeconds, indexes: indexSeconds, rollups: rollupSeconds, vacuum: vacuumSeconds },
    tables: Object.fromEntries(tableNames.map((t) => [t, writers[t].rows])) as Record<Table, number>,
  };
}

/** Every step's result once all have ended (none left running when one fails), or the first failure. */
async function settled<T>(steps: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(steps);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

// Only as a command: knex's seed:run imports every file in seeds/, and importing this one must
// not start filling the database.
if (require.main === module) {
  (async () => {
    const options = parseArgs(process.argv.slice(2));
    const url = await connectionString();
    // an empty database gets the schema first, as `npm start` would give it (not counted in the seed's rate)
    const knex = createKnex(url, { poolMax: 1 });
    try {
      const applied = await migrateToLatest(knex);
      if (applied.length) process.stderr.write(`Applied ${applied.length} migration(s)\n`);
    } finally {
      await knex.destroy();
    }
    await seedScale({ ...options, connectionString: url, progressBar: process.stderr.isTTY });
  })().catch((error) => {
    process.stderr.write(`\n${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
