import { useTestContext } from '../helpers/context';
import { createProvider, type Provider } from '../helpers/factories';
import { csv, upload, xlsx } from '../helpers/imports';

/**
 * POST /api/<resource>/import: every row checked as a single create would check it, then all
 * rows written in one transaction or none; the same file twice creates its rows once.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;
let other: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
  other = await createProvider(ctx);
});

const CHILD_HEADER = ['first_name', 'last_name', 'birth_date', 'gender'];
function childRows(count: number, tag: string): string[][] {
  return Array.from({ length: count }, (_, i) => [`${tag}${i + 1}`, 'Imported', `2015-${String((i % 12) + 1).padStart(2, '0')}-10`, i % 2 ? 'F' : 'M']);
}
const childrenNamed = async (lastName: string) => Number((await ctx.knex('children').where({ last_name: lastName }).count('* as n').first())!.n);
const importAudits = async (importId: number) =>
  ctx.knex('audit_events').where({ resource: 'children', action: 'create' }).whereRaw(`changes->>'import_id' = ?`, [String(importId)]).count('* as n').first();

describe('all or nothing', () => {
  it('refuses a file of 10,000 children with one bad row, names that row, and commits nothing', async () => {
    const rows = childRows(10_000, 'Bad');
    rows[6_142][2] = '2031-02-30'; // data row 6,143 is line 6,144 of the file (the header is line 1)
    rows[8_000] = rows[8_000].map((cell, i) => (i === 2 ? '2027-05-01' : cell));
    const res = await upload(ctx, provider.as.org_admin.token, 'children/import', csv([CHILD_HEADER, ...rows]));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'import_refused', status: 'refused', rows: 10_000, created: 0, error_count: 2, dry_run: false });
    expect(res.body.errors).toEqual([
      { row: 6_144, field: 'birth_date', column: 'birth_date', message: 'must be a date YYYY-MM-DD', message_code: 'field_date', params: {} },
      { row: 8_002, field: 'birth_date', column: 'birth_date', message: 'cannot be in the future', message_code: 'field_in_future', params: {} },
    ]);
    expect(res.body.message).toBe('2 problems in 2 rows; nothing was imported');
    expect(await childrenNamed('Imported')).toBe(0);
    expect(Number((await importAudits(res.body.import_id))!.n)).toBe(0);
    const stored = await ctx.knex('imports').where({ id: res.body.import_id }).first();
    expect(stored).toMatchObject({ status: 'refused', row_count: 10_000, created_count: 0, error_count: 2, resource: 'children', user_id: provider.as.org_admin.id });
    // the import history keeps each cell's message by code too, for the reader's language
    expect(stored.errors).toEqual(res.body.errors);
  }, 60_000);

  it('creates the rows of a good file once, with an audit row each and one for the import, and says so the second time', async () => {
    const file = csv([CHILD_HEADER, ...childRows(1_200, 'Twice')].map((r, i) => (i ? [r[0], 'Twice', r[2], r[3]] : r)));
    const first = await upload(ctx, provider.as.org_admin.token, 'children/import', file);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'committed', rows: 1_200, created: 1_200, errors: [], error_count: 0, same_as_import_id: null });
    expect(await childrenNamed('Twice')).toBe(1_200);
    expect(Number((await importAudits(first.body.import_id))!.n)).toBe(1_200);
    const importAudit = await ctx.knex('audit_events').where({ action: 'import', resource: 'imports', record_id: String(first.body.import_id) });
    expect(importAudit).toHaveLength(1);
    expect(importAudit[0].changes.after).toMatchObject({ resource: 'children', rows: 1_200, created: 1_200 });
    // What a single create sets is set for each row: the registering organisation.
    const one = await ctx.knex('children').where({ first_name: 'Twice7', last_name: 'Twice' }).first();
    expect(one).toMatchObject({ birth_date: '2015-07-10', gender: 'M', registered_by_organization_id: provider.orgId });

    const again = await upload(ctx, provider.as.org_admin.token, 'children/import', file);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'already_imported', created: 0, rows: 1_200, same_as_import_id: first.body.import_id });
    expect(await childrenNamed('Twice')).toBe(1_200);
    expect(await ctx.knex('imports').where({ id: again.body.import_id }).first()).toMatchObject({ status: 'already_imported', same_as_import_id: first.body.import_id });
  }, 60_000);

  it('takes an import key instead of the file: another file under a committed key creates nothing', async () => {
    const first = await upload(ctx, provider.as.org_admin.token, 'children/import', csv([CHILD_HEADER, ['Keyed', 'Once', '2016-01-01', '']]), { importKey: 'intake-2026-01' });
    expect(first.body).toMatchObject({ status: 'committed', created: 1 });
    const second = await upload(ctx, provider.as.org_admin.token, 'children/import', csv([CHILD_HEADER, ['Keyed', 'Twice', '2016-01-01', '']]), { importKey: 'intake-2026-01' });
    expect(second.body).toMatchObject({ status: 'already_imported', created: 0, same_as_import_id: first.body.import_id });
    expect(await childrenNamed('Twice')).toBe(1_200);
    expect(await ctx.knex('children').where({ first_name: 'Keyed' }).pluck('last_name')).toEqual(['Once']);
  });

  it('writes nothing on a dry run, whether the file is good or not, and a dry run is not an import of the file', async () => {
    const file = csv([CHILD_HEADER, ['Dry', 'Run', '2016-02-02', ''], ['Dry', 'Run', '2016-02-03', '']]);
    const dry = await upload(ctx, provider.as.org_admin.token, 'children/import?dry_run=1', file);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ status: 'dry_run', dry_run: true, rows: 2, created: 0, errors: [] });
    expect(await childrenNamed('Run')).toBe(0);
    expect(await ctx.knex('audit_events').whereRaw(`changes->>'import_id' = ?`, [String(dry.body.import_id)])).toEqual([]);

    const bad = await upload(ctx, provider.as.org_admin.token, 'children/import?dry_run=1', csv([CHILD_HEADER, ['Dry', '', '2016-02-02', '']]));
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ status: 'refused', dry_run: true, errors: [{ row: 2, field: 'last_name', column: 'last_name', message: 'is required' }] });

    const real = await upload(ctx, provider.as.org_admin.token, 'children/import', file);
    expect(real.body).toMatchObject({ status: 'committed', created: 2 });
    expect(await childrenNamed('Run')).toBe(2);
  });

  it('refuses a role that may not create the resource with 403, before reading the file', async () => {
    const res = await upload(ctx, provider.as.portal_worker.token, 'children/import', csv([CHILD_HEADER, ['No', 'Way', '2016-01-01', '']]));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    expect(await ctx.knex('imports').where({ user_id: provider.as.portal_worker.id })).toEqual([]);
  });

  it('answers 400 for a request without a file, an unknown mapping target and an unknown parameter', async () => {
    const token = provider.as.org_admin.token;
    const none = await ctx.api(token).post('/api/children/import', { file: 'x' });
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual({ file: 'is required' });
    const mapping = await upload(ctx, token, 'children/import', csv([['Name'], ['x']]), { mapping: { Name: 'nickname' } });
    expect(mapping.status).toBe(400);
    expect(mapping.body.errors).toEqual({ Name: '"nickname" is not a field a new children record takes' });
    const param = await upload(ctx, token, 'children/import?dryrun=1', csv([CHILD_HEADER]));
    expect(param.status).toBe(400);
    expect(param.body.errors).toEqual({ dryrun: 'Unknown parameter' });
  });

  it('refuses a program or another binary file with 415 and records nothing (the contract fuzz test found it a 500)', async () => {
    const token = provider.as.org_admin.token;
    const before = Number((await ctx.knex('imports').count('* as n').first())!.n);
    const program = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
    for (const path of ['children/import', 'children/import/columns']) {
      const answer = await upload(ctx, token, path, program, { fileName: 'setup.exe' });
      expect([answer.status, answer.body.code]).toEqual([415, 'unsupported_file_type']);
      expect(answer.body.errors).toEqual({ file: 'The file is neither CSV nor XLSX: import a CSV or an XLSX workbook' });
    }
    expect(Number((await ctx.knex('imports').count('* as n').first())!.n)).toBe(before);
  });
});

describe('the rules of a single create', () => {
  it('refuses a row whose parent is out of the importer’s scope as a single create refuses it', async () => {
    const single = await provider.as.program_manager.api.post('/api/placements', {
      child_id: provider.childId,
      place_of_service_id: other.placeId,
      kind: 'regular',
      start_date: '2026-01-01',
      status: 'planned',
    });
    expect(single.status).toBe(404);
    expect(single.body.errors).toEqual({ place_of_service_id: 'no such record' });

    const file = csv([
      ['child_id', 'place_of_service_id', 'kind', 'start_date', 'status'],
      [provider.childId, provider.placeId, 'regular', '2026-01-01', 'planned'],
      [provider.childId, other.placeId, 'regular', '2026-01-01', 'planned'],
    ]);
    const res = await upload(ctx, provider.as.program_manager.token, 'placements/import', file);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ row: 3, field: 'place_of_service_id', column: 'place_of_service_id', message: 'no such record', message_code: 'field_no_such_record', params: {} }]);
    expect(await ctx.knex('placements').where({ start_date: '2026-01-01' })).toEqual([]);
  });

  it('applies the workflow rules of the declaration (a placement does not start ended) and the database’s (a unique key) to each row', async () => {
    const contractNumber = 'SHSS9000000001';
    const file = csv([
      ['organization_id', 'contract_number', 'program', 'start_date'],
      [provider.orgId, contractNumber, 'SHSS', '2026-01-01'],
      [provider.orgId, contractNumber, 'SHSS', '2026-01-01'],
      [provider.orgId, 'SHSS9000000002', 'XYZ', '2026-01-01'],
    ]);
    const res = await upload(ctx, provider.as.system_admin.token, 'contracts/import', file);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { row: 3, field: 'contract_number', column: 'contract_number', message: 'already exists', message_code: 'field_taken', params: {} },
      { row: 4, field: 'program', column: 'program', message: 'must be one of: SHSS, FCC, CSP', message_code: 'field_one_of', params: { values: 'SHSS, FCC, CSP' } },
    ]);
    expect(await ctx.knex('contracts').where({ contract_number: contractNumber })).toEqual([]);

    const ended = csv([
      ['child_id', 'place_of_service_id', 'kind', 'start_date', 'status'],
      [provider.childId, provider.placeId, 'regular', '2026-01-02', 'ended'],
    ]);
    const refused = await upload(ctx, provider.as.program_manager.token, 'placements/import', ended);
    expect(refused.body.errors).toEqual([{ row: 2, field: 'status', column: 'status', message: 'use the End action to end a placement', message_code: 'field_use_end_action', params: {} }]);
  });
});

describe('natural keys', () => {
  it('names a contract by its number and a user by its email, in the importer’s scope, and says which value it did not find', async () => {
    const child = { id: provider.childId };
    const contractNumber = (await ctx.knex('contracts').where({ id: provider.contractId }).first()).contract_number;
    const otherNumber = (await ctx.knex('contracts').where({ id: other.contractId }).first()).contract_number;
    const file = csv([
      ['Child id', 'Place of service id', 'Contract number', 'Start date', 'Status'],
      [child.id, provider.placeId, contractNumber, '2026-01-05', 'planned'],
      [child.id, provider.placeId, otherNumber, '2026-01-06', 'planned'],
      [child.id, provider.placeId, 'NOPE-1', '2026-01-07', 'planned'],
    ]);
    const columns = await upload(ctx, provider.as.program_manager.token, 'placements/import/columns', file);
    expect(columns.status).toBe(200);
    expect(columns.body.suggested).toEqual({
      'Child id': 'child_id',
      'Place of service id': 'place_of_service_id',
      'Contract number': 'contract_id.contract_number',
      'Start date': 'start_date',
      Status: 'status',
    });
    const refused = await upload(ctx, provider.as.program_manager.token, 'placements/import', file);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { row: 3, field: 'contract_id', column: 'Contract number', message: `no contracts record has contract_number "${otherNumber}"`,
        message_code: 'import_no_such_keyed',
        params: { records: 'contracts', fields: 'contract_number', value: otherNumber },
      },
      { row: 4, field: 'contract_id', column: 'Contract number', message: 'no contracts record has contract_number "NOPE-1"',
        message_code: 'import_no_such_keyed',
        params: { records: 'contracts', fields: 'contract_number', value: 'NOPE-1' },
      },
    ]);

    const good = csv([
      ['Child id', 'Place of service id', 'Contract number', 'Start date', 'Status'],
      [child.id, provider.placeId, contractNumber, '2026-01-05', 'planned'],
    ]);
    const committed = await upload(ctx, provider.as.program_manager.token, 'placements/import', good);
    expect(committed.body).toMatchObject({ status: 'committed', created: 1 });
    expect(await ctx.knex('placements').where({ child_id: child.id, start_date: '2026-01-05' }).pluck('contract_id')).toEqual([provider.contractId]);

    const email = (await ctx.knex('users').where({ id: provider.as.coordinator.id }).first()).email as string;
    const assignments = csv([
      ['user_email', 'place_of_service_id', 'assigned_on'],
      [email.toUpperCase(), provider.placeId, '2026-01-10'],
    ]);
    const res = await upload(ctx, provider.as.org_admin.token, 'place_assignments/import', assignments, {
      mapping: { user_email: 'user_id.email', place_of_service_id: 'place_of_service_id', assigned_on: 'assigned_on' },
    });
    expect(res.body).toMatchObject({ status: 'committed', created: 1 });
    expect(await ctx.knex('place_assignments').where({ assigned_on: '2026-01-10' }).pluck('user_id')).toEqual([provider.as.coordinator.id]);
  });
});

describe('files', () => {
  it('imports an XLSX workbook: dates, numbers and text cells as the fields take them', async () => {
    const file = await xlsx([
      ['First name', 'Last name', 'Birth date', 'In school', 'Ignored'],
      ['Xena', 'Workbook', new Date(Date.UTC(2016, 4, 17)), 'yes', 'x'],
      ['Yuri', 'Workbook', '2017-08-01', false, 'y'],
    ]);
    const res = await upload(ctx, provider.as.org_admin.token, 'children/import', file);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'committed', rows: 2, created: 2, ignored_columns: ['Ignored'] });
    const stored = await ctx.knex('children').where({ last_name: 'Workbook' }).orderBy('first_name').select('first_name', 'birth_date', 'in_school');
    expect(stored).toEqual([
      { first_name: 'Xena', birth_date: '2016-05-17', in_school: true },
      { first_name: 'Yuri', birth_date: '2017-08-01', in_school: false },
    ]);
  });

  it('reads a CSV with semicolons and a byte-order mark, and refuses as a whole one that is not UTF-8', async () => {
    const semicolons = `\uFEFFfirst_name;last_name;birth_date\r\nZoé;Semicolon;2016-03-03\r\n`;
    const res = await upload(ctx, provider.as.org_admin.token, 'children/import', semicolons);
    expect(res.body).toMatchObject({ status: 'committed', created: 1 });
    expect(await ctx.knex('children').where({ last_name: 'Semicolon' }).pluck('first_name')).toEqual(['Zoé']);

    const latin1 = Buffer.concat([Buffer.from('first_name,last_name,birth_date\r\nZo'), Buffer.from([0xe9]), Buffer.from(',Latin,2016-03-03\r\n')]);
    const refused = await upload(ctx, provider.as.org_admin.token, 'children/import', latin1, { fileName: 'latin1.csv' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'validation_failed', errors: { file: 'is not UTF-8' } });
    // Wherever the byte is, the whole file is refused before its first row is read.
    const good = csv([CHILD_HEADER, ...childRows(3_000, 'Latin')].map((r, i) => (i ? [r[0], 'Latin', r[2], r[3]] : r)));
    const late = await upload(ctx, provider.as.org_admin.token, 'children/import', Buffer.concat([Buffer.from(good), latin1.subarray(latin1.indexOf('\n') + 1)]));
    expect(late.status).toBe(400);
    expect(late.body.errors).toEqual({ file: 'is not UTF-8' });
    expect(await ctx.knex('children').where({ last_name: 'Latin' })).toEqual([]);
  });

  it('says where and why a CSV cannot be read, by message code and position rather than in the parser’s English', async () => {
    // a small file is read whole with its header: refused as a file
    const strayQuote = 'first_name,last_name,birth_date\r\nAna,Quote,2016-01-01\r\nBo"b,Quote,2016-01-02\r\n';
    const refused = await upload(ctx, provider.as.org_admin.token, 'children/import', strayQuote);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      message: 'The file cannot be read as CSV: in row 3, column 1, a quote comes inside a cell that does not start with one (quote the whole cell and write the quote twice)',
      message_code: 'import_csv_opening_quote',
      params: { row: 3, column: 1 },
      errors: { file: 'is not well-formed CSV' },
    });
    const badHeader = 'first_name,"last_name"x,birth_date\r\nAna,Quote,2016-01-01\r\n';
    expect((await upload(ctx, provider.as.org_admin.token, 'children/import', badHeader)).body).toMatchObject({ message_code: 'import_csv_closing_quote', params: { row: 1, column: 2 } });

    // part way through a larger file: the row after the last good one, in the answer and the import history
    const good = csv([CHILD_HEADER, ...childRows(3_000, 'Quote')].map((r, i) => (i ? [r[0], 'Quote', r[2], r[3]] : r)));
    const late = await upload(ctx, provider.as.org_admin.token, 'children/import', `${good}"Unclosed,Quote,2016-01-02\r\n`);
    expect(late.status).toBe(422);
    const unclosed = {
      row: 3_002,
      field: null,
      column: null,
      message: 'The file cannot be read as CSV: a quote that opens a cell of row 3002 is never closed',
      message_code: 'import_csv_quote_not_closed',
      params: { row: 3_002 },
    };
    expect(late.body.errors).toEqual([unclosed]);
    expect((await ctx.knex('imports').where({ id: late.body.import_id }).first()).errors).toEqual([unclosed]);
    expect(await ctx.knex('children').where({ last_name: 'Quote' })).toEqual([]);
  });

  it('streams its progress as NDJSON lines ending with the answer', async () => {
    const res = await upload(ctx, provider.as.org_admin.token, 'children/import?dry_run=1', csv([CHILD_HEADER, ...childRows(4_100, 'Stream')]), {
      accept: 'application/x-ndjson',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = res.text.trim().split('\n').map((line) => JSON.parse(line));
    const answer = lines.pop();
    expect(answer).toMatchObject({ status: 'dry_run', rows: 4_100 });
    // one line per batch of 2,000 rows checked (server/imports/run.ts)
    expect(lines.map((l) => [l.progress.phase, l.progress.rows])).toEqual([
      ['received', 0],
      ['validating', 2_000],
      ['validating', 4_000],
      ['validating', 4_100],
    ]);
    expect(lines[3].progress.fraction).toBe(1);
  });
});

describe('the imports resource', () => {
  const running = async (by: Provider) =>
    (
      await ctx
        .knex('imports')
        .insert({ user_id: by.as.program_manager.id, organization_id: by.orgId, resource: 'children', import_key: `running-${Math.random()}`, format: 'csv', bytes: 10, dry_run: false, status: 'running', started_at: '2026-01-15T12:00:00Z' })
        .returning('id')
    )[0].id as number;

  it('shows each organisation its own imports, the ministry every import, and takes no writes', async () => {
    const mine = await upload(ctx, provider.as.org_admin.token, 'children/import', csv([CHILD_HEADER, ['Listed', 'Import', '2016-04-04', '']]));
    const theirs = await upload(ctx, other.as.org_admin.token, 'children/import', csv([CHILD_HEADER, ['Listed', 'Elsewhere', '2016-04-04', '']]));
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    const ids = async (actor: Provider['as'][keyof Provider['as']]) =>
      ((await actor.api.get('/api/imports?range=[0,999]')).body as { id: number }[]).map((row) => Number(row.id));
    expect(await ids(provider.as.portal_worker)).toContain(mine.body.import_id);
    expect(await ids(provider.as.portal_worker)).not.toContain(theirs.body.import_id);
    expect(await ids(other.as.org_admin)).not.toContain(mine.body.import_id);
    expect(await ids(provider.as.ministry_manager)).toEqual(expect.arrayContaining([mine.body.import_id, theirs.body.import_id]));
    expect((await other.as.org_admin.api.get(`/api/imports/${mine.body.import_id}`)).status).toBe(404);
    expect((await provider.as.system_admin.api.post('/api/imports', { resource: 'children' })).status).toBe(403);
    expect((await provider.as.system_admin.api.put(`/api/imports/${mine.body.import_id}`, { status: 'refused' })).status).toBe(403);
    expect((await provider.as.system_admin.api.delete(`/api/imports/${mine.body.import_id}`)).status).toBe(403);
  });

  it('lets the author or an administrator cancel a running import, nobody else, and nothing that has ended', async () => {
    const id = await running(provider);
    const outsider = await other.as.org_admin.api.post(`/api/imports/${id}/cancel`);
    expect(outsider.status).toBe(404);
    const colleague = await provider.as.portal_worker.api.post(`/api/imports/${id}/cancel`);
    expect(colleague.status).toBe(403);
    expect((await ctx.knex('imports').where({ id }).first()).cancel_requested_at).toBeNull();
    const author = await provider.as.program_manager.api.post(`/api/imports/${id}/cancel`);
    expect(author.status).toBe(200);
    expect(author.body.cancel_requested_at).toBe('2026-01-15T12:00:00.000Z');

    const byAdmin = await running(provider);
    expect((await provider.as.org_admin.api.post(`/api/imports/${byAdmin}/cancel`)).status).toBe(200);

    const ended = await upload(ctx, provider.as.org_admin.token, 'children/import?dry_run=1', csv([CHILD_HEADER, ['Ended', 'Import', '2016-04-04', '']]));
    const late = await provider.as.org_admin.api.post(`/api/imports/${ended.body.import_id}/cancel`);
    expect(late.status).toBe(409);
  });
});
