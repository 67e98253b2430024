import ExcelJS from 'exceljs';
import { ROLES } from '../../contract/enums';
import { resources } from '../../server/resources/registry';
import { useTestContext } from '../helpers/context';
import { createPayment, createProvider, createSupportRequest, factories, insertRow, type Provider } from '../helpers/factories';
import { xlsxSheet } from '../helpers/workbooks';

/**
 * List downloads as people read them (docs/exports.md): references with their record's title
 * beside the id (only a record the caller may see is named), enumerations with their label,
 * headers in the caller's language, dates, instants and amounts as typed XLSX cells.
 */
const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;
let requestId: number;
let paymentId: number;

const CREATED = { created_at: '2026-01-10T09:30:15.750Z', updated_at: '2026-01-11T17:05:00Z' };

beforeAll(async () => {
  provider = await createProvider(ctx);
  await ctx.knex('children').where({ id: provider.childId }).update({ first_name: 'Aurore', last_name: 'Tremblay' });
  await ctx.knex('contracts').where({ id: provider.contractId }).update({ contract_number: 'SHSS2025000042' });
  requestId = (await createSupportRequest(ctx.knex, provider, { amount: 1234.56, ...CREATED })).id;
  paymentId = (await createPayment(ctx.knex, provider, { amount: 9000.5, support_request_id: null, ...CREATED })).id;
});

const csvLines = (text: string) => text.replace(/^\uFEFF/, '').split('\r\n');

describe('a list download', () => {
  it('names references beside their ids, labels enumerations beside their codes, headers in English', async () => {
    const res = await provider.as.org_admin.api.get('/api/support_requests?format=csv').expect(200);
    const [header, row, end] = csvLines(res.text);
    expect(header).toBe(
      'ID,Child (id),Child,Placement (id),Placement,Contract (id),Contract,Type (code),Type,Sub-type (code),Sub-type,' +
        'Frequency (code),Frequency,Start date,End date,Amount,Staffing position,Staffing hours,Staffing grid level,Justification,' +
        'Status (code),Status,Submitted at,Decided at,Decided by (id),Decided by,Reason for the decision,Version,Created,Updated',
    );
    expect(row).toBe(
      `${requestId},${provider.childId},Aurore Tremblay,${provider.placementId},#${provider.placementId} · 2025-05-01,` +
        `${provider.contractId},SHSS2025000042,child_specific_support,Child-specific support,cultural_supports,Cultural supports,` +
        'one_time,One time,2025-11-03,2025-11-03,1234.56,,,,Drumming circle with an Elder,draft,Draft,,,,,,1,' +
        '2026-01-10 09:30:15,2026-01-11 17:05:00',
    );
    expect(end).toBe('');
  });

  it("writes headers and labels in the caller's language: Accept-Language, or lang= over it", async () => {
    const french = csvLines((await provider.as.org_admin.api.get('/api/support_requests?format=csv').set('Accept-Language', 'fr-CA,fr;q=0.9,en;q=0.5')).text);
    expect(french[0].split(',').slice(11, 14)).toEqual(['Fréquence (code)', 'Fréquence', 'Date de début']);
    expect(french[0].split(',').slice(20, 22)).toEqual(['Statut (code)', 'Statut']);
    expect(french[1].split(',').slice(11, 13)).toEqual(['one_time', 'Ponctuel']);
    expect(french[1].split(',').slice(20, 22)).toEqual(['draft', 'Brouillon']);
    const english = csvLines((await provider.as.org_admin.api.get('/api/support_requests?format=csv&lang=en').set('Accept-Language', 'fr')).text);
    expect(english[0].split(',').slice(20, 22)).toEqual(['Status (code)', 'Status']);
  });

  it('takes the stable field names as headers on request, the columns unchanged', async () => {
    const [header] = csvLines((await provider.as.org_admin.api.get('/api/payments?format=csv&headers=fields&lang=fr')).text);
    expect(header).toBe(
      'id,contract_id,contract_number,placement_id,placement_title,support_request_id,support_request_title,kind,kind_label,' +
        'service_month,amount,status,status_label,scheduled_on,paid_on,cas_payment_number,icm_order_number,created_at,updated_at',
    );
  });

  it('writes dates, instants and money as typed XLSX cells with their number formats', async () => {
    const { sheet } = await xlsxSheet(provider.as.org_admin.api.get('/api/payments?format=xlsx'));
    expect(sheet.getRow(1).values).toEqual([
      undefined, 'ID', 'Contract (id)', 'Contract', 'Placement (id)', 'Placement', 'Support request (id)', 'Support request',
      'Kind (code)', 'Kind', 'Service month', 'Amount', 'Status (code)', 'Status', 'Scheduled on', 'Paid on',
      'CAS payment number', 'ICM order number', 'Created', 'Updated',
    ]);
    expect(sheet.getRow(2).values).toEqual([
      undefined, paymentId, provider.contractId, 'SHSS2025000042', provider.placementId, `#${provider.placementId} · 2025-05-01`,
      undefined, undefined, 'base', 'Base', new Date('2025-12-01T00:00:00Z'), 9000.5, 'scheduled', 'Scheduled',
      new Date('2025-12-01T00:00:00Z'), undefined, undefined, undefined, new Date('2026-01-10T09:30:15Z'), new Date('2026-01-11T17:05:00Z'),
    ]);
    const cell = (ref: string) => sheet.getCell(ref);
    expect([cell('J2').type, cell('J2').numFmt]).toEqual([ExcelJS.ValueType.Date, 'yyyy-mm-dd']);
    expect([cell('K2').type, cell('K2').numFmt]).toEqual([ExcelJS.ValueType.Number, '#,##0.00']);
    expect([cell('R2').type, cell('R2').numFmt]).toEqual([ExcelJS.ValueType.Date, 'yyyy-mm-dd hh:mm:ss']);
    expect(cell('C2').type).toBe(ExcelJS.ValueType.String);
  });

  it('refuses unknown options with a 400 that names them', async () => {
    const res = await provider.as.org_admin.api.get('/api/payments?format=pdf&lang=de&headers=codes').expect(400);
    expect(res.body.errors).toEqual({ format: 'must be one of: csv, xlsx', lang: 'must be one of: en, fr', headers: 'must be one of: labels, fields' });
  });
});

