import { to as copyTo } from 'pg-copy-streams';
import type { CurrentUser } from '../server/access/roles';
import { listDownload, parseDownloadRequest } from '../server/resources/export';
import { parseListParams } from '../server/resources/listQuery';
import { resources } from '../server/resources/registry';
import { round } from './reports';
import { loadNow, type BenchContext } from './setup';

/**
 * CSV download of every referral (signed in as a ministry manager: no scope narrows it) against
 * PostgreSQL's own `COPY (same rows) TO STDOUT WITH CSV HEADER`, the fastest way rows leave the
 * database; and the XLSX download of the same rows against our CSV's time, the three in turn
 * in each round. All are read to the end and thrown away. Time is to the last byte; memory is this process's resident set,
 * sampled every 20 ms while our download runs (server and client share the process; the
 * client keeps nothing), as its growth over the resident set just before that download: the
 * resident set does not shrink back after a download (V8 and malloc keep their pages), so a
 * figure taken from the start of the bench would count the earlier downloads' pages too (the
 * XLSX runs between the CSV runs). That figure is printed beside, as `since the start`.
 */
/** One download: its time, size, and this process's memory while it ran. */
export interface DownloadRun {
  endpoint_ms: number;
  endpoint_mb: number;
  /** CSV: its time over COPY's; XLSX: over the CSV download's */
  ratio: number;
  rss_before_mb: number;
  rss_peak_mb: number;
  rss_growth_mb: number;
  target: string;
  met: boolean;
  load: number;
}

export interface DownloadResult extends DownloadRun {
  /** the largest resident set during a CSV run over the one before the first */
  rss_growth_since_start_mb: number;
  rows: number;
  copy_ms: number;
  copy_mb: number;
  xlsx: DownloadRun;
}

// The stable field names as headers: the baseline's COPY selects the columns by them.
const PATH = '/api/referrals?format=csv&headers=fields';
const XLSX_PATH = '/api/referrals?format=xlsx&headers=fields';

/** The SQL the download streams (the list with its readable columns), built for the same user and parameters. */
async function downloadSql(ctx: BenchContext): Promise<string> {
  const declaration = resources.find((r) => r.name === 'referrals');
  if (!declaration) throw new Error('No referrals resource');
  const user = (await ctx.knex('users').where('id', ctx.users.manager).first('id', 'email', 'full_name', 'role', 'organization_id')) as CurrentUser;
  const options = parseDownloadRequest({ format: 'csv', headers: 'fields' }, undefined);
  const { query } = listDownload({ knex: ctx.knex, clock: () => new Date(), resources }, declaration, { user, ip: null }, parseListParams(declaration, {}), options);
  return query.toString();
}

async function downloadOnce(ctx: BenchContext, path = PATH): Promise<{ ms: number; bytes: number; lines: number; header: string; rssPeak: number }> {
  let rssPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 20);
  const started = process.hrtime.bigint();
  const response = await fetch(`${ctx.baseUrl}${path}`, { headers: { authorization: `Bearer ${ctx.tokens.manager}` } });
  if (!response.ok || !response.body) throw new Error(`${path}: HTTP ${response.status}`);
  let bytes = 0;
  let lines = 0;
  let header = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Buffer>) {
    if (!header) header = decoder.decode(chunk).split('\r\n')[0];
    bytes += chunk.length;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(sampler);
  return { ms, bytes, lines, header: header.replace(/^\uFEFF/, ''), rssPeak };
}

async function copyOnce(ctx: BenchContext, copySql: string): Promise<{ ms: number; bytes: number }> {
  const client = await ctx.pool.connect();
  try {
    const started = process.hrtime.bigint();
    const stream = client.query(copyTo(copySql));
    let bytes = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) bytes += chunk.length;
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, bytes };
  } finally {
    client.release();
  }
}

