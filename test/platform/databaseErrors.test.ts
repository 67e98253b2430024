import { AppError } from '../../server/errors';
import { findJob } from '../../server/jobs/registry';
import { runJob } from '../../server/jobs/runner';
import type { JobDefinition } from '../../server/jobs/types';
import { useTestDatabase } from '../helpers/testDb';

/**
 * PostgreSQL's refusals are translated by the database layer, not by the HTTP error handler:
 * a job or a script writing through knex gets the error the API would answer with.
 */
const db = useTestDatabase();
beforeAll(async () => {
  await db.knex('users').insert({ email: 'taken@example.org', full_name: 'Taken', role: 'system_admin', password_hash: 'x', active: true });
});

const duplicateUser = () => db.knex('users').insert({ email: 'TAKEN@example.org', full_name: 'Again', role: 'system_admin', password_hash: 'x', active: true });

it('answers a unique violation with the typed 409, naming the field and keeping the original as its cause', async () => {
  const error = await duplicateUser().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({
    status: 409,
    code: 'duplicate',
    message: 'A users with this email already exists',
    errors: { email: 'already exists' },
    cause: expect.objectContaining({ code: '23505' }),
  });
});

it('translates inside a transaction too, and for the statement that breaks a check', async () => {
  const error = await db.knex
    .transaction((trx) => trx('organizations').insert({ name: 'Bad kind', kind: 'castle' }))
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ status: 400, code: 'validation_failed', errors: { kind: expect.any(String) } });
});

it('leaves faults that are not refusals as they are', async () => {
  const error = await db.knex.raw('selec 1').catch((e: unknown) => e);
  expect(error).not.toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code: '42601' });
});

it('records the same clear message in job_runs when a job hits a constraint', async () => {
  // A real job's name (and advisory lock), with a run that inserts a user who exists.
  const job: JobDefinition = {
    ...findJob('refresh-payment-summaries')!,
    run: async () => {
      await duplicateUser();
      return {};
    },
  };
  const result = await runJob(job, { knex: db.knex, config: { icmUrl: null }, log: () => undefined, clock: () => new Date('2026-01-15T12:00:00Z') });
  expect(result).toMatchObject({ status: 'failed', error: 'A users with this email already exists' });
  expect(await db.knex('job_runs').where({ id: result.id }).first('status', 'error')).toEqual({ status: 'failed', error: 'A users with this email already exists' });
});
