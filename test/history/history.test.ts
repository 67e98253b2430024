import { up as fillSummaries } from '../../migrations/20261202170200_fill_audit_event_summaries';
import { useTestContext } from '../helpers/context';
import { createCheckIn, createProvider, createShssPlan, insertRow, type Provider } from '../helpers/factories';

/**
 * GET /api/<resource>/:id/history and POST /api/<resource>/:id/restore: a record's versions from
 * its audit rows, field by field, and an earlier value put back through the update path — the
 * same scope, version, field and workflow rules as an edit, audited as a restore.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let a: Provider;
let b: Provider;
const names = new Map<number, string>();

beforeAll(async () => {
  a = await createProvider(ctx);
  b = await createProvider(ctx);
  for (const user of await ctx.knex('users').select('id', 'full_name')) names.set(Number(user.id), user.full_name);
});

const auditIds = async (resource: string, id: number) =>
  (await ctx.knex('audit_events').where({ resource, record_id: String(id) }).orderBy('id').pluck('id')).map(Number);

/** A task made by A's administrator, then edited by A's programme manager. */
async function editedTask() {
  const created = await a.as.org_admin.api.post('/api/tasks', { child_id: a.childId, title: 'Call school', due_on: '2026-01-20' });
  expect(created.status).toBe(201);
  const id = Number(created.body.id);
  const edited = await a.as.program_manager.api.put(`/api/tasks/${id}`, { title: 'Call the school', due_on: '2026-01-22', assigned_to: a.as.portal_worker.id });
  expect(edited.status).toBe(200);
  const [createEntry, updateEntry] = await auditIds('tasks', id);
  return { id, createEntry, updateEntry };
}

