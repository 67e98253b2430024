import type { Knex } from 'knex';
import { resources } from '../../server/resources/registry';
import type { TestContext } from './context';

/** What the database holds, read past the API, for tests to check what a request left behind. */

/** The row of a resource's table, by the resource's id column (`code` for lookups). */
export async function storedRecord(ctx: TestContext, resource: string, id: number | string) {
  const declaration = resources.find((r) => r.name === resource)!;
  return ctx.knex(resource).where(declaration.model.idColumn as string, id).first();
}

/** The audit rows of one record, oldest first. */
export async function auditRows(knex: Knex, resource: string, recordId: number | string, action?: string) {
  return knex('audit_events')
    .where({ resource, record_id: String(recordId) })
    .modify((qb) => {
      if (action) qb.where({ action });
    })
    .orderBy('id');
}
