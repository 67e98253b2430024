import type { Knex } from 'knex';
import type { CurrentUser } from '../../server/access/roles';
import { listRecords } from '../../server/resources/engine';
import { parseListParams } from '../../server/resources/listQuery';
import { resources } from '../../server/resources/registry';
import { useTestContext } from '../helpers/context';
import { insertId } from '../helpers/factories';

/**
 * A scoped list page is found in two steps (server/resources/engine.ts, docs/lists.md): the ids
 * of the rows in scope, filtered, counted, sorted and cut to the page, then the page's rows by
 * primary key. The page must be exactly the slice of the whole sorted list, ties broken by id
 * in the sort's direction, with the whole list's total; and the first step must not read the
 * table's rows where an index holds what it needs.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let token: string;
let manager: CurrentUser;
/** the children the programme manager sees, by id: [last_name, in_school] */
const seen = new Map<number, [string, boolean]>();
let placementStarts: Map<number, string>;

beforeAll(async () => {
  const org = await insertId(ctx.knex, 'organizations', { name: 'Provider P', kind: 'service_provider' });
  await ctx.knex('service_types').insert({ code: 'staffed_home', label: 'Staffed home', program: 'SHSS' });
  const place = await insertId(ctx.knex, 'places_of_service', { organization_id: org, name: 'Place P1', service_type_code: 'staffed_home', capacity: 40 });
  const elsewhere = await insertId(ctx.knex, 'places_of_service', { organization_id: org, name: 'Place P2', service_type_code: 'staffed_home', capacity: 40 });
  const contract = await insertId(ctx.knex, 'contracts', {
    organization_id: org,
    contract_number: 'SHSS0000000101',
    program: 'SHSS',
    start_date: '2024-04-01',
    end_date: '2027-03-31',
    monthly_base_amount: 9000,
  });
  const created = await ctx.createUser({ role: 'program_manager', organization_id: org });
  token = created.token;
  manager = { id: created.user.id, email: created.user.email, full_name: 'PM', role: 'program_manager', organization_id: org } as CurrentUser;
  await insertId(ctx.knex, 'place_assignments', { user_id: created.user.id, place_of_service_id: place, assigned_on: '2025-01-01' });

  placementStarts = new Map();
  // Three surnames, so that most of the order is decided by the id tie-breaker; every third
  // child not in school; the children placed at the other place are not the manager's.
  for (let i = 0; i < 36; i += 1) {
    const lastName = ['Ames', 'Baker', 'Cole'][i % 3];
    const inSchool = i % 3 !== 1 || i % 2 === 0;
    const child = await insertId(ctx.knex, 'children', { first_name: `Child ${i}`, last_name: lastName, birth_date: '2015-06-01', in_school: inSchool });
    const mine = i % 4 !== 3;
    const startDate = `2025-0${1 + (i % 3)}-01`;
    const placement = await insertId(ctx.knex, 'placements', {
      child_id: child,
      place_of_service_id: mine ? place : elsewhere,
      contract_id: contract,
      kind: 'regular',
      start_date: startDate,
      status: 'active',
    });
    if (mine) {
      seen.set(child, [lastName, inSchool]);
      placementStarts.set(placement, startDate);
    }
  }
});

async function page(resource: string, sort: [string, 'ASC' | 'DESC'], range: [number, number], filter: Record<string, unknown> = {}) {
  const query = new URLSearchParams({ sort: JSON.stringify(sort), range: JSON.stringify(range), filter: JSON.stringify(filter) });
  const res = await ctx.api(token).get(`/api/${resource}?${query}`).expect(200);
  return { range: res.headers['content-range'] as string, ids: (res.body as { id: number }[]).map((row) => row.id) };
}

/** Ids by (key, id), both in the given direction. */
function sorted(entries: [number, string][], order: 'ASC' | 'DESC'): number[] {
  const sign = order === 'ASC' ? 1 : -1;
  return entries.sort(([a, x], [b, y]) => sign * (x < y ? -1 : x > y ? 1 : a - b)).map(([id]) => id);
}

