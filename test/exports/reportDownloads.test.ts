import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { en } from '../../dashboard/src/i18n/en';
import { fr } from '../../dashboard/src/i18n/fr';
import { downloadColumns } from '../../server/exports/reportColumns';
import { REPORTS } from '../../server/reports/registry';
import { EXPLANATION_DOWNLOAD_COLUMNS } from '../../server/reports/explain';
import { useTestContext } from '../helpers/context';
import { factories, insertRow } from '../helpers/factories';
import { xlsxSheet } from '../helpers/workbooks';

/**
 * Report downloads as people read them (docs/exports.md "Report downloads"): headers in the
 * caller's language (`lang`, else Accept-Language) or the field names, enumerations labelled
 * beside their codes, dates and amounts as typed cells, the numbers those of the JSON answer.
 * Organisation M has one contract with a base payment of 1000 (paid, April 2025) and a support
 * payment of 250.25 (paid, April), and two complaints still open at the end of June 2025.
 */
const ctx = useTestContext({ now: '2026-04-15T12:00:00.000Z' });
let token: string;
let orgM: number;
let contract: number;
const complaints: Record<string, number> = {};
const PERIOD = 'from=2025-04-01&to=2025-06-30';

beforeAll(async () => {
  const f = factories(ctx.knex);
  orgM = await f.organization({ name: 'Maple Homes', kind: 'service_provider' });
  contract = await f.contract({ organization_id: orgM, contract_number: 'SHSS0000000007' });
  const child = await f.child();
  const placement = await f.placement({ child_id: child, place_of_service_id: await f.placeOfService({ organization_id: orgM }), contract_id: contract });
  const request = await f.supportRequest({ child_id: child, placement_id: placement, contract_id: contract });
  await f.payment({ kind: 'base', contract_id: contract, placement_id: placement, service_month: '2025-04-01', amount: 1000, status: 'paid' });
  await f.payment({ kind: 'support', contract_id: contract, support_request_id: request, service_month: '2025-04-01', amount: 250.25, status: 'paid' });
  const complaint = async (received_on: string, category: string, status: string) =>
    Number((await insertRow(ctx.knex, 'complaints', { organization_id: orgM, received_from: 'family', about: 'A wait', received_on, category, status })).id);
  complaints.may = await complaint('2025-05-10', 'access_and_wait', 'open');
  complaints.june = await complaint('2025-06-01', 'privacy', 'investigating');
  token = (await ctx.createUser({ role: 'ministry_manager' })).token;
});

const csvRows = (text: string): string[][] => parse(text, { bom: true });

describe('a report table as CSV', () => {
  it('has its headers in English by default, the ids qualified, and the numbers of the JSON answer', async () => {
    const json = (await ctx.api(token).get(`/api/reports/payment-summary?${PERIOD}&organization_id=${orgM}`).expect(200)).body;
    const res = await ctx.api(token).get(`/api/reports/payment-summary?${PERIOD}&organization_id=${orgM}&format=csv&table=contracts`).expect(200);
    const [header, ...rows] = csvRows(res.text);
    expect(header).toEqual(['Contract (id)', 'Contract number', 'Organisation (id)', 'Organisation', 'Base', 'Support', 'Transition-in', 'Total', 'Paid', 'Scheduled', 'Cancelled', 'Payments']);
    expect(rows).toEqual([[String(contract), 'SHSS0000000007', String(orgM), 'Maple Homes', '1000', '250.25', '0', '1250.25', '1250.25', '0', '0', '2']]);
    const [answer] = json.contracts;
    const keys = ['base_total', 'support_total', 'transition_in_total', 'total', 'paid_total', 'scheduled_total', 'cancelled_total', 'payment_count'];
    expect(rows[0].slice(4).map(Number)).toEqual(keys.map((key) => answer[key]));
  });

  it('follows Accept-Language, which ?lang overrides, and writes the field names with headers=fields', async () => {
    const path = `/api/reports/payment-summary?${PERIOD}&organization_id=${orgM}&format=csv&table=contracts`;
    const french = await ctx.api(token).get(path).set('Accept-Language', 'de-DE, fr-CA;q=0.8').expect(200);
    expect(csvRows(french.text)[0]).toEqual(['Contrat (id)', 'Numéro de contrat', 'Organisme (id)', 'Organisme', 'Base', 'Soutien', 'Transition', 'Total', 'Payé', 'Prévu', 'Annulé', 'Paiements']);
    const english = await ctx.api(token).get(`${path}&lang=en`).set('Accept-Language', 'fr').expect(200);
    expect(csvRows(english.text)[0][1]).toBe('Contract number');
    const fields = await ctx.api(token).get(`${path}&headers=fields&lang=fr`).expect(200);
    expect(csvRows(fields.text)[0]).toEqual(['contract_id', 'contract_number', 'organization_id', 'organization_name', 'base_total', 'support_total', 'transition_in_total', 'total', 'paid_total', 'scheduled_total', 'cancelled_total', 'payment_count']);
    const bad = await ctx.api(token).get(`${path}&lang=de&headers=names`).expect(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['headers', 'lang']);
  });

  it("writes the CSP measures' definitions in the download's language", async () => {
    const json = (await ctx.api(token).get(`/api/reports/csp-measures?${PERIOD}&organization_id=${orgM}`).expect(200)).body;
    const column = (text: string) => {
      const [header, ...rows] = csvRows(text);
      return rows.map((row) => row[header.indexOf(header.find((h) => /^D.finition$/i.test(h))!)]);
    };
    const english = await ctx.api(token).get(`/api/reports/csp-measures?${PERIOD}&organization_id=${orgM}&format=csv&lang=en`).expect(200);
    const french = await ctx.api(token).get(`/api/reports/csp-measures?${PERIOD}&organization_id=${orgM}&format=csv&lang=fr`).expect(200);
    expect(column(english.text)).toEqual(json.measures.map((m: { definition: string }) => m.definition));
    expect(column(french.text)).toEqual(json.measures.map((m: { definition_fr: string }) => m.definition_fr));
    expect(json.measures.every((m: { definition: string; definition_fr: string }) => m.definition_fr !== m.definition)).toBe(true);
  });

  it('labels each enumeration value beside its code, in the caller language', async () => {
    const json = (await ctx.api(token).get(`/api/reports/complaints?${PERIOD}&organization_id=${orgM}`).expect(200)).body;
    const res = await ctx.api(token).get(`/api/reports/complaints?${PERIOD}&organization_id=${orgM}&format=csv&table=open&lang=fr`).expect(200);
    const [header, ...rows] = csvRows(res.text);
    expect(header).toEqual(['Plainte (id)', 'Reçue le', 'Catégorie (code)', 'Catégorie', 'Statut (code)', 'Statut', 'Jours ouverte', 'Organisme (id)']);
    const daysOpen = (id: number) => String(json.open.find((c: { complaint_id: number }) => c.complaint_id === id).days_open);
    // open at 2025-06-30: 51 and 29 days
    expect(rows).toEqual(
      expect.arrayContaining([
        [String(complaints.may), '2025-05-10', 'access_and_wait', 'Accès et attente', 'open', 'Ouvert', '51', String(orgM)],
        [String(complaints.june), '2025-06-01', 'privacy', 'Vie privée', 'investigating', "En cours d'examen", '29', String(orgM)],
      ]),
    );
    expect(rows.map((r) => r[6])).toEqual(rows.map((r) => daysOpen(Number(r[0]))));
  });
});

