import { createHash } from 'node:crypto';
import { openSession } from '../../server/auth/sessions';
import { MEASURES } from '../../server/reports/cspMeasures';
import { useTestContext } from '../helpers/context';
import { factories } from '../helpers/factories';
import { xlsxSheet } from '../helpers/workbooks';

/**
 * Frozen, signed submissions of the CSP measures (docs/reports.md "Submissions"), over HTTP.
 * The clock stands at 2027-01-15: the interim period of fiscal year 2026 (2026-04-01 to
 * 2026-12-31) is over, the final one (to 2027-03-31) is not. The tests run in order: a
 * submission, a referral entered late, a resubmission, a withdrawal.
 *
 * Agency X's interim period, by hand:
 *   Ann (born 2020-01-01): referral 2026-05-02 (school), eligible 2026-05-10, plan initiated
 *     2026-06-01 (30 days waited, 77 months old, ages 5-12), 2 direct hours on 2026-06-10 and
 *     1.5 indirect hours on 2026-07-01 (active plan);
 *   Ben (born 2012-03-01): referral 2026-08-10 (other), eligible 2026-08-20, not initiated on
 *     2026-12-31 (waiting);
 *   an expenditure of 1200.00 on 2026-05-15, one SPC at 1.0 FTE from 2026-04-01 (all period).
 * Agency Y: one referral on 2026-05-03, in none of X's numbers.
 */
const ctx = useTestContext({ now: '2027-01-15T10:00:00.000Z' });
const SUBMITTED_AT = '2027-01-15T10:00:00.000Z';

const EXPECTED: Record<string, number | null> = {
  expenditures: 1200,
  referrals_total: 2,
  referrals_self_family: 0,
  referrals_school_educator: 1,
  referrals_physician_health: 0,
  referrals_childrens_aid: 0,
  referrals_indigenous_org: 0,
  referrals_other: 1,
  initiations_total: 1,
  initiations_age_0_4: 0,
  initiations_age_5_12: 1,
  initiations_age_13_21: 0,
  waiting_total: 1,
  average_age_months: 77,
  wait_days_total: 30,
  direct_hours: 2,
  indirect_hours: 1.5,
  fte_total: 1,
  active_plans_total: 1,
  discharged_met_goals: 0,
  discharged_left_catchment: 0,
  discharged_unable_to_reach: 0,
  discharged_family_request: 0,
};
// one row per referral, child, activity, allocation and expenditure counted above
const ROW_COUNT = 14;

let orgX: number;
let orgY: number;
const ids: Record<string, number> = {};
const tokens: Record<string, string> = {};
const users: Record<string, { id: number; full_name: string }> = {};
const submission: Record<string, { id: number; digest: string }> = {};

type Measure = { key: string; name: string; definition: string; definition_fr: string | null; value: number | null; unit: string; statistic: string; decimals: number | null; as_of: string | null };
type Row = { unit: string; id: number; child_id: number | null; date: string; contribution: number; detail: string };

// the database's refusal, as server/db/errors.ts translates it
const FROZEN = { code: 'read_only', message: 'A submission is never changed or deleted: submit a new revision, with its reason, instead' };

const post = (token: string, body: object) => ctx.api(token).post('/api/report_submissions', body);
const valuesOf = (measures: { key: string; value: number | null }[]) => Object.fromEntries(measures.map((m) => [m.key, m.value]));

/**
 * The digest of submission `id`'s canonical content rebuilt from the API's answers, as
 * docs/reports.md "Submissions" describes it (jsonb arrays as text); `french: false` leaves the
 * French definitions out, as the content of a submission made before they were kept.
 */
async function rebuiltDigest(id: number, { french }: { french: boolean }): Promise<string> {
  const read = await ctx.api(tokens.manager).get(`/api/report_submissions/${id}/measures`).expect(200);
  const s = read.body.submission;
  const text = (value: unknown): string => (Array.isArray(value) ? `[${value.map(text).join(', ')}]` : JSON.stringify(value));
  const lines = [text(['csp-measures', s.organization_id, s.fiscal_year, s.period, s.period_from, s.period_to, s.as_of])];
  for (const m of read.body.measures as Measure[]) {
    const rows = await ctx.api(tokens.manager).get(`/api/report_submissions/${id}/rows?key=${m.key}&sort=${encodeURIComponent('["id","ASC"]')}&range=${encodeURIComponent('[0,999]')}`).expect(200);
    const packed = (rows.body as Row[]).map((r) => [r.unit, r.id, r.child_id, r.date, r.contribution, r.detail]);
    const line = [m.key, m.name, m.definition, m.value, m.unit, m.statistic, m.decimals, m.as_of, packed];
    lines.push(text(french && m.definition_fr !== null ? [...line, m.definition_fr] : line));
  }
  return createHash('sha256').update(lines.join('\n'), 'utf8').digest('hex');
}