describe('a scoped list page', () => {
  it.each(['ASC', 'DESC'] as const)('is the slice of the whole sorted list, ties by id (%s), with the whole total', async (order) => {
    const inSchool = [...seen].filter(([, [, school]]) => school).map(([id, [lastName]]) => [id, lastName] as [number, string]);
    const expected = sorted(inSchool, order);
    // 27 of the 36 are at the manager's place (i % 4 != 3); of those, 1, 13 and 25 are not in school.
    expect(expected.length).toBe(24);
    expect(await page('children', ['last_name', order], [0, 999], { in_school: true })).toEqual({ range: `children 0-23/24`, ids: expected });
    for (let start = 0; start < expected.length; start += 6) {
      const ids = expected.slice(start, start + 6);
      expect(await page('children', ['last_name', order], [start, start + 5], { in_school: true })).toEqual({
        range: `children ${start}-${start + ids.length - 1}/24`,
        ids,
      });
    }
    expect(await page('children', ['last_name', order], [24, 29], { in_school: true })).toEqual({ range: 'children */24', ids: [] });
  });

  it('pages placements by their start date the same way', async () => {
    const expected = sorted([...placementStarts], 'DESC');
    expect(expected.length).toBe(27);
    for (let start = 0; start < expected.length; start += 10) {
      const ids = expected.slice(start, start + 10);
      expect(await page('placements', ['start_date', 'DESC'], [start, start + 9], { status: 'active' })).toEqual({
        range: `placements ${start}-${start + ids.length - 1}/27`,
        ids,
      });
    }
  });

  it("finds a programme manager's children page from an index alone, reading only the page's rows from the table", async () => {
    const declaration = resources.find((r) => r.name === 'children')!;
    const params = parseListParams(declaration, { sort: '["last_name","ASC"]', range: '[0,4]', filter: '{"in_school":true}' });
    const statements: { sql: string; bindings: readonly Knex.Value[] }[] = [];
    const capture = (query: { sql: string; bindings: readonly Knex.Value[] }) => statements.push(query);
    ctx.knex.on('query', capture);
    try {
      const { rows, total } = await listRecords({ knex: ctx.knex, clock: () => ctx.clock.now }, declaration, { user: manager, ip: null }, params);
      expect({ total, rows: rows.length }).toEqual({ total: 24, rows: 5 });
    } finally {
      ctx.knex.off('query', capture);
    }
    const statement = statements.find((s) => s.sql.includes('count(*) over ()'))!;
    // An index-only scan needs the table's pages marked all-visible. On a few dozen rows any
    // plan is cheap, so what a large table gets is forced: no table scans (the index paths are
    // left) and no merge or hash join of the page against the whole table (a nested loop).
    await ctx.knex.raw('vacuum (analyze) children');
    const plan = await ctx.knex.transaction(async (trx) => {
      for (const setting of ['enable_seqscan', 'enable_bitmapscan', 'enable_mergejoin', 'enable_hashjoin']) await trx.raw(`set local ${setting} = off`);
      // The event carries the statement as sent ($1, $2…, numbered in order): back to knex's `?`.
      const { rows } = await trx.raw(`explain (analyze, format json) ${statement.sql.replace(/\$\d+/g, '?')}`, statement.bindings);
      return rows[0]['QUERY PLAN'][0].Plan as PlanNode;
    });
    const counted = find(plan, (node) => node['Node Type'] === 'WindowAgg')!;
    const inScope = find(counted, (node) => node['Relation Name'] === 'children')!;
    expect({ type: inScope['Node Type'], rows: inScope['Actual Rows'] * inScope['Actual Loops'] }).toEqual({ type: 'Index Only Scan', rows: 24 });
    const fromTable = all(plan, (node) => node['Relation Name'] === 'children' && node !== inScope);
    expect(fromTable.reduce((sum, node) => sum + node['Actual Rows'] * node['Actual Loops'], 0)).toBe(5);
  });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

function all(node: PlanNode, test: (node: PlanNode) => boolean): PlanNode[] {
  return [...(test(node) ? [node] : []), ...(node.Plans ?? []).flatMap((child) => all(child, test))];
}

function find(node: PlanNode, test: (node: PlanNode) => boolean): PlanNode | undefined {
  return all(node, test)[0];
}