describe('a report table as XLSX', () => {
  it('writes amounts as number cells with a money format, equal to the JSON answer', async () => {
    const json = (await ctx.api(token).get(`/api/reports/payment-summary?${PERIOD}&organization_id=${orgM}&group=month`).expect(200)).body;
    const { sheet } = await xlsxSheet(ctx.api(token).get(`/api/reports/payment-summary?${PERIOD}&organization_id=${orgM}&group=month&format=xlsx&lang=fr`));
    expect(sheet.getRow(1).values).toEqual([undefined, 'Période', 'Libellé', 'Base', 'Soutien', 'Transition', 'Payé', 'Prévu', 'Annulé', 'Total']);
    const april = sheet.getRow(2);
    expect(april.getCell(1).value).toBe('2025-04');
    const keys = ['base', 'support', 'transition_in', 'paid', 'scheduled', 'cancelled', 'total'];
    expect(keys.map((_, i) => april.getCell(3 + i).value)).toEqual(keys.map((key) => json.series[0][key]));
    expect(april.getCell(4).value).toBe(250.25);
    expect(april.getCell(4).numFmt).toBe('#,##0.00');
  });

  it('writes dates as date cells and the labels as text', async () => {
    const { sheet } = await xlsxSheet(ctx.api(token).get(`/api/reports/complaints?${PERIOD}&organization_id=${orgM}&format=xlsx&table=open`));
    expect(sheet.getRow(1).values).toEqual([undefined, 'Complaint (id)', 'Received on', 'Category (code)', 'Category', 'Status (code)', 'Status', 'Days open', 'Organisation (id)']);
    const may = [2, 3].map((n) => sheet.getRow(n)).find((row) => row.getCell(1).value === complaints.may)!;
    expect(may.getCell(2).value).toEqual(new Date('2025-05-10T00:00:00.000Z'));
    expect(may.getCell(2).numFmt).toBe('yyyy-mm-dd');
    expect([may.getCell(3).value, may.getCell(4).value, may.getCell(7).value]).toEqual(['access_and_wait', 'Access and waiting', 51]);
  });
});

describe('the declared columns', () => {
  const at = (catalogue: object, key: string): unknown => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalogue);
  // every table of every report, from an empty answer (each table only maps the answer's rows)
  const empty = new Proxy({}, { get: () => [] });
  const tables = [...REPORTS.values()].flatMap((report) =>
    Object.entries(report.tables).map(([name, table]) => [`${report.name} ${name}`, table(empty as never, { from: '2025-04-01', to: '2025-06-30', organization_name: 'X', language: 'en' }).columns] as const),
  );

  it.each([...tables, ['explanations', EXPLANATION_DOWNLOAD_COLUMNS] as const])('of %s have labels, and labels for their values, in English and French', (_, columns) => {
    for (const catalogue of [en, fr]) {
      for (const column of columns) {
        expect([column.key, typeof at(catalogue, `app.download.columns.${column.label}`)]).toEqual([column.key, 'string']);
        for (const value of column.enum?.values ?? []) {
          const label = at(catalogue, `${column.enum!.labels ?? 'app.enums'}.${value}`) ?? at(catalogue, `app.enums.${value}`);
          expect([column.key, value, typeof label]).toEqual([column.key, value, 'string']);
        }
      }
      expect(new Set(columns.map((c) => c.key)).size).toBe(columns.length);
    }
  });

  it('are listed in docs/exports.md in their order', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../docs/exports.md'), 'utf8');
    const fieldNames = (columns: Parameters<typeof downloadColumns>[0]) => downloadColumns(columns, { language: 'en', headers: 'fields' }).map((c) => `\`${c.key}\``).join(' ');
    for (const [name, columns] of tables) {
      const [report, table] = name.split(' ');
      expect(doc).toContain(`| \`${report}\` | \`${table}\` | ${fieldNames(columns)} |`);
    }
    expect(doc).toContain(`| \`<name>/records\` | — | ${fieldNames(EXPLANATION_DOWNLOAD_COLUMNS)} |`);
  });
});
