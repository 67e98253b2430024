import { useTestContext } from '../helpers/context';
import { factories } from '../helpers/factories';

/**
 * The waiting list counted on a past date, 2026-03-31 (the clock at 2026-12-01), where most of
 * the children waiting then have stopped waiting since: the list walks the waits that ended
 * after the date period by period of their end (waitTimes.ts `endingByPeriodSql`), so it is
 * read here across many periods, several waits to a period, beside waits still open.
 *
 * Agency P: Urgent (urgent, referred 2026-03-01, closed 2026-09-01: 30 days); E01 … E24
 * (referred every other day from 2025-12-01, closed every ten days from 2026-04-01: eight
 * periods, three a period); O1 … O6 (referred every four days from 2025-12-02, still waiting);
 * Twice (referred 2025-12-08 and 2025-12-20, closed 2026-05-15 and 2026-08-01: once, from the
 * first); Both (referred 2025-12-12, still waiting, and 2026-01-05, closed 2026-06-01: once, from
 * the first); Started (referred 2025-12-09 as E05 is, initiated 2026-05-05). Not waiting on the
 * date: Ended (closed 2026-03-31), Before (initiated 2026-03-31), After (referred 2026-04-01).
 * Agency Q: Other (referred 2025-12-04, closed 2026-05-20).
 */
const ctx = useTestContext({ now: '2026-12-01T15:00:00.000Z' });
const PERIOD = 'from=2025-04-01&to=2026-03-31';
const AS_OF = Date.parse('2026-03-31');
let agencyP: number;
let agencyQ: number;
let manager: string;
/** The children expected on the list, as created: name, organisation, referral date counted, priority. */
const counted: { name: string; id: number; organization_id: number; referral_date: string; priority: string }[] = [];

const addDays = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
const range = (start: number, end: number) => `range=${encodeURIComponent(JSON.stringify([start, end]))}`;

beforeAll(async () => {
  const f = factories(ctx.knex);
  agencyP = await f.organization({ name: 'Agency P' });
  agencyQ = await f.organization({ name: 'Agency Q' });
  const child = (first_name: string) => f.child({ first_name, last_name: 'Past' });
  const wait = async (childId: number, organization_id: number, referral_date: string, closed_on?: string) => {
    const referral_id = await f.referral({ organization_id, referral_date });
    return f.referralChild({ referral_id, child_id: childId, eligibility: 'eligible', eligibility_decided_on: referral_date, closed_on });
  };
  const listed = (name: string, id: number, organization_id: number, referral_date: string, priority = 'routine') =>
    counted.push({ name: `${name} Past`, id, organization_id, referral_date, priority });

  const urgent = await child('Urgent');
  const urgentWait = await wait(urgent, agencyP, '2026-03-01', '2026-09-01');
  await ctx.knex('referral_children').where('id', urgentWait).update({ priority: 'urgent' });
  listed('Urgent', urgent, agencyP, '2026-03-01', 'urgent');
  for (let i = 0; i < 24; i += 1) {
    const name = `E${String(i + 1).padStart(2, '0')}`;
    const id = await child(name);
    await wait(id, agencyP, addDays('2025-12-01', 2 * i), addDays('2026-04-01', 10 * i));
    listed(name, id, agencyP, addDays('2025-12-01', 2 * i));
  }
  for (let j = 0; j < 6; j += 1) {
    const id = await child(`O${j + 1}`);
    await wait(id, agencyP, addDays('2025-12-02', 4 * j));
    listed(`O${j + 1}`, id, agencyP, addDays('2025-12-02', 4 * j));
  }
  const twice = await child('Twice');
  await wait(twice, agencyP, '2025-12-08', '2026-05-15');
  await wait(twice, agencyP, '2025-12-20', '2026-08-01');
  listed('Twice', twice, agencyP, '2025-12-08');
  const both = await child('Both');
  await wait(both, agencyP, '2025-12-12');
  await wait(both, agencyP, '2026-01-05', '2026-06-01');
  listed('Both', both, agencyP, '2025-12-12');
  const started = await child('Started');
  await f.cspCase({ organization_id: agencyP, referral_date: '2025-12-09', initiated_on: '2026-05-05', child_id: started });
  listed('Started', started, agencyP, '2025-12-09');
  await wait(await child('Ended'), agencyP, '2025-12-01', '2026-03-31');
  await f.cspCase({ organization_id: agencyP, referral_date: '2025-11-01', initiated_on: '2026-03-31', child_id: await child('Before') });
  await wait(await child('After'), agencyP, '2026-04-01');
  const other = await child('Other');
  await wait(other, agencyQ, '2025-12-04', '2026-05-20');
  listed('Other', other, agencyQ, '2025-12-04');
  manager = (await ctx.createUser({ role: 'ministry_manager', organization_id: null })).token;
});

