/**
 * npm run bench [-- --rounds 5 --duration 10 --only reports,lists,download]
 *
 * Runs on the population `npm run seed:scale` made (DATABASE_URL, or the embedded database of
 * `npm start`), starts the real app in this process, and compares in one run:
 *   reports   each report endpoint vs the same numbers straight through pg   (median ≤ 1.3×; CSP measures < 1 s)
 *   lists     list endpoints as a programme manager vs minimal Express + pg  (≥ 0.7× throughput, p99 < 100 ms)
 *   download  CSV of every referral vs COPY … TO STDOUT                      (≤ 1.5× time, RSS growth < 100 MB)
 *   questions a question over every service activity by month vs its SQL   (≤ 1.3×, < 1 s; bench/questions.ts)
 *   cluster   (only when asked) 50 dashboard users + 10 writers through the local cluster's proxy, one instance then two (bench/cluster.ts)
 * Prints a table and writes bench/results.json. See bench/README.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchCluster, clusterTable } from './cluster';
import { benchDownload, type DownloadResult } from './download';
import { benchLists, type ListResult } from './lists';
import { benchQuestions, type QuestionResult } from './questions';
import { benchReports, type ReportResult } from './reports';
import { setUp } from './setup';

interface Options {
  rounds: number;
  duration: number;
  only: Set<string>;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { rounds: 5, duration: 10, only: new Set(['reports', 'lists', 'download', 'questions']) };
  for (let i = 0; i < argv.length; i += 1) {
    const [name, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (name === '--rounds') options.rounds = Number(value);
    else if (name === '--duration') options.duration = Number(value);
    else if (name === '--only') options.only = new Set(value.split(','));
    else throw new Error(`Unknown option ${name}. Usage: bench -- [--rounds N] [--duration S] [--only reports,lists,download,questions]`);
  }
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
  let reports: ReportResult[] = [];
  let lists: ListResult[] = [];
  let download: DownloadResult | null = null;
  let questions: QuestionResult[] = [];
  try {
    log(`Population: ${Object.entries(ctx.population).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ')}`);
    if (options.only.has('reports')) {
      log(`Reports, fiscal year 2025, every organisation (${options.rounds} rounds):`);
      reports = await benchReports(ctx, options.rounds, log);
    }
    if (options.only.has('lists')) {
      log(`Lists as a programme manager, 20 connections, ${options.duration} s each:`);
      lists = await benchLists(ctx, options.duration, log);
    }
    if (options.only.has('download')) {
      log('CSV download of every referral:');
      download = await benchDownload(ctx, Math.max(2, Math.min(options.rounds, 3)), log);
    }
    if (options.only.has('questions')) {
      log(`Questions as a ministry manager (${options.rounds} rounds):`);
      questions = await benchQuestions(ctx, options.rounds, log);
    }
  } finally {
    await ctx.close();
  }

  const rows: string[][] = [['benchmark', 'ours', 'baseline', 'ratio', 'target', 'result']];
  for (const r of reports) {
    rows.push([`report ${r.name}`, `${r.endpoint_ms} ms`, `${r.sql_ms} ms (pg)`, `${r.ratio}×`, r.target, mark(r.met)]);
  }
  for (const l of lists) {
    rows.push([
      `list ${l.name}`,
      `${l.endpoint_rps} req/s, p99 ${l.endpoint_p99_ms} ms`,
      `${l.baseline_rps} req/s, p99 ${l.baseline_p99_ms} ms`,
      `${l.throughput_ratio}×`,
      l.target,
      mark(l.met),
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
    ]);
  }
  for (const q of questions) rows.push([`question ${q.name}`, `${q.endpoint_ms} ms`, `${q.sql_ms} ms (pg)`, `${q.ratio}×`, q.target, mark(q.met)]);
  process.stdout.write(`\n${table(rows)}\n`);

  const results = {
    started_at: started.toISOString(),
    finished_at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 1e9), node: process.version },
    population: ctx.population,
    options: { rounds: options.rounds, duration_s: options.duration },
    reports,
    lists,
    download,
    questions,
    all_met: [...reports, ...lists, ...(download ? [download] : []), ...questions].every((r) => r.met),
  };
  fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`Wrote bench/results.json (${results.all_met ? 'every target met' : 'some targets missed'}).`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