describe('history', () => {
  it('lists who changed what when, newest first, field by field, with the titles of the records referred to', async () => {
    const { id, createEntry, updateEntry } = await editedTask();
    const child = await ctx.knex('children').where({ id: a.childId }).first();
    const res = await a.as.org_admin.api.get(`/api/tasks/${id}/history`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resource: 'tasks', record_id: String(id), can_restore: true, truncated: false });
    expect(res.body.entries.map((e: any) => [e.id, e.action, e.user_id, e.user_name, e.at])).toEqual([
      [updateEntry, 'update', a.as.program_manager.id, names.get(a.as.program_manager.id), '2026-01-15T12:00:00.000Z'],
      [createEntry, 'create', a.as.org_admin.id, names.get(a.as.org_admin.id), '2026-01-15T12:00:00.000Z'],
    ]);
    const change = (field: string, before: unknown, after: unknown, titles: [string | null, string | null] = [null, null]) => ({
      field,
      before,
      after,
      before_title: titles[0],
      after_title: titles[1],
      large_text: null,
      restorable: true,
      not_restorable: null,
    });
    expect(res.body.entries[0].changes).toEqual([
      change('assigned_to', null, a.as.portal_worker.id, [null, names.get(a.as.portal_worker.id)!]),
      change('title', 'Call school', 'Call the school'),
      change('due_on', '2026-01-20', '2026-01-22'),
    ]);
    expect(res.body.entries[1].changes).toEqual([
      change('child_id', null, a.childId, [null, `${child.first_name} ${child.last_name}`]),
      change('title', null, 'Call school'),
      change('due_on', null, '2026-01-20'),
      change('status', null, 'open'),
    ]);
    // Who may not restore sees the same history, told so.
    const asManager = await a.as.program_manager.api.get(`/api/tasks/${id}/history`);
    expect(asManager.status).toBe(200);
    expect(asManager.body.can_restore).toBe(false);
    expect(asManager.body.entries).toHaveLength(2);
  });

  it('shows a large text as its size, never its words, and offers its earlier version when it is kept', async () => {
    const log = await insertRow(ctx.knex, 'daily_logs', { placement_id: a.placementId, log_date: '2026-01-14', shift: 'day' });
    const created = await a.as.portal_worker.api.post('/api/daily_log_entries', { daily_log_id: log.id, body: 'Quiet night, slept well.' });
    expect(created.status).toBe(201);
    const edited = await a.as.portal_worker.api.put(`/api/daily_log_entries/${created.body.id}`, { body: 'Quiet night. Asleep by nine — école demain.', version: 1 });
    expect(edited.status).toBe(200);
    const res = await a.as.org_admin.api.get(`/api/daily_log_entries/${created.body.id}/history`);
    expect(res.status).toBe(200);
    const [update] = res.body.entries;
    expect(update.changes).toEqual([
      {
        field: 'body',
        before: null,
        after: null,
        before_title: null,
        after_title: null,
        // 'Quiet night, slept well.' is 24 ASCII characters; the new text has 43 characters, 'é' and '—' taking 2 and 3 bytes.
        large_text: { before: { bytes: 24, characters: 24 }, after: { bytes: 46, characters: 43 } },
        restorable: true,
        not_restorable: null,
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('slept well');
    // The audit rows, their readable summary included, never hold the words either.
    const rows = await ctx.knex('audit_events').where({ resource: 'daily_log_entries', record_id: String(created.body.id) }).orderBy('id');
    expect(JSON.stringify(rows)).not.toContain('slept well');
    expect(rows.map((row) => row.summary)).toEqual([`daily_log_id: ${log.id}; author_id: ${a.as.portal_worker.id}; body: 24 characters`, 'body: 24 → 43 characters']);
  });

  it('says so when a large text’s earlier version is no longer kept, and refuses to restore it', async () => {
    const log = await insertRow(ctx.knex, 'daily_logs', { placement_id: a.placementId, log_date: '2026-01-13', shift: 'day' });
    const created = await a.as.portal_worker.api.post('/api/daily_log_entries', { daily_log_id: log.id, body: 'First words.' });
    expect((await a.as.portal_worker.api.put(`/api/daily_log_entries/${created.body.id}`, { body: 'Second words.', version: 1 })).status).toBe(200);
    // As if the retention had pruned it.
    await ctx.knex('large_text_versions').where({ resource: 'daily_log_entries', record_id: String(created.body.id) }).delete();
    const [update] = (await a.as.org_admin.api.get(`/api/daily_log_entries/${created.body.id}/history`)).body.entries;
    expect(update.changes[0]).toMatchObject({ field: 'body', restorable: false, not_restorable: 'is a large text whose earlier version is no longer kept' });
    const restore = await a.as.org_admin.api.post(`/api/daily_log_entries/${created.body.id}/restore`, { audit_event_id: update.id, field: 'body', side: 'before', version: 2 });
    expect(restore.status).toBe(409);
    expect(restore.body).toMatchObject({ code: 'conflict', errors: { body: 'is a large text whose earlier version is no longer kept' } });
    expect((await ctx.knex('daily_log_entries').where({ id: created.body.id }).first()).body).toBe('Second words.');
  });

  it('is 404 for a record out of the caller’s scope, as the record is, and for an unknown resource', async () => {
    const { id } = await editedTask();
    expect((await b.as.org_admin.api.get(`/api/tasks/${id}`)).status).toBe(404);
    const res = await b.as.org_admin.api.get(`/api/tasks/${id}/history`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'not_found' });
    expect((await a.as.org_admin.api.get(`/api/no_such_things/${id}/history`)).status).toBe(404);
    expect((await a.as.org_admin.api.get('/api/tasks/abc/history')).body).toMatchObject({ code: 'validation_failed' });
  });
});

describe('restore', () => {
  it('puts one field back as a new audited update, naming the entry it came from', async () => {
    const { id, updateEntry } = await editedTask();
    const res = await a.as.org_admin.api.post(`/api/tasks/${id}/restore`, { audit_event_id: updateEntry, field: 'title', side: 'before' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, title: 'Call school', due_on: '2026-01-22', assigned_to: a.as.portal_worker.id });
    expect(await ctx.knex('tasks').where({ id }).first()).toMatchObject({ title: 'Call school', due_on: '2026-01-22' });
    const audit = await ctx.knex('audit_events').where({ resource: 'tasks', record_id: String(id), action: 'restore' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user_id: a.as.org_admin.id });
    expect(audit[0].changes).toMatchObject({ restored_from: updateEntry, restored_fields: ['title'], before: { title: 'Call the school' }, after: { title: 'Call school' } });
    const history = await a.as.org_admin.api.get(`/api/tasks/${id}/history`);
    expect(history.body.entries[0]).toMatchObject({ action: 'restore', restored_from: updateEntry, user_id: a.as.org_admin.id });
    expect(history.body.entries[0].changes.map((c: any) => [c.field, c.before, c.after])).toEqual([['title', 'Call the school', 'Call school']]);
  });

  it('puts a whole earlier version back: every field that differs from it', async () => {
    const { id, createEntry } = await editedTask();
    const res = await a.as.org_admin.api.post(`/api/tasks/${id}/restore`, { audit_event_id: createEntry });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: 'Call school', due_on: '2026-01-20', assigned_to: null, status: 'open' });
    const [audit] = await ctx.knex('audit_events').where({ resource: 'tasks', record_id: String(id), action: 'restore' });
    expect(audit.changes.restored_fields).toEqual(['assigned_to', 'title', 'due_on']);
  });

  it('is refused to a role that may edit but not restore, and changes nothing', async () => {
    const { id, updateEntry } = await editedTask();
    const res = await a.as.program_manager.api.post(`/api/tasks/${id}/restore`, { audit_event_id: updateEntry, side: 'before' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'forbidden', message: 'Only a system administrator, or an organisation administrator, restores a previous version' });
    expect((await ctx.knex('tasks').where({ id }).first()).title).toBe('Call the school');
    expect(await auditIds('tasks', id)).toHaveLength(2);
  });

  it('is refused for a read-only resource', async () => {
    const res = await a.as.system_admin.api.post('/api/imports/1/restore', { audit_event_id: 1 });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'forbidden', message: 'Your role (system_admin) may not update imports' });
  });

  it('refuses what there is nothing to restore from, or nothing to change, with a clear 4xx', async () => {
    const { id, createEntry, updateEntry } = await editedTask();
    const other = await editedTask();
    const post = (body: object) => a.as.org_admin.api.post(`/api/tasks/${id}/restore`, body);

    const foreign = await post({ audit_event_id: other.updateEntry });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ code: 'not_found', errors: { audit_event_id: 'no such entry' } });

    const beforeCreation = await post({ audit_event_id: createEntry, side: 'before' });
    expect(beforeCreation.status).toBe(409);
    expect(beforeCreation.body.message).toBe('This entry holds no values before it (a creation): there is nothing to restore');

    const same = await post({ audit_event_id: updateEntry, field: 'title' });
    expect(same.status).toBe(409);
    expect(same.body.message).toBe('The record already holds these values: there is nothing to restore');

    const noSuchField = await post({ audit_event_id: updateEntry, field: 'colour' });
    expect(noSuchField.status).toBe(400);
    expect(noSuchField.body).toMatchObject({ code: 'validation_failed', errors: { field: 'not in this entry' } });

    const badBody = await post({ audit_event_id: 'x', extra: 1 });
    expect(badBody.status).toBe(400);
    expect(badBody.body.code).toBe('validation_failed');
    expect(Object.keys(badBody.body.errors).sort()).toEqual(['audit_event_id', 'extra']);

    expect(await auditIds('tasks', id)).toEqual([createEntry, updateEntry]);
  });

  it('never points a record at one outside the restorer’s scope, nor shows that record’s title', async () => {
    const { id } = await editedTask();
    // The ministry's system administrator may assign a task to anyone.
    const crossed = await a.as.system_admin.api.put(`/api/tasks/${id}`, { assigned_to: b.as.portal_worker.id });
    expect(crossed.status).toBe(200);
    const back = await a.as.org_admin.api.put(`/api/tasks/${id}`, { assigned_to: a.as.portal_worker.id });
    expect(back.status).toBe(200);
    const [, , crossEntry] = await auditIds('tasks', id);

    const history = await a.as.org_admin.api.get(`/api/tasks/${id}/history`);
    const entry = history.body.entries.find((e: any) => e.id === crossEntry);
    expect(entry.changes).toEqual([expect.objectContaining({ field: 'assigned_to', before: a.as.portal_worker.id, after: b.as.portal_worker.id, before_title: names.get(a.as.portal_worker.id), after_title: null })]);

    const res = await a.as.org_admin.api.post(`/api/tasks/${id}/restore`, { audit_event_id: crossEntry, field: 'assigned_to' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'not_found', errors: { assigned_to: 'no such record' } });
    expect((await ctx.knex('tasks').where({ id }).first()).assigned_to).toBe(a.as.portal_worker.id);

    // Another organisation's administrator cannot reach the record at all.
    const outside = await b.as.org_admin.api.post(`/api/tasks/${id}/restore`, { audit_event_id: crossEntry, field: 'assigned_to', side: 'before' });
    expect(outside.status).toBe(404);
    expect((await ctx.knex('tasks').where({ id }).first()).assigned_to).toBe(a.as.portal_worker.id);
  });

  describe('a versioned record with workflow rules (a monthly check-in)', () => {
    let checkInId: number;
    let firstEdit: number;
    let secondEdit: number;

    beforeAll(async () => {
      const plan = await createShssPlan(ctx.knex, a, { status: 'in_service' });
      checkInId = (await createCheckIn(ctx.knex, plan.id, { month: '2026-01-01' })).id;
      const put = (body: object) => a.as.portal_worker.api.put(`/api/monthly_check_ins/${checkInId}`, body);
      expect((await put({ check_in_date: '2026-01-10', version: 1 })).status).toBe(200);
      expect((await put({ check_in_date: '2026-01-12', version: 2 })).status).toBe(200);
      [firstEdit, secondEdit] = await auditIds('monthly_check_ins', checkInId);
    });
    const post = (body: object) => a.as.org_admin.api.post(`/api/monthly_check_ins/${checkInId}/restore`, body);

    it('asks for the version read, refuses a stale one, and writes a new version', async () => {
      const missing = await post({ audit_event_id: secondEdit, field: 'check_in_date', side: 'before' });
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ code: 'validation_failed', errors: { version: 'is required' } });
      const stale = await post({ audit_event_id: secondEdit, field: 'check_in_date', side: 'before', version: 2 });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('stale_version');
      const done = await post({ audit_event_id: secondEdit, field: 'check_in_date', side: 'before', version: 3 });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ check_in_date: '2026-01-10', version: 4 });
      expect(await auditIds('monthly_check_ins', checkInId)).toHaveLength(3);
    });

    it('refuses a field only a workflow action changes, and any restore once the check-in is finalized', async () => {
      const finalized = await a.as.portal_worker.api.post(`/api/monthly_check_ins/${checkInId}/finalize`, {});
      expect(finalized.status).toBe(200);
      const finalizeEntry = (await ctx.knex('audit_events').where({ resource: 'monthly_check_ins', record_id: String(checkInId), action: 'finalize' }).first()).id;

      const history = await a.as.org_admin.api.get(`/api/monthly_check_ins/${checkInId}/history`);
      const status = history.body.entries.find((e: any) => e.id === Number(finalizeEntry)).changes.find((c: any) => c.field === 'status');
      expect(status).toMatchObject({ before: 'draft', after: 'finalized', restorable: false, not_restorable: 'changes only through a workflow action, never by a restore' });

      const statusBack = await post({ audit_event_id: finalizeEntry, field: 'status', side: 'before', version: 5 });
      expect(statusBack.status).toBe(409);
      expect(statusBack.body).toMatchObject({ code: 'action_only_field', errors: { status: 'changes only through a workflow action, never by a restore' } });

      const dateBack = await post({ audit_event_id: firstEdit, field: 'check_in_date', side: 'before', version: 5 });
      expect(dateBack.status).toBe(409);
      expect(dateBack.body.code).toBe('read_only');
      expect(await ctx.knex('monthly_check_ins').where({ id: checkInId }).first()).toMatchObject({ status: 'finalized', check_in_date: '2026-01-10', version: 5 });
    });
  });
});

