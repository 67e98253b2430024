import type { CurrentUser } from '../../server/access/roles';
import { listQueryForDownload } from '../../server/resources/engine';
import { parseListParams } from '../../server/resources/listQuery';
import { resources } from '../../server/resources/registry';
import { useTestDatabase } from '../helpers/testDb';

/**
 * Every sortable field of every declared resource has an index that serves its list's order
 * — `(field, id)`, the engine's sort with its tie-breaker (listQuery.ts applySort) — or is
 * named below with the reason it does not need one. Read from PostgreSQL's catalogue, so an
 * index dropped or a sort declared without its index fails here, not at a million children.
 */
type Exemption =
  /** bounded by the organisations, places, users or configuration: a few thousand rows at most */
  | { kind: 'small table'; reason: string }
  /** an index leads with the field and its groups are small: an incremental sort per group */
  | { kind: 'small groups'; reason: string }
  /** deliberately without any index */
  | { kind: 'unindexed'; reason: string };

const SMALL = (reason: string): Exemption => ({ kind: 'small table', reason });
const GROUPS = (reason: string): Exemption => ({ kind: 'small groups', reason });

/** Whole tables, by resource name. */
const SMALL_TABLES: Record<string, Exemption> = {
  organizations: SMALL('~100 organisations at a million children'),
  places_of_service: SMALL('one place per ~400 children: 2,500 at a million'),
  users: SMALL('staff of the organisations and places: ~8,600 at a million children'),
  place_assignments: SMALL('three per place: 7,500 at a million children'),
  contracts: SMALL('one per place: 2,500 at a million children'),
  staff_allocations: SMALL('coordinators of the CSP agencies: 3,000 at a million children'),
  expenditures: SMALL('one per agency and month: 3,350 at a million children'),
  service_types: SMALL('configuration: a handful of codes'),
  support_request_types: SMALL('configuration: 16 codes'),
  compliance_settings: SMALL('configuration: one row per configurable compliance rule (two today)'),
  check_in_questions: SMALL("configuration: the programme's standard check-in questions, a dozen or so"),
  job_runs: SMALL('a few runs of a few jobs a day: ~1,500 a year'),
  questions: SMALL('saved questions, written by hand: a few per user'),
  dashboards: SMALL('saved dashboards, written by hand: a few per user'),
  dashboard_cards: SMALL("a dashboard's cards: a dozen per dashboard"),
  report_subscriptions: SMALL('report packs users subscribe to: a few per user'),
  report_deliveries: SMALL('one row per recipient and run of a subscription: thousands a year'),
  report_submissions: SMALL('two periods a year per coordinating agency, a revision or two each: a few hundred a year'),
  submission_due_dates: SMALL('configuration: a row per fiscal year, and one per agreement that sets its own dates'),
  notifications: SMALL(
    "always one user's own (scopeOwnRows) — a few hundred rows found through (user_id, read_at) and sorted in memory; only a system administrator lists everyone's",
  ),
};

/** Single fields, as `resource.field`; group sizes measured at a million children. */
const FIELDS: Record<string, Exemption> = {
  'children.birth_date': GROUPS('children_birth_date_index; at most ~200 children share a birth date'),
  'referral_children.referral_id': GROUPS('the unique (referral_id, child_id); a referral names one or two children'),
  'referral_children.child_id': GROUPS("referral_children_child_id_index; a child's referrals: one or two"),
  'placements.child_id': GROUPS("placements_child_id_index; a child's placements: one or two"),
  'placements.place_of_service_id': GROUPS("the covering (place_of_service_id) index; a place's placements: ~130"),
  'respite_stays.placement_id': GROUPS("respite_stays_placement_id_index; a placement's stays: one or two"),
  'service_plans.child_id': GROUPS("service_plans_child_id_index; a child's plans: one or two"),
  'service_plans.last_activity_on': {
    kind: 'unindexed',
    reason:
      "kept by a trigger on every activity write; without an index on it the plan row's update stays HOT (migration 20261123000011); the ministry sorting every plan by it is a full sort (~0.2 s)",
  },
  'daily_logs.placement_id': GROUPS("the unique (placement_id, log_date, shift); a placement's logs: ~8"),
  'daily_log_entries.author_id': GROUPS("daily_log_entries_author_id_index; a worker's entries: ~1,400 (6 ms a page)"),
  'events.child_id': GROUPS("(child_id, occurred_at); a child's events: one to three"),
  'tasks.assigned_to': GROUPS("(assigned_to, status, due_on); a worker's tasks: ~50"),
  'service_activities.coordinator_id': GROUPS("service_activities_coordinator_id_index; a coordinator's activities: ~3,000 (5 ms a page)"),
  'payments.contract_id': GROUPS("(contract_id, service_month); a contract's payments: ~1,100"),
  'audit_events.at': GROUPS('audit_events_at_index; only the rows of one transaction share an instant'),
  'audit_events.user_id': GROUPS("audit_events_user_id_index; groups are one user's audit rows"),
};

