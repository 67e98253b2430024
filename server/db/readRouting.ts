import type { Knex } from 'knex';
import type { Clock } from '../clock';
import { watchAvailability, type DatabaseAvailability } from './availability';
import { isDatabaseUnavailable } from './connectionErrors';
import { createKnex } from './knex';

/**
 * Where reports, dashboard aggregates and downloads read: a hot standby (REPORTS_DATABASE_URL)
 * while it is close enough behind the primary (REPLICA_MAX_LAG_S), else the primary. Writes,
 * and every read inside a workflow, always use the primary; nothing here is for them.
 *
 * Each read checks the standby first, in two round trips: the primary's current WAL position,
 * then whether the standby has replayed up to it. Caught up, it holds everything the primary had
 * committed at the check. Behind, its lag is the age of the last transaction it replayed
 * (`pg_last_xact_replay_timestamp()`): an upper bound, so a standby is never read further behind
 * than allowed. An unreachable standby (and for a few hundred ms after, until the availability
 * probe sees it back) sends reads to the primary at once, with a note saying why.
 */
export type ReadFrom = 'replica' | 'primary';

export interface ReadSource {
  knex: Knex;
  read_from: ReadFrom;
  /** ISO instant: everything the primary had committed by then is in what this source reads */
  data_as_of: string;
  /** why a configured standby was not read; null when it was, or when none is configured */
  read_note: string | null;
}

/** The fields of a source that an answer carries (reports' JSON, downloads' headers). */
export function readFields(source: ReadSource): Pick<ReadSource, 'data_as_of' | 'read_from' | 'read_note'> {
  return { data_as_of: source.data_as_of, read_from: source.read_from, read_note: source.read_note };
}

export interface ReadRouting {
  /** the source a read should use now */
  choose(): Promise<ReadSource>;
  /**
   * Runs a read on the chosen source. When the standby fails under it (it went away, or replay
   * cancelled the query: a recovery conflict), the read runs once more on the primary, noted.
   */
  read<T>(work: (knex: Knex) => Promise<T>): Promise<{ result: T; source: ReadSource }>;
  close(): Promise<void>;
}

/** No standby configured: everything reads the primary, as of now. */
export function primaryReads(primary: Knex, clock: Clock): ReadRouting {
  const source = (note: string | null = null): ReadSource => ({ knex: primary, read_from: 'primary', data_as_of: clock().toISOString(), read_note: note });
  return {
    choose: async () => source(),
    read: async (work) => {
      const chosen = source();
      return { result: await work(primary), source: chosen };
    },
    close: async () => undefined,
  };
}

interface StandbyStatus {
  standby: boolean;
  caught_up: boolean | null;
  /** ISO instants (server/db/typeParsers.ts) */
  replayed_at: string | null;
  lag_s: number | null;
  now: string;
}

/** SQLSTATE 40001 / 40P01 from a standby: replay cancelled the query (max_standby_streaming_delay). */
function isRecoveryConflict(error: unknown): boolean {
  for (let current = error as { code?: unknown; cause?: unknown; nativeError?: unknown } | undefined, depth = 0; current && typeof current === 'object' && depth < 4; depth += 1) {
    if (current.code === '40001' || current.code === '40P01') return true;
    current = (current.nativeError ?? current.cause) as typeof current;
  }
  return false;
}

/**
 * The standby went away (not: this instance's pool for it is busy — waiting that long for a
 * connection is overload, and reading the primary instead would only add to it).
 */
function standbyFailed(error: unknown): boolean {
  return isDatabaseUnavailable(error) && (error as { name?: unknown } | null)?.name !== 'KnexTimeoutError';
}

/** How long one look at the standby's position serves every read (see standbyStatus). */
const STATUS_TTL_MS = 1_000;

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).split(' - ').pop();

export function createReadRouting(options: {
  primary: Knex;
  replicaUrl: string;
  maxLagS: number;
  clock: Clock;
  poolMax: number;
  log?: (line: string) => void;
}): ReadRouting {
  const { primary, maxLagS, clock } = options;
  const replica = createKnex(options.replicaUrl, { poolMax: options.poolMax, bindModels: false });
  const availability: DatabaseAvailability = watchAvailability(replica, {
    log: options.log,
    name: 'The reports standby',
    meanwhile: 'reports read the primary until it is back',
  });
  const onPrimary = (note: string): ReadSource => ({ knex: primary, read_from: 'primary', data_as_of: clock().toISOString(), read_note: note });

  /**
   * The standby's status, asked at most once per STATUS_TTL_MS however many reads want it: under
   * load every report would otherwise queue twice for a pooled connection. A status at most that
   * old still says truly how far the standby has got at least (data_as_of is a lower bound), so
   * a standby once close enough behind is read for that long without asking again.
   */
  let status: { at: number; value: Promise<StandbyStatus> } | null = null;
  const standbyStatus = (): Promise<StandbyStatus> => {
    if (status && performance.now() - status.at < STATUS_TTL_MS) return status.value;
    const value = readStandbyStatus();
    const entry = { at: performance.now(), value };
    status = entry;
    // Only a status that lets the standby be read is reused: one too far behind is asked again.
    value.then(
      (found) => {
        if (!readable(found) && status === entry) status = null;
      },
      () => {
        if (status === entry) status = null;
      },
    );
    return value;
  };
  const readStandbyStatus = async (): Promise<StandbyStatus> => {
    const { rows: written } = await primary.raw<{ rows: { lsn: string }[] }>('select pg_current_wal_lsn()::text as lsn');
    const { rows } = await replica.raw<{ rows: StandbyStatus[] }>(
      `select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn() >= ?::pg_lsn as caught_up,
              pg_last_xact_replay_timestamp() as replayed_at,
              extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as lag_s, now() as now`,
      [written[0].lsn],
    );
    return rows[0];
  };

  const readable = (found: StandbyStatus) =>
    !found.standby || Boolean(found.caught_up) || (found.replayed_at !== null && found.lag_s !== null && found.lag_s <= maxLagS);

  const choose = async (): Promise<ReadSource> => {
    if (availability.isDown()) return onPrimary('The reports standby is unreachable; read from the primary');
    let current: StandbyStatus;
    try {
      current = await standbyStatus();
    } catch (error) {
      if (!standbyFailed(error)) throw error;
      return onPrimary(`The reports standby is unreachable (${reason(error)}); read from the primary`);
    }
    // A server that is not in recovery (REPORTS_DATABASE_URL pointing at a primary) is current.
    if (!current.standby || current.caught_up) return { knex: replica, read_from: 'replica', data_as_of: current.now, read_note: null };
    if (current.replayed_at === null || current.lag_s === null) return onPrimary('The reports standby has not replayed a transaction since it started; read from the primary');
    if (current.lag_s > maxLagS) {
      return onPrimary(`The reports standby is ${current.lag_s.toFixed(1)} s behind (more than REPLICA_MAX_LAG_S = ${maxLagS} s); read from the primary`);
    }
    return { knex: replica, read_from: 'replica', data_as_of: current.replayed_at, read_note: null };
  };

  return {
    choose,
    read: async (work) => {
      const source = await choose();
      try {
        return { result: await work(source.knex), source };
      } catch (error) {
        if (source.read_from !== 'replica' || !(standbyFailed(error) || isRecoveryConflict(error))) throw error;
        const fallback = onPrimary(`The reports standby failed during the read (${reason(error)}); read again from the primary`);
        return { result: await work(primary), source: fallback };
      }
    },
    close: async () => {
      availability.stop();
      await replica.destroy();
    },
  };
}