describe('restoring a large text', () => {
  const first = 'Slept badly; asked for his mother at 2 a.m. — calmer after a story.';
  const second = 'Slept badly; asked for his mother.';
  const third = 'Quiet night.';
  let entryId: number;
  let firstEdit: number;

  beforeAll(async () => {
    const log = await insertRow(ctx.knex, 'daily_logs', { placement_id: a.placementId, log_date: '2026-01-12', shift: 'overnight' });
    const created = await a.as.portal_worker.api.post('/api/daily_log_entries', { daily_log_id: log.id, body: first });
    expect(created.status).toBe(201);
    entryId = Number(created.body.id);
    const put = (body: string, version: number) => a.as.portal_worker.api.put(`/api/daily_log_entries/${entryId}`, { body, version });
    expect((await put(second, 1)).status).toBe(200);
    expect((await put(third, 2)).status).toBe(200);
    [, firstEdit] = await auditIds('daily_log_entries', entryId);
  });

  it('keeps each replaced text apart from the audit trail, in the update’s transaction', async () => {
    const kept = await ctx.knex('large_text_versions').where({ resource: 'daily_log_entries', record_id: String(entryId) }).orderBy('id').select('field', 'value');
    expect(kept).toEqual([
      { field: 'body', value: first },
      { field: 'body', value: second },
    ]);
  });

  it('is refused to a role that may edit the entry but not restore, and the words reach no one through the history', async () => {
    for (const user of [a.as.portal_worker, a.as.program_manager]) {
      const history = await user.api.get(`/api/daily_log_entries/${entryId}/history`);
      expect(history.status).toBe(200);
      expect(history.body.can_restore).toBe(false);
      expect(JSON.stringify(history.body)).not.toContain('mother');
      const refused = await user.api.post(`/api/daily_log_entries/${entryId}/restore`, { audit_event_id: firstEdit, field: 'body', side: 'before', version: 3 });
      expect(refused.status).toBe(403);
    }
    // No resource serves the kept texts, and another organisation's administrator cannot reach the entry.
    expect((await a.as.system_admin.api.get('/api/large_text_versions')).status).toBe(404);
    expect((await b.as.org_admin.api.post(`/api/daily_log_entries/${entryId}/restore`, { audit_event_id: firstEdit, field: 'body', side: 'before', version: 3 })).status).toBe(404);
    expect((await ctx.knex('daily_log_entries').where({ id: entryId }).first()).body).toBe(third);
  });

  it('puts the first version back, audited as a restore that holds only digests', async () => {
    const res = await a.as.org_admin.api.post(`/api/daily_log_entries/${entryId}/restore`, { audit_event_id: firstEdit, field: 'body', side: 'before', version: 3 });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(4);
    expect((await ctx.knex('daily_log_entries').where({ id: entryId }).first()).body).toBe(first);
    const [audit] = await ctx.knex('audit_events').where({ resource: 'daily_log_entries', record_id: String(entryId), action: 'restore' });
    expect(audit).toMatchObject({ user_id: a.as.org_admin.id, summary: `body: 12 → ${[...first].length} characters` });
    expect(audit.changes).toMatchObject({ restored_from: firstEdit, restored_side: 'before', restored_fields: ['body'] });
    expect(JSON.stringify(audit)).not.toContain('mother');
    // The text it replaced is kept in its turn.
    const kept = await ctx.knex('large_text_versions').where({ resource: 'daily_log_entries', record_id: String(entryId) }).pluck('value');
    expect(kept.sort()).toEqual([first, second, third].sort());
  });

  it('shows the restore as a restore: who put back which fields of which version', async () => {
    const history = await a.as.program_manager.api.get(`/api/daily_log_entries/${entryId}/history`);
    const [restore] = history.body.entries;
    expect(restore).toMatchObject({
      action: 'restore',
      user_name: names.get(a.as.org_admin.id),
      restored_from: firstEdit,
      restored: { entry_id: firstEdit, at: '2026-01-15T12:00:00.000Z', user_name: names.get(a.as.portal_worker.id), side: 'before', fields: ['body'] },
    });
    expect(history.body.entries.filter((e: any) => e.action !== 'restore').map((e: any) => e.restored)).toEqual([null, null, null]);
  });

  it('keeps the newest 20 replaced texts of a field, no more', async () => {
    const log = await insertRow(ctx.knex, 'daily_logs', { placement_id: a.placementId, log_date: '2026-01-10', shift: 'overnight' });
    const created = await a.as.portal_worker.api.post('/api/daily_log_entries', { daily_log_id: log.id, body: 'Text 0' });
    for (let version = 1; version <= 22; version += 1) {
      expect((await a.as.portal_worker.api.put(`/api/daily_log_entries/${created.body.id}`, { body: `Text ${version}`, version })).status).toBe(200);
    }
    const kept = await ctx.knex('large_text_versions').where({ resource: 'daily_log_entries', record_id: String(created.body.id) }).orderBy('id').pluck('value');
    // Texts 0 to 21 were replaced; the two oldest are gone, Text 22 is the entry's own.
    expect(kept).toEqual(Array.from({ length: 20 }, (_, i) => `Text ${i + 2}`));
  });

  it('forgets the kept versions when the entry is deleted', async () => {
    const log = await insertRow(ctx.knex, 'daily_logs', { placement_id: a.placementId, log_date: '2026-01-11', shift: 'overnight' });
    const created = await a.as.portal_worker.api.post('/api/daily_log_entries', { daily_log_id: log.id, body: 'One.' });
    expect((await a.as.portal_worker.api.put(`/api/daily_log_entries/${created.body.id}`, { body: 'Two.', version: 1 })).status).toBe(200);
    const kept = () => ctx.knex('large_text_versions').where({ resource: 'daily_log_entries', record_id: String(created.body.id) }).pluck('value');
    expect(await kept()).toEqual(['One.']);
    expect((await a.as.system_admin.api.delete(`/api/daily_log_entries/${created.body.id}`)).status).toBe(200);
    expect(await kept()).toEqual([]);
  });
});