/** The definitions column of a submission's download (one cell per measure, in the ministry's order), in `lang`. */
async function downloadedDefinitions(id: number, lang: 'en' | 'fr'): Promise<string[]> {
  const { sheet } = await xlsxSheet(ctx.api(tokens.manager).get(`/api/report_submissions/${id}/download?format=xlsx&lang=${lang}`));
  return Array.from({ length: 23 }, (_, i) => String(sheet.getRow(i + 2).getCell(3).value));
}

beforeAll(async () => {
  const f = factories(ctx.knex);
  orgX = await f.organization({ name: 'Agency X' });
  orgY = await f.organization({ name: 'Agency Y' });
  ids.annReferral = await f.referral({ organization_id: orgX, referral_date: '2026-05-02', source_type: 'school_educator' });
  ids.ann = await f.child({ first_name: 'Ann', last_name: 'Planned', birth_date: '2020-01-01' });
  await f.referralChild({ referral_id: ids.annReferral, child_id: ids.ann, eligibility: 'eligible', eligibility_decided_on: '2026-05-10' });
  ids.annPlan = await f.cspPlan({ child_id: ids.ann, organization_id: orgX, referral_id: ids.annReferral, initiated_on: '2026-06-01' });
  await f.activity({ service_plan_id: ids.annPlan, activity_date: '2026-06-10', kind: 'direct', hours: 2 });
  await f.activity({ service_plan_id: ids.annPlan, activity_date: '2026-07-01', kind: 'indirect', hours: 1.5 });
  ids.benReferral = await f.referral({ organization_id: orgX, referral_date: '2026-08-10', source_type: 'other' });
  ids.ben = await f.child({ first_name: 'Ben', last_name: 'Waiting', birth_date: '2012-03-01' });
  await f.referralChild({ referral_id: ids.benReferral, child_id: ids.ben, eligibility: 'eligible', eligibility_decided_on: '2026-08-20' });
  await f.expenditure({ organization_id: orgX, spent_on: '2026-05-15', amount: 1200 });
  await f.staffAllocation({ organization_id: orgX, fte: 1, start_date: '2026-04-01' });
  await f.referral({ organization_id: orgY, referral_date: '2026-05-03', source_type: 'school_educator' });
  for (const [name, role, organization_id] of [
    ['coordinator', 'coordinator', orgX],
    ['orgAdmin', 'org_admin', orgX],
    ['programManager', 'program_manager', orgX],
    ['otherCoordinator', 'coordinator', orgY],
    ['manager', 'ministry_manager', null],
    ['admin', 'system_admin', null],
  ] as const) {
    const { user } = await ctx.createUser({ role, organization_id, full_name: `${name} of ${organization_id === orgX ? 'X' : organization_id === orgY ? 'Y' : 'the ministry'}` });
    // a session opened at the test's "now", after the period (createUser's opens at the wall clock's)
    tokens[name] = (await openSession(ctx.knex, user.id, 'bearer', 12, ctx.clock.now)).token;
    users[name] = { id: user.id, full_name: user.full_name };
  }
});

