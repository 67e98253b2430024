import { StatementAbandonedError, wantedSignal, whileWanted } from '../../server/db/cancellation';
import { noteStatement, writeGeneration } from '../../server/db/writes';
import { createReportMemo } from '../../server/reports/runMemo';

/**
 * The reports' memo (server/reports/runMemo.ts) and the write counter it follows
 * (server/db/writes.ts), without a database: runs are promises the test settles by hand.
 */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A run that counts its starts and answers when the test says, noting the signal it runs under. */
function run<T>() {
  const answer = deferred<T>();
  const started: (AbortSignal | undefined)[] = [];
  return {
    started,
    answer,
    fn: () => {
      started.push(wantedSignal());
      return answer.promise;
    },
  };
}

describe('the reports memo', () => {
  test('answers a key asked for twice while it runs, and for its lifetime after, with one run', async () => {
    let now = 0;
    const memo = createReportMemo({ ttlMs: 5_000, now: () => now });
    const r = run<number>();
    const first = memo.share('a', r.fn);
    const second = memo.share('a', r.fn);
    r.answer.resolve(42);
    await expect(Promise.all([first, second])).resolves.toEqual([42, 42]);
    now = 4_999;
    await expect(memo.share('a', r.fn)).resolves.toBe(42);
    expect(r.started).toHaveLength(1);
    // another key is another run
    const other = run<number>();
    other.answer.resolve(7);
    await expect(memo.share('b', other.fn)).resolves.toBe(7);
    expect(other.started).toHaveLength(1);
  });

  test('shares an answer it may not keep only while it runs (a standby\'s, whose lag each read checks)', async () => {
    const memo = createReportMemo({ ttlMs: 5_000, now: () => 0 });
    const r = run<{ from: string }>();
    const keep = (answer: { from: string }) => answer.from === 'primary';
    const first = memo.share('a', r.fn, keep);
    const second = memo.share('a', r.fn, keep);
    r.answer.resolve({ from: 'replica' });
    await expect(Promise.all([first, second])).resolves.toEqual([{ from: 'replica' }, { from: 'replica' }]);
    expect(r.started).toHaveLength(1);
    const again = run<{ from: string }>();
    again.answer.resolve({ from: 'primary' });
    await expect(memo.share('a', again.fn, keep)).resolves.toEqual({ from: 'primary' });
    expect(again.started).toHaveLength(1);
    // a primary answer is kept as before
    await expect(memo.share('a', again.fn, keep)).resolves.toEqual({ from: 'primary' });
    expect(again.started).toHaveLength(1);
  });

  test('runs again once its lifetime is over', async () => {
    let now = 0;
    const memo = createReportMemo({ ttlMs: 5_000, now: () => now });
    let runs = 0;
    const fn = async () => (runs += 1);
    await expect(memo.share('a', fn)).resolves.toBe(1);
    now = 5_000;
    await expect(memo.share('a', fn)).resolves.toBe(2);
    await expect(memo.share('a', fn)).resolves.toBe(2);
  });

  test('runs again after a write of this process, and not after its reads or its audit trail', async () => {
    const memo = createReportMemo({ now: () => 0 });
    let runs = 0;
    const fn = async () => (runs += 1);
    const connection = {};
    await memo.share('a', fn);
    noteStatement(connection, { sql: 'select count(*) from referrals where id = ?' });
    noteStatement(connection, { sql: 'with x as (select 1) select * from x' });
    noteStatement(connection, { sql: '\n  -- active_plans_total: children with a plan\n  /* on a day */ select count(*) from service_plans' });
    noteStatement(connection, { sql: 'insert into "audit_events" ("action") values (?)' });
    noteStatement(connection, 'BEGIN;');
    await expect(memo.share('a', fn)).resolves.toBe(1);
    noteStatement(connection, { sql: 'update "referrals" set "status" = ? where "id" = ?' });
    await expect(memo.share('a', fn)).resolves.toBe(2);
    noteStatement(connection, { sql: '-- a comment first\nupdate audit_events set changes = ?' });
    await expect(memo.share('a', fn)).resolves.toBe(3);
  });

  test('moves the counter again at the commit of a transaction that wrote, not of one that only read or rolled back', async () => {
    // knex marks a connection held by a transaction with the transaction's id
    const connection = { __knexTxId: 'trx1' };
    noteStatement(connection, 'BEGIN;');
    noteStatement(connection, { sql: 'insert into "referrals" ("organization_id") values (?)' });
    const written = writeGeneration();
    // an answer read while the write is not committed yet is not reused after the commit
    noteStatement(connection, 'COMMIT;');
    expect(writeGeneration()).toBe(written + 1);
    // a transaction that only read commits without moving the counter
    noteStatement(connection, 'BEGIN;');
    noteStatement(connection, { sql: 'select 1' });
    noteStatement(connection, 'COMMIT;');
    expect(writeGeneration()).toBe(written + 1);
    // nor does one whose write was rolled back, at its commit-less end
    noteStatement(connection, 'BEGIN;');
    noteStatement(connection, { sql: 'with moved as (delete from "referrals" returning id) select count(*) from moved' });
    expect(writeGeneration()).toBe(written + 2);
    noteStatement(connection, 'ROLLBACK');
    noteStatement(connection, 'COMMIT;');
    expect(writeGeneration()).toBe(written + 2);
    // a write outside a transaction is committed at once: the connection's next transaction commits without moving it
    const autocommit = {};
    noteStatement(autocommit, { sql: 'delete from "referrals" where id = ?' });
    expect(writeGeneration()).toBe(written + 3);
    noteStatement(autocommit, 'COMMIT;');
    expect(writeGeneration()).toBe(written + 3);
  });

  test('lets a request that goes away stop waiting, and stops the run only when nobody waits for it', async () => {
    const memo = createReportMemo();
    const r = run<number>();
    const leaving = new AbortController();
    const staying = new AbortController();
    const left = whileWanted(leaving.signal, () => memo.share('a', r.fn));
    const stayed = whileWanted(staying.signal, () => memo.share('a', r.fn));
    expect(r.started).toHaveLength(1);
    const runSignal = r.started[0]!;
    // the run has a signal of its own, not the request's that started it
    expect(runSignal).not.toBe(leaving.signal);
    leaving.abort();
    await expect(left).rejects.toBeInstanceOf(StatementAbandonedError);
    expect(runSignal.aborted).toBe(false);
    r.answer.resolve(3);
    await expect(stayed).resolves.toBe(3);

    const lonely = run<number>();
    const only = new AbortController();
    const answer = whileWanted(only.signal, () => memo.share('b', lonely.fn));
    only.abort();
    await expect(answer).rejects.toBeInstanceOf(StatementAbandonedError);
    expect(lonely.started[0]!.aborted).toBe(true);
    // the abandoned run is forgotten: the next request runs it again
    const again = run<number>();
    again.answer.resolve(9);
    await expect(memo.share('b', again.fn)).resolves.toBe(9);
    expect(again.started).toHaveLength(1);
    // and a request already gone starts nothing
    const gone = new AbortController();
    gone.abort();
    const never = run<number>();
    await expect(whileWanted(gone.signal, () => memo.share('c', never.fn))).rejects.toBeInstanceOf(StatementAbandonedError);
    expect(never.started).toHaveLength(0);
  });

  test('forgets a run that failed', async () => {
    const memo = createReportMemo({ now: () => 0 });
    const failing = run<number>();
    const first = memo.share('a', failing.fn);
    failing.answer.reject(new Error('statement timeout'));
    await expect(first).rejects.toThrow('statement timeout');
    const next = run<number>();
    next.answer.resolve(1);
    await expect(memo.share('a', next.fn)).resolves.toBe(1);
  });
});
