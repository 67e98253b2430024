import type { Knex } from 'knex';
import { AppError } from '../errors';

/** 422: the question is well-formed but took longer than the server allows; narrow it. */
export class QuestionTimeoutError extends AppError {
  constructor(timeoutMs: number) {
    super(
      422,
      'question_timeout',
      `This question took too long (more than ${timeoutMs / 1000} s) to answer; narrow its filter, group by fewer fields or set a limit`,
    );
  }
}

const QUERY_CANCELED = '57014';

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
    const code = (error as { code?: string; nativeError?: { code?: string } }).code ?? (error as { nativeError?: { code?: string } }).nativeError?.code;
    if (code === QUERY_CANCELED) throw new QuestionTimeoutError(timeoutMs);
    throw error;
  }
}