describe('POST /api/report_submissions', () => {
  it('refuses a role that does not submit, another organisation, a period not over and bad input, writing nothing', async () => {
    for (const name of ['programManager', 'manager', 'admin']) {
      const res = await post(tokens[name], { fiscal_year: 2026, period: 'interim' }).expect(403);
      expect(res.body.message).toMatch(/may not submit measures: an organisation administrator or a coordinator does$/);
    }
    await post(tokens.otherCoordinator, { fiscal_year: 2026, period: 'interim', organization_id: orgX }).expect(404);
    const early = await post(tokens.coordinator, { fiscal_year: 2026, period: 'final' }).expect(422);
    expect(early.body).toMatchObject({
      code: 'rule_violated',
      message: 'The final period of 2026–27 ends on 2027-03-31: it can be submitted from 2027-04-01',
      errors: { period: 'ends on 2027-03-31' },
      // the period by code (a word the dashboard says in French: "finale"), the year as the pages label it
      message_code: 'period_not_over',
      params: { period: 'final', year: '2026–27', date: '2027-03-31', from: '2027-04-01' },
    });
    const bad = await post(tokens.coordinator, { fiscal_year: 'last', period: 'q3', colour: 'red' }).expect(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(Object.keys(bad.body.errors).sort()).toEqual(['colour', 'fiscal_year', 'period']);
    const reason = await post(tokens.coordinator, { fiscal_year: 2026, period: 'interim', reason: 'fixing' }).expect(400);
    expect(reason.body.errors).toEqual({ reason: 'Leave it out: this is the first submission of the period' });
    expect(await ctx.knex('report_submissions').count('* as n').first()).toEqual({ n: 0 });
    expect(await ctx.knex('report_submission_measures').count('* as n').first()).toEqual({ n: 0 });
  });

  it("freezes the organisation's 23 measures with their rows, signed by who submitted and when", async () => {
    const res = await post(tokens.coordinator, { fiscal_year: 2026, period: 'interim', note: '  Interim, April to December  ' }).expect(201);
    expect(res.body).toMatchObject({
      organization_id: orgX,
      fiscal_year: 2026,
      period: 'interim',
      revision: 1,
      period_from: '2026-04-01',
      period_to: '2026-12-31',
      as_of: '2026-12-31',
      note: 'Interim, April to December',
      reason: null,
      submitted_by: users.coordinator.id,
      submitted_by_name: users.coordinator.full_name,
      submitted_at: SUBMITTED_AT,
      row_count: ROW_COUNT,
      withdrawn_at: null,
    });
    expect(res.body.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(valuesOf(res.body.measures)).toEqual(EXPECTED);
    submission.first = { id: res.body.id, digest: res.body.digest };

    const referrals = await ctx.api(tokens.coordinator).get(`/api/report_submissions/${res.body.id}/rows?key=referrals_total`).expect(200);
    expect(referrals.headers['content-range']).toBe('records 0-1/2');
    expect(referrals.body.map((r: Row) => [r.id, r.date, r.contribution])).toEqual([
      [ids.annReferral, '2026-05-02', 1],
      [ids.benReferral, '2026-08-10', 1],
    ]);
    const audit = await ctx.knex('audit_events').where({ action: 'submit', resource: 'report_submissions' }).first();
    expect(audit).toMatchObject({ user_id: users.coordinator.id, record_id: String(res.body.id) });
    expect(audit.changes.after).toMatchObject({ organization_id: orgX, fiscal_year: 2026, period: 'interim', revision: 1, row_count: ROW_COUNT, digest: res.body.digest });
  });

  it('signs the content: the digest rebuilt from the API answers is the one stored, and verifies', async () => {
    const { id, digest } = submission.first;
    const read = await ctx.api(tokens.manager).get(`/api/report_submissions/${id}/measures`).expect(200);
    expect(read.body).toMatchObject({ current: true, digest_verified: true, submission: { id, digest, revision: 1 } });
    expect(await rebuiltDigest(id, { french: true })).toBe(digest);
    // the French definitions are signed too
    expect(await rebuiltDigest(id, { french: false })).not.toBe(digest);
  });

  it('keeps both languages of each definition as submitted, when the definitions change later', async () => {
    const { id, digest } = submission.first;
    const read = await ctx.api(tokens.manager).get(`/api/report_submissions/${id}/measures`).expect(200);
    const submitted = (read.body.measures as Measure[]).map((m) => [m.key, m.definition, m.definition_fr]);
    expect(submitted).toEqual(MEASURES.map((m) => [m.key, m.definition, m.definition_fr]));
    // a later release rewrites a definition in both languages: today's report has the new words, the submission its own
    const measure = MEASURES.find((m) => m.key === 'referrals_total')! as { definition: string; definition_fr: string };
    const before = { definition: measure.definition, definition_fr: measure.definition_fr };
    Object.assign(measure, { definition: 'New referrals, as defined next year.', definition_fr: 'Nouvelles demandes, au sens de l’an prochain.' });
    try {
      const live = await ctx.api(tokens.coordinator).get('/api/reports/csp-measures?from=2026-04-01&to=2026-12-31').expect(200);
      expect(live.body.measures.find((m: Measure) => m.key === 'referrals_total')).toMatchObject({ definition: 'New referrals, as defined next year.', definition_fr: 'Nouvelles demandes, au sens de l’an prochain.' });
      const again = await ctx.api(tokens.manager).get(`/api/report_submissions/${id}/measures`).expect(200);
      expect(again.body.digest_verified).toBe(true);
      expect((again.body.measures as Measure[]).map((m) => [m.key, m.definition, m.definition_fr])).toEqual(submitted);
      expect(await downloadedDefinitions(id, 'fr')).toEqual(submitted.map(([, , french]) => french));
      expect(await downloadedDefinitions(id, 'en')).toEqual(submitted.map(([, english]) => english));
      expect(await rebuiltDigest(id, { french: true })).toBe(digest);
    } finally {
      Object.assign(measure, before);
    }
  });

  it('never changes a submission: no write through the API, and the database refuses an update or a delete', async () => {
    const { id } = submission.first;
    await ctx.api(tokens.orgAdmin).put(`/api/report_submissions/${id}`, { note: 'changed' }).expect(403);
    await ctx.api(tokens.admin).delete(`/api/report_submissions/${id}`).expect(403);
    await expect(ctx.knex('report_submissions').where({ id }).update({ note: 'changed' })).rejects.toMatchObject(FROZEN);
    await expect(ctx.knex('report_submission_measures').where({ submission_id: id }).update({ value: 99 })).rejects.toMatchObject(FROZEN);
    await expect(ctx.knex('report_submission_measures').where({ submission_id: id }).delete()).rejects.toMatchObject(FROZEN);
    await expect(ctx.knex.raw('truncate report_submission_measures')).rejects.toMatchObject(FROZEN);
    // even with the withdrawal's setting, nothing but the withdrawal columns may change
    await expect(
      ctx.knex.transaction(async (trx) => {
        await trx.raw(`select set_config('portal.report_submission_withdrawal', 'on', true)`);
        await trx('report_submissions').where({ id }).update({ note: 'changed', withdrawn_at: SUBMITTED_AT, withdrawn_by: users.admin.id, withdrawal_reason: 'x' });
      }),
    ).rejects.toMatchObject(FROZEN);
    const stored = await ctx.knex('report_submissions').where({ id }).first();
    expect(stored).toMatchObject({ note: 'Interim, April to December', withdrawn_at: null });
  });

  it("keeps each organisation's submissions to its own roles, and shows the ministry every one", async () => {
    const { id } = submission.first;
    await ctx.api(tokens.otherCoordinator).get(`/api/report_submissions/${id}`).expect(404);
    await ctx.api(tokens.otherCoordinator).get(`/api/report_submissions/${id}/measures`).expect(404);
    await ctx.api(tokens.otherCoordinator).get(`/api/report_submissions/${id}/drift`).expect(404);
    await ctx.api(tokens.otherCoordinator).get(`/api/report_submissions/${id}/rows?key=referrals_total`).expect(404);
    const theirs = await ctx.api(tokens.otherCoordinator).get('/api/report_submissions').expect(200);
    expect(theirs.body).toEqual([]);
    const ministry = await ctx.api(tokens.manager).get('/api/report_submissions').expect(200);
    expect(ministry.body.map((s: { id: number }) => s.id)).toEqual([id]);
    const own = await ctx.api(tokens.programManager).get(`/api/report_submissions/${id}`).expect(200);
    expect(own.body).toMatchObject({ id, submitted_by_name: users.coordinator.full_name });
  });
});

describe('drift: has it changed since?', () => {
  it('keeps the submitted values and lists the referral entered late, and only the measures it changed', async () => {
    const { id } = submission.first;
    ids.lateReferral = await factories(ctx.knex).referral({ organization_id: orgX, referral_date: '2026-09-15', source_type: 'self_family' });
    const frozen = await ctx.api(tokens.coordinator).get(`/api/report_submissions/${id}/measures`).expect(200);
    expect(valuesOf(frozen.body.measures)).toEqual(EXPECTED);
    expect(frozen.body.digest_verified).toBe(true);

    const drift = await ctx.api(tokens.coordinator).get(`/api/report_submissions/${id}/drift`).expect(200);
    expect(drift.body).toMatchObject({ submission_id: id, as_of: '2026-12-31', checked_at: SUBMITTED_AT });
    expect(drift.body.measures).toHaveLength(23);
    expect(drift.body.measures.filter((m: { changed: boolean }) => m.changed)).toEqual([
      { key: 'referrals_total', name: '# of New Referrals: SPC', before: 2, after: 3, changed: true, added: 1, removed: 0, contribution_changed: 0 },
      {
        key: 'referrals_self_family',
        name: '# of New Referrals Self-Referred or Referred by Family: SPC',
        before: 0,
        after: 1,
        changed: true,
        added: 1,
        removed: 0,
        contribution_changed: 0,
      },
    ]);
    for (const m of drift.body.measures.filter((m: { changed: boolean }) => !m.changed)) expect(m.after).toBe(EXPECTED[m.key]);

    const rows = await ctx.api(tokens.coordinator).get(`/api/report_submissions/${id}/drift/rows?key=referrals_total`).expect(200);
    expect(rows.headers['content-range']).toBe('records 0-0/1');
    expect(rows.body).toEqual([
      {
        change: 'added',
        unit: 'referral',
        id: ids.lateReferral,
        child_id: null,
        child_name: null,
        date: '2026-09-15',
        before_contribution: null,
        after_contribution: 1,
        detail: 'CSP referral from Self or family, 0 children',
      },
    ]);
    const none = await ctx.api(tokens.coordinator).get(`/api/report_submissions/${id}/drift/rows?key=direct_hours`).expect(200);
    expect(none.headers['content-range']).toBe('records */0');
    const audit = await ctx.knex('audit_events').where({ user_id: users.coordinator.id, action: 'explain', resource: 'report_submissions' }).orderBy('id', 'desc').first();
    expect(audit.changes.after).toEqual({ view: 'drift_rows', key: 'direct_hours', sort: ['change', 'ASC'], range: [0, 24] });
  });

  it('counts a changed contribution, and a row counted then and not today', async () => {
    const { id } = submission.first;
    const direct = await ctx.knex('service_activities').where({ service_plan_id: ids.annPlan, kind: 'direct' }).first('id');
    const indirect = await ctx.knex('service_activities').where({ service_plan_id: ids.annPlan, kind: 'indirect' }).first('id');
    await ctx.knex('service_activities').where({ id: direct.id }).update({ hours: 2.5 });
    await ctx.knex('service_activities').where({ id: indirect.id }).update({ activity_date: '2027-01-05' });
    try {
      const drift = await ctx.api(tokens.coordinator).get(`/api/report_submissions/${id}/drift`).expect(200);
      const byKey = Object.fromEntries(drift.body.measures.map((m: { key: string }) => [m.key, m]));
      expect(byKey.direct_hours).toMatchObject({ before: 2, after: 2.5, added: 0, removed: 0, contribution_changed: 1 });
      expect(byKey.indirect_hours).toMatchObject({ before: 1.5, after: 0, added: 0, removed: 1, contribution_changed: 0 });
      const rows = await ctx.api(tokens.coordinator).get(`/api/report_submissions/${id}/drift/rows?key=direct_hours`).expect(200);
      expect(rows.body).toEqual([expect.objectContaining({ change: 'changed', unit: 'activity', id: direct.id, child_id: ids.ann, child_name: 'Ann Planned', before_contribution: 2, after_contribution: 2.5 })]);
    } finally {
      await ctx.knex('service_activities').where({ id: direct.id }).update({ hours: 2 });
      await ctx.knex('service_activities').where({ id: indirect.id }).update({ activity_date: '2026-07-01' });
    }
  });
});

describe('resubmission', () => {
  it('needs a reason, is the next revision, and says what changed from the one before', async () => {
    const missing = await post(tokens.orgAdmin, { fiscal_year: 2026, period: 'interim', reason: '   ' }).expect(400);
    expect(missing.body.errors).toEqual({ reason: 'Required: revision 2 replaces revision 1; say what changed' });

    const res = await post(tokens.orgAdmin, { fiscal_year: 2026, period: 'interim', reason: 'A self-referral of September was entered late' }).expect(201);
    expect(res.body).toMatchObject({ revision: 2, reason: 'A self-referral of September was entered late', submitted_by: users.orgAdmin.id, row_count: ROW_COUNT + 2 });
    expect(valuesOf(res.body.measures)).toEqual({ ...EXPECTED, referrals_total: 3, referrals_self_family: 1 });
    expect(res.body.digest).not.toBe(submission.first.digest);
    submission.second = { id: res.body.id, digest: res.body.digest };

    const changes = await ctx.api(tokens.manager).get(`/api/report_submissions/${res.body.id}/changes`).expect(200);
    expect(changes.body).toMatchObject({
      submission_id: res.body.id,
      revision: 2,
      reason: 'A self-referral of September was entered late',
      previous: { id: submission.first.id, revision: 1, submitted_at: SUBMITTED_AT, submitted_by_name: users.coordinator.full_name, digest: submission.first.digest },
    });
    expect(changes.body.measures.filter((m: { changed: boolean }) => m.changed).map((m: object) => m)).toEqual([
      expect.objectContaining({ key: 'referrals_total', before: 2, after: 3, added: 1, removed: 0, contribution_changed: 0 }),
      expect.objectContaining({ key: 'referrals_self_family', before: 0, after: 1, added: 1, removed: 0, contribution_changed: 0 }),
    ]);
    const rows = await ctx.api(tokens.manager).get(`/api/report_submissions/${res.body.id}/changes/rows?key=referrals_self_family`).expect(200);
    expect(rows.body).toEqual([expect.objectContaining({ change: 'added', id: ids.lateReferral, before_contribution: null, after_contribution: 1 })]);

    const first = await ctx.api(tokens.manager).get(`/api/report_submissions/${submission.first.id}/changes`).expect(200);
    expect(first.body).toMatchObject({ revision: 1, reason: null, previous: null, measures: [] });
    await ctx.api(tokens.manager).get(`/api/report_submissions/${submission.first.id}/changes/rows?key=referrals_total`).expect(404);
    const old = await ctx.api(tokens.manager).get(`/api/report_submissions/${submission.first.id}/measures`).expect(200);
    expect(old.body).toMatchObject({ current: false, digest_verified: true });
    expect(valuesOf(old.body.measures)).toEqual(EXPECTED);
  });
});

describe('GET /api/report_submissions/status', () => {
  it('gives each organisation and period: not submitted, submitted or resubmitted, and the due dates', async () => {
    const status = await ctx.api(tokens.manager).get('/api/report_submissions/status?fiscal_year=2026').expect(200);
    expect(status.body).toMatchObject({ fiscal_year: 2026, today: '2027-01-15', may_submit: false });
    const coordinator = await ctx.api(tokens.coordinator).get('/api/report_submissions/status?fiscal_year=2026').expect(200);
    expect(coordinator.body.may_submit).toBe(true);
    const summary = status.body.rows.map((r: Record<string, unknown>) => [r.organization_id, r.period, r.status, r.revisions, r.due_on, r.due_source, r.overdue, r.late]);
    expect(summary).toEqual([
      [orgX, 'interim', 'resubmitted', 2, '2027-01-31', 'default', false, false],
      [orgX, 'final', 'not_submitted', 0, '2027-04-30', 'default', false, false],
      [orgY, 'interim', 'not_submitted', 0, '2027-01-31', 'default', false, false],
      [orgY, 'final', 'not_submitted', 0, '2027-04-30', 'default', false, false],
    ]);
    expect(status.body.rows[0]).toMatchObject({
      period_from: '2026-04-01',
      period_to: '2026-12-31',
      first_submitted_at: SUBMITTED_AT,
      current: { id: submission.second.id, revision: 2, submitted_by: users.orgAdmin.id, submitted_by_name: users.orgAdmin.full_name, digest: submission.second.digest },
    });
  });

  it("takes the fiscal year's due dates, and the organisation's own by its agreement before them", async () => {
    await ctx.knex('submission_due_dates').insert([
      { fiscal_year: 2026, organization_id: null, interim_due_on: '2027-01-10', final_due_on: '2027-04-15' },
      { fiscal_year: 2026, organization_id: orgX, interim_due_on: '2027-01-20', final_due_on: '2027-05-15' },
    ]);
    const status = await ctx.api(tokens.manager).get('/api/report_submissions/status?fiscal_year=2026').expect(200);
    expect(status.body.rows.map((r: Record<string, unknown>) => [r.organization_id, r.period, r.due_on, r.due_source, r.overdue, r.late])).toEqual([
      [orgX, 'interim', '2027-01-20', 'organization', false, false],
      [orgX, 'final', '2027-05-15', 'organization', false, false],
      [orgY, 'interim', '2027-01-10', 'fiscal_year', true, false],
      [orgY, 'final', '2027-04-15', 'fiscal_year', false, false],
    ]);
    const own = await ctx.api(tokens.otherCoordinator).get('/api/report_submissions/status?fiscal_year=2026').expect(200);
    expect(own.body.rows.map((r: { organization_id: number }) => r.organization_id)).toEqual([orgY, orgY]);
    await ctx.api(tokens.otherCoordinator).get(`/api/report_submissions/status?fiscal_year=2026&organization_id=${orgX}`).expect(404);
    const bad = await ctx.api(tokens.manager).get('/api/report_submissions/status?fiscal_year=26').expect(400);
    expect(bad.body.errors).toEqual({ fiscal_year: 'Required: a year between 1900 and 2999, the fiscal year it starts in' });
  });
});

describe('submission_due_dates', () => {
  it("are set by a system administrator; an organisation's roles see the year's dates and their own agreement's", async () => {
    const created = await ctx.api(tokens.admin).post('/api/submission_due_dates', { fiscal_year: 2027, interim_due_on: '2028-01-31', final_due_on: '2028-04-30' }).expect(201);
    expect(created.body).toMatchObject({ fiscal_year: 2027, organization_id: null });
    await ctx.api(tokens.orgAdmin).post('/api/submission_due_dates', { fiscal_year: 2028, interim_due_on: '2029-01-31', final_due_on: '2029-04-30' }).expect(403);
    const early = await ctx.api(tokens.admin).post('/api/submission_due_dates', { fiscal_year: 2028, interim_due_on: '2028-12-31', final_due_on: '2029-04-30' }).expect(400);
    expect(Object.keys(early.body.errors)).toEqual(['interim_due_on']);
    const twice = await ctx.api(tokens.admin).post('/api/submission_due_dates', { fiscal_year: 2027, interim_due_on: '2028-02-28', final_due_on: '2028-04-30' });
    expect(twice.status).toBe(409);
    const seenBy = async (name: string) =>
      (await ctx.api(tokens[name]).get(`/api/submission_due_dates?sort=${encodeURIComponent('["fiscal_year","ASC"]')}`).expect(200)).body.map((d: { fiscal_year: number; organization_id: number | null }) => [d.fiscal_year, d.organization_id]);
    expect(await seenBy('otherCoordinator')).toEqual([[2026, null], [2027, null]]);
    expect((await seenBy('coordinator')).sort()).toEqual([[2026, null], [2026, orgX], [2027, null]].sort());
    expect((await seenBy('manager')).length).toBe(3);
  });
});

describe('reading rows', () => {
  it('refuses an unknown parameter, a bad sort or range, and a measure the submission does not have', async () => {
    const { id } = submission.first;
    const unknown = await ctx.api(tokens.manager).get(`/api/report_submissions/${id}/rows?key=referrals_total&colour=red`).expect(400);
    expect(unknown.body).toMatchObject({ code: 'validation_failed', errors: { colour: 'Unknown parameter' } });
    const noKey = await ctx.api(tokens.manager).get(`/api/report_submissions/${id}/drift/rows`).expect(400);
    expect(noKey.body.errors).toEqual({ key: 'Required: a measure key' });
    const sort = await ctx.api(tokens.manager).get(`/api/report_submissions/${id}/drift/rows?key=referrals_total&sort=${encodeURIComponent('["name","ASC"]')}`).expect(400);
    expect(sort.body.errors.sort).toMatch(/^Must be \["<change\|unit\|id/);
    const range = await ctx.api(tokens.manager).get(`/api/report_submissions/${id}/rows?key=referrals_total&range=${encodeURIComponent('[0,5000]')}`).expect(400);
    expect(range.body.errors).toEqual({ range: 'at most 1000 rows' });
    const missing = await ctx.api(tokens.manager).get(`/api/report_submissions/${id}/rows?key=nothing`).expect(404);
    expect(missing.body.message).toBe(`Submission ${id} has no measure nothing`);
    await ctx.api(tokens.manager).get(`/api/report_submissions/${id}/measures?x=1`).expect(400);
    await ctx.api(tokens.manager).get('/api/report_submissions/999999/measures').expect(404);
  });

  it("names the children as the caller may see them today, and downloads a measure's frozen rows", async () => {
    const { id } = submission.first;
    const waiting = await ctx.api(tokens.coordinator).get(`/api/report_submissions/${id}/rows?key=waiting_total`).expect(200);
    expect(waiting.body).toEqual([expect.objectContaining({ unit: 'child', id: ids.ben, child_id: ids.ben, child_name: 'Ben Waiting', contribution: 1 })]);
    const csv = await ctx.api(tokens.coordinator).get(`/api/report_submissions/${id}/rows?key=referrals_total&format=csv&headers=fields`).expect(200);
    expect(csv.text.split('\r\n').slice(0, 2)).toEqual([
      'unit,unit_label,id,child_id,child_name,date,contribution,detail',
      `referral,Referral,${ids.annReferral},${ids.ann},Ann Planned,2026-05-02,1,"CSP referral from School or educator, 1 child"`,
    ]);
  });
});

describe('downloads', () => {
  it('carry the revision, who submitted, when and the signature on every row', async () => {
    const csv = await ctx.api(tokens.coordinator).get(`/api/report_submissions/${submission.second.id}/download?format=csv`).expect(200);
    expect(csv.headers['content-disposition']).toContain(`filename="csp-measures_submission-${submission.second.id}_FY2026_interim_r2.csv"`);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('Service data name,Value,Definition,Period from,Period to,Organisation,Revision,Submitted by,Submitted at,Signature (SHA-256),Withdrawn at');
    expect(lines).toHaveLength(23 + 2);
    expect(lines[2]).toMatch(new RegExp(`^# of New Referrals: SPC,3,The number of new referrals [^,]*,2026-04-01,2026-12-31,Agency X,2,${users.orgAdmin.full_name},${SUBMITTED_AT.slice(0, 19).replace('T', ' ')},${submission.second.digest},$`));
    const { sheet } = await xlsxSheet(ctx.api(tokens.manager).get(`/api/report_submissions/${submission.second.id}/download?format=xlsx`));
    expect(sheet.name).toBe('CSP measures r2');
    expect(sheet.rowCount).toBe(24);
    expect([2, 7, 8, 10].map((column) => sheet.getRow(3).getCell(column).value)).toEqual([3, 2, users.orgAdmin.full_name, submission.second.digest]);
  });
});

describe('withdrawal', () => {
  it('is a system administrator’s, with a reason, audited; the revision before becomes current again', async () => {
    const { id } = submission.second;
    await ctx.api(tokens.orgAdmin).post(`/api/report_submissions/${id}/withdraw`, { reason: 'mine' }).expect(403);
    const noReason = await ctx.api(tokens.admin).post(`/api/report_submissions/${id}/withdraw`, {}).expect(400);
    expect(Object.keys(noReason.body.errors)).toEqual(['reason']);
    const res = await ctx.api(tokens.admin).post(`/api/report_submissions/${id}/withdraw`, { reason: 'Submitted against the wrong agreement' }).expect(200);
    expect(res.body).toMatchObject({ id, revision: 2, withdrawn_at: SUBMITTED_AT, withdrawn_by: users.admin.id, withdrawal_reason: 'Submitted against the wrong agreement', digest: submission.second.digest });
    const again = await ctx.api(tokens.admin).post(`/api/report_submissions/${id}/withdraw`, { reason: 'twice' }).expect(409);
    expect(again.body.code).toBe('wrong_state');
    const audit = await ctx.knex('audit_events').where({ action: 'withdraw', resource: 'report_submissions', record_id: String(id) }).first();
    expect(audit.user_id).toBe(users.admin.id);
    expect(audit.changes.after).toMatchObject({ withdrawal_reason: 'Submitted against the wrong agreement' });

    const withdrawn = await ctx.api(tokens.manager).get(`/api/report_submissions/${id}/measures`).expect(200);
    expect(withdrawn.body).toMatchObject({ current: false, digest_verified: true });
    const first = await ctx.api(tokens.manager).get(`/api/report_submissions/${submission.first.id}/measures`).expect(200);
    expect(first.body.current).toBe(true);
    const status = await ctx.api(tokens.manager).get('/api/report_submissions/status?fiscal_year=2026').expect(200);
    expect(status.body.rows[0]).toMatchObject({ organization_id: orgX, period: 'interim', status: 'submitted', revisions: 1, current: { id: submission.first.id } });
  });
});

describe('two resubmissions at once', () => {
  it('take one revision each: the organisation’s submission lock orders them', async () => {
    const concurrent = await Promise.all([
      post(tokens.coordinator, { fiscal_year: 2026, period: 'interim', reason: 'first of two at once' }),
      post(tokens.orgAdmin, { fiscal_year: 2026, period: 'interim', reason: 'second of two at once' }),
    ]);
    expect(concurrent.map((r) => r.status)).toEqual([201, 201]);
    // revision 2 is withdrawn above: still taken
    expect(concurrent.map((r) => r.body.revision).sort()).toEqual([3, 4]);
  });
});

describe('the signature', () => {
  it('no longer verifies once the stored content is changed behind the database’s back', async () => {
    const { id } = submission.first;
    // only a superuser switching the triggers off can do this: what the digest is there to catch
    await ctx.knex.transaction(async (trx) => {
      await trx.raw('alter table report_submission_measures disable trigger report_submission_measures_frozen');
      await trx('report_submission_measures').where({ submission_id: id, measure_key: 'waiting_total' }).update({ value: 0 });
      await trx.raw('alter table report_submission_measures enable trigger report_submission_measures_frozen');
    });
    const read = await ctx.api(tokens.manager).get(`/api/report_submissions/${id}/measures`).expect(200);
    expect(read.body.digest_verified).toBe(false);
    expect(read.body.measures.find((m: Measure) => m.key === 'waiting_total').value).toBe(0);
  });
});

describe('a submission made before French definitions were kept', () => {
  it('still verifies with its English-only content, and shows the English definitions in French', async () => {
    const { id } = submission.second;
    // as the release before this one stored and signed it: no French definitions, a digest over the English only
    await ctx.knex.transaction(async (trx) => {
      await trx.raw('alter table report_submission_measures disable trigger report_submission_measures_frozen');
      await trx('report_submission_measures').where({ submission_id: id }).update({ definition_fr: null });
      await trx.raw('alter table report_submission_measures enable trigger report_submission_measures_frozen');
    });
    const englishOnly = await rebuiltDigest(id, { french: false });
    await ctx.knex.transaction(async (trx) => {
      await trx.raw('alter table report_submissions disable trigger report_submissions_frozen');
      await trx('report_submissions').where({ id }).update({ digest: englishOnly });
      await trx.raw('alter table report_submissions enable trigger report_submissions_frozen');
    });
    const read = await ctx.api(tokens.manager).get(`/api/report_submissions/${id}/measures`).expect(200);
    expect(read.body.digest_verified).toBe(true);
    expect((read.body.measures as Measure[]).map((m) => [m.key, m.definition, m.definition_fr])).toEqual(MEASURES.map((m) => [m.key, m.definition, null]));
    expect(await downloadedDefinitions(id, 'fr')).toEqual(MEASURES.map((m) => m.definition));
  });
});