/** DOMAIN.md's order of the list: urgent before routine, the longest wait first, then the child. */
function expectedList(organizationId: number | null) {
  return counted
    .filter((c) => organizationId === null || c.organization_id === organizationId)
    .sort((a, b) => (a.priority === b.priority ? 0 : a.priority === 'urgent' ? -1 : 1) || a.referral_date.localeCompare(b.referral_date) || a.id - b.id)
    .map((c) => [c.name, Math.round((AS_OF - Date.parse(c.referral_date)) / 86_400_000)]);
}

async function page(organizationId: number | null, start: number, end: number) {
  const organization = organizationId === null ? '' : `&organization_id=${organizationId}`;
  const res = await ctx.api(manager).get(`/api/reports/wait-times/waiting?${PERIOD}${organization}&${range(start, end)}`).expect(200);
  return { contentRange: res.headers['content-range'], rows: res.body.map((r: { child_name: string; days_waited: number }) => [r.child_name, r.days_waited]) };
}

describe('the waiting list on a past date', () => {
  it('lists every child waiting then, from waits ended since and still open, in the list’s order', async () => {
    const all = await page(null, 0, 99);
    expect(all.contentRange).toBe('waiting 0-34/35');
    expect(all.rows).toEqual(expectedList(null));
    expect(all.rows.slice(0, 6)).toEqual([
      ['Urgent Past', 30],
      ['E01 Past', 120], // 2025-12-01
      ['O1 Past', 119], // 2025-12-02: a wait still open between two that ended
      ['E02 Past', 118],
      ['Other Past', 117], // Agency Q's
      ['E03 Past', 116],
    ]);
    // E05 and Started share a referral date: the child first created first
    const e05 = all.rows.findIndex(([name]: [string]) => name === 'E05 Past');
    expect(all.rows[e05 + 1]).toEqual(['Started Past', 112]);
    expect(all.rows.filter(([name]: [string]) => name === 'Twice Past')).toEqual([['Twice Past', 113]]);
    expect(all.rows.filter(([name]: [string]) => name === 'Both Past')).toEqual([['Both Past', 109]]);
    const names = all.rows.map(([name]: [string]) => name);
    for (const absent of ['Ended Past', 'Before Past', 'After Past']) expect(names).not.toContain(absent);
  });

  it.each([
    ['every organisation', null],
    ['one organisation', 'P'],
  ])('reads the same list for %s in pages of 25 and in pages of one row', async (_label, which) => {
    const organizationId = which === null ? null : agencyP;
    const expected = expectedList(organizationId);
    const first = await page(organizationId, 0, 24);
    const second = await page(organizationId, 25, 49);
    expect(first.contentRange).toBe(`waiting 0-24/${expected.length}`);
    expect([...first.rows, ...second.rows]).toEqual(expected);
    const ones = [];
    for (let i = 0; i < expected.length; i += 1) ones.push(...(await page(organizationId, i, i)).rows);
    expect(ones).toEqual(expected);
  });

  it('is the report’s first page and count on that date', async () => {
    const report = await ctx.api(manager).get(`/api/reports/wait-times?${PERIOD}`).expect(200);
    expect(report.body.as_of).toBe('2026-03-31');
    expect(report.body.waiting_total).toBe(35);
    expect(report.body.waiting.map((r: { child_name: string; days_waited: number }) => [r.child_name, r.days_waited])).toEqual(expectedList(null).slice(0, 25));
  });
});
