import express from 'express';
import { isDeepStrictEqual } from 'node:util';
import { TOTAL_CAP } from '../server/resources/listTotal';
import { round } from './reports';
import { listen, loadNow, type BenchContext } from './setup';

/**
 * List endpoints — 25 rows, sorted, filtered, with their total — under autocannon at 20
 * connections, signed in as a programme manager (scope applies) or as the ministry manager
 * (every row), against a minimal Express + pg handler answering the same page with SQL written
 * here by hand: no sign-in, parsing, scope building, validation or shaping of ours, and not
 * the server's own statements either — what someone writing this one page in SQL would send.
 * Before timing, both answers are compared (rows and Content-Range) and must be equal. Each
 * side is timed in two halves, ours–baseline–baseline–ours, so that other work on the shared
 * cores weighs on both alike; a side's p50 and p99 are the larger of its two halves'.
 */
interface Run {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<Run>;
// autocannon ships without types; its options and result are used as documented in its README.
const autocannon = require('autocannon') as Autocannon;

interface Who {
  user: 'programManager' | 'manager';
  id: number;
  organizationId: number | null;
}

interface ListCase {
  name: string;
  /** the resource, as Content-Range names it */
  resource: string;
  who: Who['user'];
  path: string;
  /** the page and its total (column `total`), by hand, for this user */
  sql: (who: Who) => { text: string; values: unknown[] };
  target: { minRps?: number; maxBaselineRatio?: number; p99Ms: number };
}

/** A programme manager's places: their open assignments (docs/access.md). */
const PLACES = `select place_of_service_id from place_assignments where user_id = $1 and (ended_on is null or ended_on >= current_date)`;
const PM_TARGET = { maxBaselineRatio: 1.2, p99Ms: 100 };

/**
 * The children a programme manager sees, as `seen_children`: those of the placements at their
 * places, of their organisation's CSP plans, of the referrals they see (their organisation's CSP
 * referrals and unplaced SHSS referrals, and those of the placements at their places), and those
 * their organisation registered that nothing names yet.
 */
const PM_CHILDREN = `with placed as (select child_id, referral_id from placements where place_of_service_id = any(array(${PLACES}))),
             seen_referrals as (
               select id from referrals where organization_id = $2 and program = 'CSP'
               union all select id from referrals where organization_id = $2 and program <> 'CSP' and not placed
               union all select referral_id from placed where referral_id is not null),
             seen_children as (
               select child_id from placed
               union all select child_id from service_plans where program = 'CSP' and organization_id = $2
               union all select child_id from referral_children where referral_id = any(array(select id from seen_referrals))
               union all select c.id from children c where c.registered_by_organization_id = $2
                 and not exists (select 1 from placements p where p.child_id = c.id)
                 and not exists (select 1 from referral_children rc where rc.child_id = c.id)
                 and not exists (select 1 from service_plans sp where sp.child_id = c.id))`;

/**
 * A child's name as lists show it, of `c`. A row the manager sees names children the manager
 * sees (the proof is in server/resources/childName.ts), so the pages below name them without
 * testing `seen_children`; only the children list itself needs that set.
 */
const NAME = `concat_ws(' ', c.first_name, c.last_name)`;

export const LIST_CASES: ListCase[] = [
  {
    name: 'children',
    resource: 'children',
    who: 'programManager',
    path: '/api/children?sort=["last_name","ASC"]&range=[0,24]&filter={"in_school":true}',
    sql: (who) => ({
      text: `${PM_CHILDREN}
             select c.*, count(*) over () as total from children c
              where c.id = any(array(select child_id from seen_children)) and c.in_school
              order by c.last_name, c.id limit 25`,
      values: [who.id, who.organizationId],
    }),
    target: PM_TARGET,
  },
  {
    name: 'referrals',
    resource: 'referrals',
    who: 'programManager',
    path: '/api/referrals?sort=["referral_date","DESC"]&range=[0,24]&filter={"program":"SHSS"}',
    // SHSS only: the organisation's referrals no placement names yet, and those of the
    // placements at the manager's places (their CSP referrals cannot match the filter).
    sql: (who) => ({
      text: `select r.*, (select string_agg(${NAME}, ', ' order by rc.id) from referral_children rc join children c on c.id = rc.child_id
                           where rc.referral_id = r.id) as child_name,
                    count(*) over () as total from referrals r
              where r.program = 'SHSS' and r.id = any(array(
                select id from referrals where organization_id = $2 and program <> 'CSP' and not placed
                union all select referral_id from placements where place_of_service_id = any(array(${PLACES})) and referral_id is not null))
              order by r.referral_date desc, r.id desc limit 25`,
      values: [who.id, who.organizationId],
    }),
    target: PM_TARGET,
  },
  {
    name: 'placements',
    resource: 'placements',
    who: 'programManager',
    path: '/api/placements?sort=["start_date","DESC"]&range=[0,24]&filter={"status":"active"}',
    sql: (who) => ({
      text: `select p.*, (select ${NAME} from children c where c.id = p.child_id) as child_name,
                    count(*) over () as total from placements p
              where p.place_of_service_id = any(array(${PLACES})) and p.status = 'active'
              order by p.start_date desc, p.id desc limit 25`,
      values: [who.id],
    }),
    target: PM_TARGET,
  },
  {
    name: 'daily_logs',
    resource: 'daily_logs',
    who: 'programManager',
    path: '/api/daily_logs?sort=["log_date","DESC"]&range=[0,24]&filter={"log_date_gte":"2025-01-01"}',
    sql: (who) => ({
      text: `select d.*, (select ${NAME} from placements p join children c on c.id = p.child_id where p.id = d.placement_id) as child_name,
                    count(*) over () as total from daily_logs d
              where d.placement_id = any(array(select id from placements where place_of_service_id = any(array(${PLACES}))))
                and d.log_date >= '2025-01-01'
              order by d.log_date desc, d.id desc limit 25`,
      values: [who.id],
    }),
    target: PM_TARGET,
  },
  {
    name: 'children (ministry)',
    resource: 'children',
    who: 'manager',
    path: '/api/children?sort=["last_name","ASC"]&range=[0,24]',
    // Every child; the total counted no further than the API's cap.
    sql: () => ({
      text: `select c.*, (select count(*) from (select 1 from children limit ${TOTAL_CAP + 1}) n) as total
               from children c order by c.last_name, c.id limit 25`,
      values: [],
    }),
    target: { minRps: 500, p99Ms: 100 },
  },
];

export interface ListResult {
  name: string;
  user: string;
  path: string;
  total: string;
  endpoint_rps: number;
  baseline_rps: number;
  throughput_ratio: number;
  endpoint_p99_ms: number;
  baseline_p99_ms: number;
  endpoint_p50_ms: number;
  baseline_p50_ms: number;
  errors: number;
  target: string;
  met: boolean;
  load: number;
}

function run(url: string, duration: number, headers: Record<string, string> = {}) {
  // In a worker thread, so the load generator does not share the event loop with the servers.
  return autocannon({ url, connections: 20, duration, headers, pipelining: 1, workers: 1 });
}

/** Two runs of equal duration as one: requests per second over both, the larger of each percentile (a run reports only its own). */
function merged(first: Run, second: Run): Run {
  return {
    requests: { average: (first.requests.average + second.requests.average) / 2 },
    latency: {
      p50: Math.max(first.latency.p50, second.latency.p50),
      p99: Math.max(first.latency.p99, second.latency.p99),
      average: (first.latency.average + second.latency.average) / 2,
    },
    non2xx: first.non2xx + second.non2xx,
    errors: first.errors + second.errors,
    timeouts: first.timeouts + second.timeouts,
  };
}

function describeTarget(target: ListCase['target']): string {
  const parts = [];
  if (target.minRps) parts.push(`≥ ${target.minRps} req/s`);
  if (target.maxBaselineRatio) parts.push(`≥ 1/${target.maxBaselineRatio} of baseline`);
  parts.push(`p99 < ${target.p99Ms} ms`);
  return parts.join(', ');
}

export async function benchLists(ctx: BenchContext, duration: number, log: (line: string) => void): Promise<ListResult[]> {
  const results: ListResult[] = [];
  const users = await ctx.knex('users').whereIn('id', [ctx.users.programManager, ctx.users.manager]).select('id', 'organization_id');
  const whoOf = (user: Who['user']): Who => {
    const row = users.find((u) => Number(u.id) === ctx.users[user])!;
    return { user, id: Number(row.id), organizationId: row.organization_id === null ? null : Number(row.organization_id) };
  };

  for (const item of LIST_CASES) {
    const who = whoOf(item.who);
    const query = item.sql(who);
    const minimal = express();
    minimal.get('/list', async (_req, res) => {
      const { rows } = await ctx.pool.query(query.text, query.values);
      const counted = Number(rows[0]?.total ?? 0);
      const capped = counted > TOTAL_CAP;
      for (const row of rows) delete row.total;
      res.set('Content-Range', `${item.resource} ${rows.length ? `0-${rows.length - 1}` : '*'}/${capped ? TOTAL_CAP : counted}`);
      if (capped) res.set('X-Total-Capped', 'true');
      res.json(rows);
    });
    const baseline = await listen(minimal);

    const endpointUrl = `${ctx.baseUrl}${encodeURI(item.path)}`;
    const auth = { authorization: `Bearer ${ctx.tokens[item.who]}` };
    const [ours, bare] = await Promise.all([fetch(endpointUrl, { headers: auth }), fetch(`${baseline.baseUrl}/list`)]);
    if (!ours.ok) throw new Error(`${item.path}: HTTP ${ours.status} ${await ours.text()}`);
    const range = ours.headers.get('content-range') ?? '';
    const ourRows = await ours.json();
    const bareRows = await bare.json();
    const bareRange = bare.headers.get('content-range') ?? '';
    if (!isDeepStrictEqual(ourRows, bareRows) || range !== bareRange || ours.headers.get('x-total-capped') !== bare.headers.get('x-total-capped')) {
      throw new Error(`${item.name}: the hand-written SQL does not answer the same page (${range} vs ${bareRange}, ${ourRows.length} vs ${bareRows.length} rows)`);
    }

    const baselineUrl = `${baseline.baseUrl}/list`;
    await run(endpointUrl, 2, auth); // warm-up
    await run(baselineUrl, 2);
    // In the order ours, baseline, baseline, ours, half the duration each: a change in the
    // machine's load during the comparison (other work on the shared cores) falls on both alike.
    const endpointFirst = await run(endpointUrl, duration / 2, auth);
    const bareFirst = await run(baselineUrl, duration / 2);
    const bareRun = merged(bareFirst, await run(baselineUrl, duration / 2));
    const endpoint = merged(endpointFirst, await run(endpointUrl, duration / 2, auth));
    await new Promise((resolve) => baseline.server.close(resolve));
    baseline.server.closeAllConnections();

    const ratio = endpoint.requests.average / bareRun.requests.average;
    const errors = endpoint.non2xx + endpoint.errors + endpoint.timeouts;
    const { minRps, maxBaselineRatio, p99Ms } = item.target;
    const met =
      errors === 0 &&
      endpoint.latency.p99 < p99Ms &&
      (minRps === undefined || endpoint.requests.average >= minRps) &&
      (maxBaselineRatio === undefined || ratio >= 1 / maxBaselineRatio);
    const total = `${range.split('/').pop()}${ours.headers.get('x-total-capped') ? ' (capped)' : ''}`;
    results.push({
      name: item.name,
      user: item.who,
      path: item.path,
      total,
      endpoint_rps: round(endpoint.requests.average),
      baseline_rps: round(bareRun.requests.average),
      throughput_ratio: round(ratio, 2),
      endpoint_p99_ms: endpoint.latency.p99,
      baseline_p99_ms: bareRun.latency.p99,
      endpoint_p50_ms: endpoint.latency.p50,
      baseline_p50_ms: bareRun.latency.p50,
      errors,
      target: describeTarget(item.target),
      met,
      load: loadNow(),
    });
    log(
      `  ${item.name} (total ${total}): ${round(endpoint.requests.average)} vs ${round(bareRun.requests.average)} req/s (${round(ratio, 2)}×), ` +
        `p99 ${endpoint.latency.p99} vs ${bareRun.latency.p99} ms; load ${loadNow()}`,
    );
  }
  return results;
}
