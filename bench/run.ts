/**
 * npm run bench [-- --rounds 5 --duration 10 --only reports,lists,download,dashboard,kpi,growth,questions,compliance,import --growth <url>]
 *
 * Runs on the population `npm run seed:scale` made (DATABASE_URL, or the embedded database of
 * `npm start`), starts the real app in this process, and measures in one run:
 *   reports    each report endpoint vs the same numbers straight through pg   (median ≤ 1.3×; from rollups ≤ 0.2×, < 150 ms)
 *   lists      list endpoints vs minimal Express + hand-written SQL           (p99 < 100 ms; ≥ 1/1.2 of it; ministry ≥ 500 req/s)
 *   download   CSV of every referral vs COPY … TO STDOUT, and its XLSX        (CSV ≤ 1.5× COPY, XLSX ≤ 3× CSV; RSS growth < 100 MB)
 *   dashboard  sign-in → every chart drawn, headless Chromium                 (< 1.5 s)
 *   kpi        a KPI's report, comparisons and 8-period trend as the page asks,  (one run per distinct period)
 *              vs the same report runs made independently (bench/kpiTrend.ts)
 *   growth     each report at this population vs at `--growth <url>`'s        (≤ 2×; that database is seeded with
 *              100,000 children first when empty)
 *   questions  a question over every service activity by month vs its SQL   (≤ 1.3×, < 1 s; bench/questions.ts)
 *   compliance the compliance calendar and the scorecard as the ministry      (< 2 s each; only with --only)
 *   import     100,000 children from CSV through POST /api/children/import    (< 60 s, live heap growth < 20 MB; only with
 *              --only: it writes rows, in a scratch organisation removed again; bench/import.ts)
 *   cluster    50 dashboard users + 10 writers through the local cluster's proxy, one instance then two
 *              (bench/cluster.ts; only with --only)
 * Every figure is printed with its target, met or missed, and the one-minute load average when
 * it was taken (the machine is shared). Writes bench/results.json. See bench/README.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchCompliance, type ComplianceResult } from './compliance';
import { benchDashboard, type DashboardResult } from './dashboard';
import { benchCluster, clusterTable } from './cluster';
import { benchDownload, type DownloadResult } from './download';
import { benchGrowth, type GrowthResult } from './growth';
import { benchImport, type ImportResult } from './import';
import { benchKpiTrend, type KpiTrendResult } from './kpiTrend';
import { benchLists, type ListResult } from './lists';
import { benchQuestions, type QuestionResult } from './questions';
import { benchReports, type ReportResult } from './reports';
import { loadNow, setUp } from './setup';

const PARTS = ['reports', 'lists', 'download', 'dashboard', 'kpi', 'growth', 'questions', 'compliance', 'cluster', 'import'];
/** parts that run only when named with --only (compliance and import write and remove rows of their own; cluster starts a cluster of its own) */
const ON_REQUEST = ['compliance', 'cluster', 'import'];