describe('the audit list', () => {
  it('is readable: each row names its actor and says what changed, filtered by user, resource, action and date', async () => {
    const { id, updateEntry } = await editedTask();
    const filter = JSON.stringify({ user_id: a.as.program_manager.id, resource: 'tasks', action: 'update', record_id: String(id), at_gte: '2026-01-15T00:00:00Z', at_lte: '2026-01-15T23:59:59Z' });
    const res = await a.as.system_admin.api.get(`/api/audit_events?filter=${encodeURIComponent(filter)}`);
    expect(res.status).toBe(200);
    expect(res.body.map((row: any) => [row.id, row.user_id, row.action, row.summary])).toEqual([
      [updateEntry, a.as.program_manager.id, 'update', `assigned_to: — → ${a.as.portal_worker.id}; title: Call school → Call the school; due_on: 2026-01-20 → 2026-01-22`],
    ]);
    const otherDay = JSON.stringify({ user_id: a.as.program_manager.id, record_id: String(id), at_gte: '2026-01-16T00:00:00Z' });
    expect((await a.as.system_admin.api.get(`/api/audit_events?filter=${encodeURIComponent(otherDay)}`)).body).toEqual([]);
  });

  it('downloads with the actor’s name and a readable changes column', async () => {
    const { id } = await editedTask();
    const filter = JSON.stringify({ resource: 'tasks', record_id: String(id) });
    const csv = await a.as.ministry_manager.api.get(`/api/audit_events?filter=${encodeURIComponent(filter)}&sort=${encodeURIComponent('["id","ASC"]')}&format=csv&headers=fields`);
    expect(csv.status).toBe(200);
    const [header, ...rows] = csv.text.trim().split(/\r?\n/);
    const columns = header.split(',');
    expect(columns).toEqual(expect.arrayContaining(['user_id', 'user_name', 'action', 'resource', 'record_id', 'summary']));
    const cell = (row: string, name: string) => row.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'))[columns.indexOf(name)];
    expect(rows.map((row) => [cell(row, 'user_name'), cell(row, 'action'), cell(row, 'summary')])).toEqual([
      [names.get(a.as.org_admin.id), 'create', `child_id: ${a.childId}; title: Call school; due_on: 2026-01-20; status: open`],
      [names.get(a.as.program_manager.id), 'update', `assigned_to: — → ${a.as.portal_worker.id}; title: Call school → Call the school; due_on: 2026-01-20 → 2026-01-22`],
    ]);
  });

  it('is refused, list and download, to a role outside the trail’s readers', async () => {
    for (const path of ['/api/audit_events', '/api/audit_events?format=csv']) {
      const res = await a.as.org_admin.api.get(path);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'forbidden' });
    }
  });
});

