import { StatementAbandonedError, wantedSignal, whileWanted } from '../db/cancellation';
import { writeGeneration } from '../db/writes';

/**
 * One report run answered once for every request that asks for it within a page load
 * (docs/reports.md "Comparisons"): a KPI card asks for its report, then with `compare=previous`,
 * with `compare=last_year` and for its trend, all at once, and those ask again for the same
 * report, scope and period (the period itself three times more, the one before twice).
 *
 * The key is the report with everything its run reads: the period, its buckets, the
 * organisation, the records the caller's scope counts (reportScope.ts `recordsKey`: the scope's
 * own SQL and bindings, so two callers share an answer only when they count the same records) and
 * today. An answer is reused
 * - while its run is under way, by every request asking for it: the run stops (its statements
 *   cancelled, server/db/cancellation.ts) only once every one of them has gone away; a request
 *   that goes away stops waiting at once;
 * - for `ttlMs` after it, and only while this process has committed no write
 *   (server/db/writes.ts): a write made through this server is in every answer asked for
 *   after it; a write of another process, or of a function a `select` calls, within the
 *   `ttlMs` (as a reports standby's replay lag: `data_as_of` says which instant the numbers are).
 * A failed or abandoned run is forgotten at once.
 */
export interface ReportMemo {
  /**
   * `run`'s answer for `key`, shared as described above; once the run has ended, only while
   * `keep(answer)` (default: always) — an answer whose freshness another rule decides (a
   * standby's lag, checked at each read) is shared while it runs, never after.
   */
  share<T>(key: string, run: () => Promise<T>, keep?: (answer: T) => boolean): Promise<T>;
}

/** An answer is reused this long after its run: a page load (the dashboard's own reuse is a minute, dashboard/src/reporting/useReport.ts). */
export const MEMO_TTL_MS = 5_000;
/** Beyond this many answers kept, the oldest go first. */
const MAX_ENTRIES = 500;

interface Entry {
  generation: number;
  /** when the run ended (`now()`); null while it runs */
  endedAt: number | null;
  answer: Promise<unknown>;
  waiting: number;
  stop: AbortController;
}

export function createReportMemo(options: { ttlMs?: number; now?: () => number } = {}): ReportMemo {
  const ttlMs = options.ttlMs ?? MEMO_TTL_MS;
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, Entry>();

  const usable = (entry: Entry) => entry.generation === writeGeneration() && (entry.endedAt === null || now() - entry.endedAt < ttlMs);

  function forget(key: string, entry: Entry) {
    if (entries.get(key) === entry) entries.delete(key);
  }

  function start(key: string, run: () => Promise<unknown>, keep: (answer: unknown) => boolean): Entry {
    for (const [k, entry] of entries) if (entry.endedAt !== null && !usable(entry)) entries.delete(k);
    while (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    const stop = new AbortController();
    const entry: Entry = { generation: writeGeneration(), endedAt: null, answer: whileWanted(stop.signal, run), waiting: 0, stop };
    entry.answer.then(
      (answer) => {
        entry.endedAt = now();
        if (!keep(answer)) forget(key, entry);
      },
      () => forget(key, entry),
    );
    entries.set(key, entry);
    return entry;
  }

  return {
    async share<T>(key: string, run: () => Promise<T>, keep: (answer: T) => boolean = () => true): Promise<T> {
      const signal = wantedSignal();
      if (signal?.aborted) throw new StatementAbandonedError();
      const found = entries.get(key);
      const entry = found && usable(found) ? found : start(key, run, keep as (answer: unknown) => boolean);
      entry.waiting += 1;
      try {
        return (await untilAbandoned(entry.answer, signal)) as T;
      } finally {
        entry.waiting -= 1;
        if (entry.waiting === 0 && entry.endedAt === null) {
          forget(key, entry);
          entry.stop.abort();
        }
      }
    },
  };
}

/** `answer`, or StatementAbandonedError as soon as `signal` fires. */
function untilAbandoned<T>(answer: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return answer;
  return new Promise<T>((resolve, reject) => {
    const abandon = () => reject(new StatementAbandonedError());
    signal.addEventListener('abort', abandon, { once: true });
    answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', abandon));
  });
}