interface Options {
  rounds: number;
  duration: number;
  only: Set<string>;
  /** --only was given (else every part runs, growth only with --growth) */
  chosen: boolean;
  growthUrl: string | null;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { rounds: 5, duration: 10, only: new Set(PARTS.filter((part) => !ON_REQUEST.includes(part))), chosen: false, growthUrl: null };
  const usage = `Usage: bench -- [--rounds N] [--duration S] [--only ${PARTS.join(',')}] [--growth <url of a 100 k database>]`;
  for (let i = 0; i < argv.length; i += 1) {
    const [name, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (name === '--rounds') options.rounds = Number(value);
    else if (name === '--duration') options.duration = Number(value);
    else if (name === '--only') {
      options.only = new Set(value.split(','));
      options.chosen = true;
    }
    else if (name === '--growth') options.growthUrl = value;
    else throw new Error(`Unknown option ${name}. ${usage}`);
  }
  const unknown = [...options.only].filter((part) => !PARTS.includes(part));
  if (unknown.length) throw new Error(`Unknown part ${unknown.join(', ')}. ${usage}`);
  if (options.chosen && options.only.has('growth') && !options.growthUrl) throw new Error(`--only growth needs --growth <url>. ${usage}`);
  return options;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const mark = (met: boolean) => (met ? 'met' : 'MISSED');

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.only.delete('cluster')) {
    // Its own cluster and population (bench/cluster.ts): results in bench/cluster-results.json.
    process.stdout.write(`\n${table(clusterTable(await benchCluster(log)))}\n`);
    if (options.only.size === 0) return;
  }
  const ctx = await setUp();
  const started = new Date();
  const loadAtStart = loadNow();
  let reports: ReportResult[] = [];
  let lists: ListResult[] = [];
  let download: DownloadResult | null = null;
  let dashboard: DashboardResult | null = null;
  let kpis: KpiTrendResult[] = [];
  let growth: GrowthResult[] = [];
  let questions: QuestionResult[] = [];
  let compliance: ComplianceResult[] = [];
  let imported: ImportResult | null = null;
  let questionsLoad = 0;
  let complianceLoad = 0;
  try {
    log(`Population: ${Object.entries(ctx.population).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ')}; load ${loadAtStart}`);
    if (options.only.has('reports')) {
      log(`Reports, fiscal year 2025, every organisation (${options.rounds} rounds):`);
      reports = await benchReports(ctx, options.rounds, log);
    }
    if (options.only.has('lists')) {
      log(`Lists, 20 connections, ${options.duration} s each:`);
      lists = await benchLists(ctx, options.duration, log);
    }
    if (options.only.has('download')) {
      log('Downloads of every referral:');
      download = await benchDownload(ctx, Math.max(2, Math.min(options.rounds, 3)), log);
    }
    if (options.only.has('dashboard')) {
      const runs = Math.max(3, Math.min(options.rounds, 5));
      log(`The managers' dashboard in headless Chromium, sign-in → every chart drawn (${runs} runs after a warm-up):`);
      dashboard = await benchDashboard(ctx, runs, log);
    }
    if (options.only.has('kpi')) {
      log(`A KPI with its comparisons and its 8-period trend, fiscal year 2025, every organisation (${options.rounds} rounds):`);
      kpis = await benchKpiTrend(ctx, options.rounds, log);
    }
    if (options.only.has('growth')) {
      if (options.growthUrl) {
        log(`Growth, each report against a smaller population (${options.rounds} rounds):`);
        growth = await benchGrowth(ctx, options.growthUrl, options.rounds, log);
      } else {
        log('Growth: skipped (give --growth <url> of a database for 100,000 children: the bench seeds it when empty).');
      }
    }
    if (options.only.has('questions')) {
      log(`Questions as a ministry manager (${options.rounds} rounds):`);
      questions = await benchQuestions(ctx, options.rounds, log);
      questionsLoad = loadNow();
    }
    if (options.only.has('compliance')) {
      log(`Compliance calendar and scorecard as a ministry manager (${options.rounds} rounds):`);
      compliance = await benchCompliance(ctx, options.rounds, log);
      complianceLoad = loadNow();
    }
    if (options.only.has('import')) {
      log('Import of 100,000 children from CSV, as the administrator of a scratch organisation:');
      imported = await benchImport(ctx, 100_000, log);
    }
  } finally {
    await ctx.close();
  }