describe('the summaries of audit rows written before them', () => {
  it('are filled from their changes by the migration, fields in alphabetical order', async () => {
    const { createEntry, updateEntry } = await editedTask();
    const log = await insertRow(ctx.knex, 'daily_logs', { placement_id: a.placementId, log_date: '2026-01-09', shift: 'overnight' });
    const entry = await a.as.portal_worker.api.post('/api/daily_log_entries', { daily_log_id: log.id, body: 'Quiet night, slept well.' });
    expect((await a.as.portal_worker.api.put(`/api/daily_log_entries/${entry.body.id}`, { body: 'Quiet night. Asleep by nine — école demain.', version: 1 })).status).toBe(200);
    const [, logUpdate] = await auditIds('daily_log_entries', Number(entry.body.id));
    // The same changes as rows written before the column existed.
    const copies = new Map<number, number>();
    for (const source of [createEntry, updateEntry, logUpdate]) {
      const row = await ctx.knex('audit_events').where({ id: source }).first();
      const [copy] = await ctx.knex('audit_events').insert({ ...row, id: undefined, summary: null, changes: JSON.stringify(row.changes) }).returning('id');
      copies.set(source, Number(copy.id));
    }
    await fillSummaries(ctx.knex);
    const summary = async (source: number) => (await ctx.knex('audit_events').where({ id: copies.get(source) }).first()).summary;
    expect(await summary(createEntry)).toBe(`child_id: ${a.childId}; due_on: 2026-01-20; status: open; title: Call school`);
    expect(await summary(updateEntry)).toBe(`assigned_to: — → ${a.as.portal_worker.id}; due_on: 2026-01-20 → 2026-01-22; title: Call school → Call the school`);
    expect(await summary(logUpdate)).toBe('body: 24 → 43 characters');
    // Rows that had one keep it.
    expect((await ctx.knex('audit_events').where({ id: updateEntry }).first()).summary).toBe(
      `assigned_to: — → ${a.as.portal_worker.id}; title: Call school → Call the school; due_on: 2026-01-20 → 2026-01-22`,
    );
  });
});