describe('the scope of the names in a download', () => {
  it('never names a record the caller may not see: its id stays, its title is left empty', async () => {
    const f = factories(ctx.knex);
    const otherOrg = await f.organization({ name: `Elsewhere ${Date.now()}`, kind: 'service_provider' });
    const { user: outsider } = await ctx.createUser({ role: 'org_admin', organization_id: otherOrg, full_name: 'Ophélie Outsider' });
    const log = await insertRow(ctx.knex, 'daily_logs', { placement_id: provider.placementId, log_date: '2025-06-01', shift: 'day' });
    const own = await insertRow(ctx.knex, 'daily_log_entries', { daily_log_id: log.id, author_id: provider.as.portal_worker.id, body: 'Quiet night', ...CREATED });
    const theirs = await insertRow(ctx.knex, 'daily_log_entries', { daily_log_id: log.id, author_id: outsider.id, body: 'Visited', ...CREATED });
    const workerName = (await ctx.knex('users').where({ id: provider.as.portal_worker.id }).first('full_name')).full_name;
    const path = `/api/daily_log_entries?format=csv&headers=fields&sort=${encodeURIComponent('["id","ASC"]')}&filter=${encodeURIComponent(JSON.stringify({ daily_log_id: log.id }))}`;
    const rowOf = (text: string, id: number) => csvLines(text).find((line) => line.startsWith(`${id},`))!.split(',');

    const worker = await provider.as.portal_worker.api.get(path).expect(200);
    expect(csvLines(worker.text)[0]).toBe('id,daily_log_id,daily_log_title,author_id,author_name,version,created_at,updated_at,body_preview,body_length');
    expect(rowOf(worker.text, own.id).slice(3, 5)).toEqual([String(provider.as.portal_worker.id), workerName]);
    expect(rowOf(worker.text, theirs.id).slice(3, 5)).toEqual([String(outsider.id), '']);
    expect(worker.text).not.toContain('Outsider');

    const french = await provider.as.portal_worker.api.get(`${path.replace('&headers=fields', '')}&lang=fr`).expect(200);
    expect(csvLines(french.text)[0]).toBe(
      'ID,Journal quotidien (id),Journal quotidien,Auteur (id),Auteur,Version,Créé le,Modifié le,Note (aperçu),Note (caractères)',
    );

    const ministry = await provider.as.ministry_manager.api.get(path).expect(200);
    expect(rowOf(ministry.text, theirs.id).slice(3, 5)).toEqual([String(outsider.id), 'Ophélie Outsider']);
  });
});

describe('the order of a download', () => {
  it("keeps the list's order, readable columns joined", async () => {
    const amounts = [300, 100, 200];
    for (const amount of amounts) await createSupportRequest(ctx.knex, provider, { amount });
    const sort = encodeURIComponent('["amount","DESC"]');
    const list = await provider.as.org_admin.api.get(`/api/support_requests?sort=${sort}&range=[0,99]`).expect(200);
    const csv = await provider.as.org_admin.api.get(`/api/support_requests?format=csv&headers=fields&sort=${sort}`).expect(200);
    const rows = csvLines(csv.text).slice(1, -1).map((line) => line.split(','));
    expect(rows.map((row) => Number(row[0]))).toEqual(list.body.map((r: { id: number }) => r.id));
    expect(rows.map((row) => row[15])).toEqual(['1234.56', '300', '200', '100']);
    expect(new Set(rows.map((row) => row[2]))).toEqual(new Set(['Aurore Tremblay']));
  });
});

describe('every list', () => {
  it('downloads as CSV for every role that may read it, and as XLSX for a system administrator', async () => {
    const failures: string[] = [];
    const get = async (name: string, role: (typeof ROLES)[number], format: 'csv' | 'xlsx') => {
      const res = await provider.as[role].api.get(`/api/${name}?format=${format}&lang=fr`);
      if (res.status !== 200) failures.push(`${name} as ${role} (${format}): ${res.status} ${res.body?.message ?? ''}`);
    };
    for (const declaration of resources) {
      for (const role of ROLES.filter((r) => declaration.access.read.includes(r))) await get(declaration.name, role, 'csv');
      if (declaration.access.read.includes('system_admin')) await get(declaration.name, 'system_admin', 'xlsx');
    }
    expect(failures).toEqual([]);
  });
});