interface IndexKeys {
  name: string;
  keys: string[];
}

const db = useTestDatabase();
let indexes: Map<string, IndexKeys[]>;

beforeAll(async () => {
  // Valid btree indexes without a predicate or expressions, by table, with their key columns
  // in order (INCLUDE columns are not keys: they cannot order anything).
  const { rows } = await db.knex.raw(`
    select t.relname as "table", i.relname as name,
           array(select a.attname::text from unnest((x.indkey::int2[])[0:x.indnkeyatts - 1]) with ordinality k(attnum, n)
                   join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum order by k.n) as keys
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace s on s.oid = t.relnamespace
      join pg_am am on am.oid = i.relam
     where s.nspname = 'public' and am.amname = 'btree' and x.indisvalid and x.indpred is null and x.indexprs is null`);
  indexes = new Map();
  for (const row of rows as { table: string; name: string; keys: string[] }[]) {
    indexes.set(row.table, [...(indexes.get(row.table) ?? []), { name: row.name, keys: row.keys }]);
  }
});

function sortedFields(name: string): string[] {
  const declaration = resources.find((r) => r.name === name)!;
  return [...new Set(['id', ...declaration.sorts, ...(declaration.defaultSort ? [declaration.defaultSort[0]] : [])])];
}

function servingIndex(table: string, idColumn: string, field: string): IndexKeys | undefined {
  const wanted = field === idColumn ? [idColumn] : [field, idColumn];
  return indexes.get(table)?.find((index) => wanted.every((column, i) => index.keys[i] === column));
}

describe('indexes behind every sortable list', () => {
  it.each(resources.filter((r) => !(r.name in SMALL_TABLES)).map((r) => r.name))('%s: each sort is served by (field, id) or exempt with a reason', (name) => {
    const declaration = resources.find((r) => r.name === name)!;
    const table = declaration.model.tableName;
    const idColumn = declaration.model.idColumn as string;
    const unserved: string[] = [];
    for (const field of sortedFields(name)) {
      const exemption = FIELDS[`${name}.${field}`];
      const served = servingIndex(table, idColumn, field);
      if (exemption) {
        // An exemption must stay true: no (field, id) index to make it stale, and the index
        // (or its absence) it relies on.
        expect({ field, served: served?.name ?? null }).toEqual({ field, served: null });
        const leading = indexes.get(table)?.filter((index) => index.keys[0] === field) ?? [];
        if (exemption.kind === 'small groups') expect({ field, leading: leading.length > 0 }).toEqual({ field, leading: true });
        if (exemption.kind === 'unindexed') {
          const anyIndex = (indexes.get(table) ?? []).filter((index) => index.keys.includes(field)).map((index) => index.name);
          expect({ field, anyIndex }).toEqual({ field, anyIndex: [] });
        }
        continue;
      }
      if (!served) unserved.push(field);
    }
    expect(unserved).toEqual([]);
  });

  it('names only sortable fields of declared resources in its exemptions', () => {
    const names = new Set(resources.map((r) => r.name));
    expect(Object.keys(SMALL_TABLES).filter((name) => !names.has(name))).toEqual([]);
    const stale = Object.keys(FIELDS).filter((key) => {
      const [name, field] = key.split('.');
      return !names.has(name) || !sortedFields(name).includes(field);
    });
    expect(stale).toEqual([]);
  });

  it("reads each page of a ministry manager's unfiltered list from its index, both directions, without a sort", async () => {
    const manager = { id: 1, email: 'm@example.org', full_name: 'M', role: 'ministry_manager', organization_id: null } as CurrentUser;
    const sorting: string[] = [];
    await db.knex.transaction(async (trx) => {
      // On an empty database any plan is cheap; forbidding sorts leaves only the index paths.
      await trx.raw('set local enable_sort = off');
      for (const declaration of resources.filter((r) => !(r.name in SMALL_TABLES))) {
        for (const field of sortedFields(declaration.name).filter((f) => !FIELDS[`${declaration.name}.${f}`])) {
          for (const order of ['ASC', 'DESC'] as const) {
            const params = parseListParams(declaration, { sort: JSON.stringify([field, order]) });
            const { sql, bindings } = listQueryForDownload({ knex: trx, clock: () => new Date() }, declaration, { user: manager, ip: null }, params)
              .limit(25)
              .toKnexQuery()
              .toSQL();
            const { rows } = await trx.raw(`explain (format json) ${sql}`, bindings);
            if (nodeTypes(rows[0]['QUERY PLAN'][0].Plan).some((type) => type.endsWith('Sort'))) sorting.push(`${declaration.name} ${field} ${order}`);
          }
        }
      }
    });
    expect(sorting).toEqual([]);
  });
});

function nodeTypes(plan: { 'Node Type': string; Plans?: unknown[] }): string[] {
  return [plan['Node Type'], ...((plan.Plans ?? []) as (typeof plan)[]).flatMap(nodeTypes)];
}
