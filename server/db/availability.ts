import type { Knex } from 'knex';
import { isDatabaseUnavailable } from './connectionErrors';

/**
 * Whether PostgreSQL is known to be unreachable right now, so requests can be refused at once
 * (503) instead of each waiting for its own failed connection attempt. The pool's failed
 * connection attempts and queries that lose their connection mark it down; while down, a probe
 * query through the pool every PROBE_MS marks it up as soon as the pool reaches PostgreSQL
 * again, so the requests let through then find a pool that works.
 */
export interface DatabaseAvailability {
  isDown(): boolean;
  /** stops probing (when the pool closes) */
  stop(): void;
}

const PROBE_MS = 250;
const PROBE_TIMEOUT_MS = 2_000;

interface PoolEvents {
  on(event: 'createFail', listener: (eventId: number, error: unknown) => void): void;
}

export function watchAvailability(
  knex: Knex,
  options: { log?: (line: string) => void; probeMs?: number; name?: string; meanwhile?: string } = {},
): DatabaseAvailability {
  const log = options.log ?? (() => undefined);
  const probeMs = options.probeMs ?? PROBE_MS;
  const name = options.name ?? 'PostgreSQL';
  const meanwhile = options.meanwhile ?? 'answering 503 until it is back';
  let downSince: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const probe = async () => {
    timer = null;
    try {
      await knex.raw('select 1').timeout(PROBE_TIMEOUT_MS);
      if (downSince !== null) log(`${name} answers again, after ${((Date.now() - downSince) / 1000).toFixed(1)} s`);
      downSince = null;
    } catch {
      schedule();
    }
  };
  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => void probe(), probeMs);
    timer.unref();
  };
  const notice = (error: unknown) => {
    if (downSince !== null || stopped || !isDatabaseUnavailable(error)) return;
    downSince = Date.now();
    // knex puts the statement in front of the driver's message; the driver's part says why.
    const reason = (error instanceof Error ? error.message : String(error)).split(' - ').pop();
    log(`${name} is not reachable (${reason}); ${meanwhile}`);
    schedule();
  };

  (knex.client.pool as PoolEvents | undefined)?.on('createFail', (_eventId, error) => notice(error));
  knex.on('query-error', (error: unknown) => notice(error));

  return {
    isDown: () => downSince !== null,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
