import type { Knex } from 'knex';
import { AppError, TimeoutError } from '../errors';
import { say } from '../messages';

/** 422: the question is well-formed but took longer than the server allows; narrow it. */
export class QuestionTimeoutError extends AppError {
  constructor(timeoutMs: number) {
    super(
      'question_timeout',
      say('question_took_too_long', { seconds: timeoutMs / 1000 }),
    );
  }
}

/**
 * Runs `work` in a read-only transaction whose statements PostgreSQL cancels after
 * `timeoutMs` (`SET LOCAL`, so the limit ends with the transaction and the pooled connection
 * goes back as it was). A cancelled statement rolls the transaction back and frees the
 * connection; the caller gets a QuestionTimeoutError.
 */
export async function runReadOnly<T>(knex: Knex, timeoutMs: number, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  try {
    return await knex.transaction(
      async (trx) => {
        await trx.raw(`select set_config('statement_timeout', ?, true)`, [String(Math.max(1, Math.round(timeoutMs)))]);
        return work(trx);
      },
      { readOnly: true },
    );
  } catch (error) {
    // The database layer turns PostgreSQL's cancelled statement into a TimeoutError (a 503 elsewhere).
    if (error instanceof TimeoutError) throw new QuestionTimeoutError(timeoutMs);
    throw error;
  }
}