  const rows: string[][] = [['benchmark', 'ours', 'baseline', 'ratio', 'target', 'result', 'load']];
  for (const r of reports) {
    rows.push([`report ${r.name}`, `${r.endpoint_ms} ms`, `${r.sql_ms} ms (pg)`, `${r.ratio}×`, r.target, mark(r.met), String(r.load)]);
  }
  for (const l of lists) {
    rows.push([
      `list ${l.name}`,
      `${l.endpoint_rps} req/s, p99 ${l.endpoint_p99_ms} ms`,
      `${l.baseline_rps} req/s, p99 ${l.baseline_p99_ms} ms (SQL)`,
      `${l.throughput_ratio}×`,
      l.target,
      mark(l.met),
      String(l.load),
    ]);
  }
  if (download) {
    rows.push([
      `CSV ${download.rows.toLocaleString('en')} referrals`,
      `${download.endpoint_ms} ms, RSS +${download.rss_growth_mb} MB`,
      `${download.copy_ms} ms (COPY)`,
      `${download.ratio}×`,
      download.target,
      mark(download.met),
      String(download.load),
    ]);
    const x = download.xlsx;
    rows.push([
      `XLSX ${download.rows.toLocaleString('en')} referrals`,
      `${x.endpoint_ms} ms, RSS +${x.rss_growth_mb} MB`,
      `${download.endpoint_ms} ms (our CSV)`,
      `${x.ratio}×`,
      x.target,
      mark(x.met),
      String(x.load),
    ]);
  }
  if (dashboard) {
    rows.push(['dashboard, sign-in → all charts', `${dashboard.all_drawn_ms} ms`, '—', '—', dashboard.target, mark(dashboard.met), String(dashboard.load)]);
    rows.push(['  page closed → server idle', `${dashboard.drained_ms} ms`, '—', '—', '—', '—', String(dashboard.load)]);
    for (const card of dashboard.cards) {
      rows.push([`  chart ${card.title}`, `${card.drawn_ms} ms (settled ${card.settled_ms})`, '—', '—', '—', '—', String(dashboard.load)]);
    }
  }
  for (const k of kpis) {
    rows.push([k.name, `${k.endpoint_ms} ms, ${k.runs} runs for ${k.periods} periods`, `${k.independent_ms} ms (${k.independent_runs} runs)`, `${k.ratio}×`, k.target, mark(k.met), String(k.load)]);
  }
  for (const g of growth) {
    rows.push([
      `growth ${g.name}`,
      `${g.large_ms} ms at ${g.large_children.toLocaleString('en')}`,
      `${g.small_ms} ms at ${g.small_children.toLocaleString('en')}`,
      `${g.ratio}×`,
      g.target,
      mark(g.met),
      String(g.load),
    ]);
  }
  for (const q of questions) {
    rows.push([`question ${q.name}`, `${q.endpoint_ms} ms`, `${q.sql_ms} ms (pg)`, `${q.ratio}×`, q.target, mark(q.met), String(questionsLoad)]);
  }
  for (const c of compliance) rows.push([c.name, `${c.endpoint_ms} ms`, c.detail, '', c.target, mark(c.met), String(complianceLoad)]);
  if (imported) {
    rows.push([
      `import ${imported.rows.toLocaleString('en')} children (CSV)`,
      `${imported.endpoint_ms} ms, live heap +${imported.live_heap_growth_mb} MB (RSS +${imported.rss_growth_mb} MB)`,
      `${imported.rows_per_s.toLocaleString('en')} rows/s`,
      '',
      imported.target,
      mark(imported.met),
      String(imported.load),
    ]);
  }
  process.stdout.write(`\n${table(rows)}\n`);

  const measured = [...reports, ...lists, ...(download ? [download, download.xlsx] : []), ...(dashboard ? [dashboard] : []), ...kpis, ...growth, ...questions, ...compliance, ...(imported ? [imported] : [])];
  const results = {
    started_at: started.toISOString(),
    finished_at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 1e9), node: process.version },
    load: { at_start: loadAtStart, at_end: loadNow() },
    population: ctx.population,
    options: { rounds: options.rounds, duration_s: options.duration, parts: [...options.only] },
    reports,
    lists,
    download,
    dashboard,
    kpis,
    growth,
    questions,
    compliance,
    import: imported,
    all_met: measured.every((r) => r.met),
  };
  fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`Wrote bench/results.json (${results.all_met ? 'every target met' : 'some targets missed'}).`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
