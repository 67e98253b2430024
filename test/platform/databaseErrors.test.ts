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
    // the constraint's own message (server/db/constraintMessages.ts), no longer "A users with …"
    message: 'A user with this email already exists',
    errors: { email: 'already exists' },
    coded: { message_code: 'email_taken', params: {} },
    fieldCodes: { email: { message_code: 'field_taken', params: {} } },
    cause: expect.objectContaining({ code: '23505' }),
  });
});

it('answers a check with its coded message, never the constraint or table name', async () => {
  const [user] = await db.knex('users').where({ email: 'taken@example.org' }).select('id');
  const [org] = await db.knex('organizations').insert({ name: 'Assigning', kind: 'service_provider' }).returning('id');
  const [place] = await db
    .knex('places_of_service')
    .insert({ organization_id: org.id, name: 'House' })
    .returning('id');
  const error = (await db
    .knex('place_assignments')
    .insert({ user_id: user.id, place_of_service_id: place.id, assigned_on: '2026-02-01', ended_on: '2026-01-31' })
    .catch((e: unknown) => e)) as AppError;
  expect(error).toMatchObject({
    status: 400,
    code: 'validation_failed',
    message: 'An end date comes before its start date',
    errors: { ended_on: 'cannot be before the start' },
    coded: { message_code: 'dates_out_of_order', params: {} },
    fieldCodes: { ended_on: { message_code: 'field_before_start', params: {} } },
  });
  expect(error.message).not.toMatch(/place_assignments|_check/);
});

it('names the referring records in words when a delete is refused', async () => {
  const [org] = await db.knex('organizations').insert({ name: 'Referred to', kind: 'service_provider' }).returning('id');
  await db.knex('contracts').insert({ organization_id: org.id, program: 'FCC', contract_number: 'FCC-1', start_date: '2026-01-01' });
  const error = (await db.knex('organizations').where({ id: org.id }).delete().catch((e: unknown) => e)) as AppError;
  expect(error).toMatchObject({
    status: 409,
    code: 'still_referenced',
    message: 'This record is still referenced by contracts; remove or archive those first',
    coded: { message_code: 'record_still_used', params: { records: 'contracts' } },
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
  expect(result).toMatchObject({ status: 'failed', error: 'A user with this email already exists' });
  expect(await db.knex('job_runs').where({ id: result.id }).first('status', 'error')).toEqual({ status: 'failed', error: 'A user with this email already exists' });
});