export async function benchDownload(ctx: BenchContext, rounds: number, log: (line: string) => void): Promise<DownloadResult> {
  const rssBefore = process.memoryUsage().rss;
  const first = await downloadOnce(ctx);
  let growth = first.rssPeak - rssBefore;
  const columns = first.header.split(',').map((c) => `"${c.replace(/"/g, '""')}"`);
  const copySql = `copy (select ${columns.join(', ')} from (${await downloadSql(ctx)}) listed) to stdout with (format csv, header)`;

  const ours: number[] = [first.ms];
  const copies: number[] = [];
  let rssPeak = first.rssPeak;
  let copyBytes = 0;
  // COPY, our CSV and our XLSX one after the other in each round, so their ratios see the
  // same load (the machine is shared).
  const xlsxRuns: { ms: number; bytes: number; rssBefore: number; rssPeak: number }[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const copy = await copyOnce(ctx, copySql);
    copies.push(copy.ms);
    copyBytes = copy.bytes;
    if (i > 0 || rounds === 1) {
      const before = process.memoryUsage().rss;
      const again = await downloadOnce(ctx);
      ours.push(again.ms);
      rssPeak = Math.max(rssPeak, again.rssPeak);
      growth = Math.max(growth, again.rssPeak - before);
    }
    const before = process.memoryUsage().rss;
    xlsxRuns.push({ ...(await downloadOnce(ctx, XLSX_PATH)), rssBefore: before });
  }
  // Best of each: the download's first run also warmed the cache for COPY.
  const endpoint = Math.min(...ours);
  const copy = Math.min(...copies);
  const ratio = endpoint / copy;
  const growthMb = growth / 1e6;
  const load = loadNow();
  log(
    `  ${first.lines - 1} rows: download ${round(endpoint)} ms (${round(first.bytes / 1e6)} MB) vs COPY ${round(copy)} ms (${round(copyBytes / 1e6)} MB), ${round(ratio, 2)}×; ` +
      `RSS +${round(growthMb)} MB (+${round((rssPeak - rssBefore) / 1e6)} MB since the start); load ${load}`,
  );
  const xlsx = xlsxResult(xlsxRuns, endpoint, log);
  return {
    rows: first.lines - 1,
    endpoint_ms: round(endpoint),
    copy_ms: round(copy),
    ratio: round(ratio, 2),
    endpoint_mb: round(first.bytes / 1e6, 1),
    copy_mb: round(copyBytes / 1e6, 1),
    rss_before_mb: round(rssBefore / 1e6),
    rss_peak_mb: round(rssPeak / 1e6),
    rss_growth_mb: round(growthMb),
    rss_growth_since_start_mb: round((rssPeak - rssBefore) / 1e6),
    target: '≤ 1.5× COPY, RSS growth < 100 MB',
    met: ratio <= 1.5 && growthMb < 100,
    load,
    xlsx,
  };
}

/**
 * The XLSX download of the same rows (best of its runs) against the CSV's best time; memory
 * as the largest growth of the resident set during one XLSX run.
 */
function xlsxResult(runs: { ms: number; bytes: number; rssBefore: number; rssPeak: number }[], csvMs: number, log: (line: string) => void): DownloadRun {
  const ms = Math.min(...runs.map((r) => r.ms));
  const worst = runs.reduce((a, b) => (b.rssPeak - b.rssBefore > a.rssPeak - a.rssBefore ? b : a));
  const ratio = ms / csvMs;
  const growth = (worst.rssPeak - worst.rssBefore) / 1e6;
  const load = loadNow();
  log(`  XLSX: ${round(ms)} ms (${round(runs[0].bytes / 1e6)} MB), ${round(ratio, 2)}× the CSV; RSS +${round(growth)} MB; load ${load}`);
  return {
    endpoint_ms: round(ms),
    endpoint_mb: round(runs[0].bytes / 1e6, 1),
    ratio: round(ratio, 2),
    rss_before_mb: round(worst.rssBefore / 1e6),
    rss_peak_mb: round(worst.rssPeak / 1e6),
    rss_growth_mb: round(growth),
    target: '≤ 3× CSV, RSS growth < 100 MB',
    met: ratio <= 3 && growth < 100,
    load,
  };
}
