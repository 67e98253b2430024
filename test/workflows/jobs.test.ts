import cron from 'node-cron';
import { DEFAULT_SCHEDULES, loadConfig } from '../../server/config';
import { jobs } from '../../server/jobs/registry';
import { startJobs } from '../../server/jobs/scheduler';
import { useTestContext } from '../helpers/context';
import { createProvider, type Provider } from '../helpers/factories';
import { itAnswers403ToRolesExcept } from '../helpers/roles';

const ctx = useTestContext({ now: '2026-01-15T12:00:00Z' });
let provider: Provider;

beforeAll(async () => {
  provider = await createProvider(ctx);
});

const JOB_NAMES = ['close-plans-after-placement-end', 'deliver-outbox', 'deliver-report-subscriptions', 'refresh-payment-summaries', 'schedule-base-payments', 'send-compliance-digest', 'snapshot-data-quality', 'sweep-file-store'];

describe('the job registry and schedules', () => {
  it('registers the seven jobs, each with a valid default schedule', () => {
    expect(jobs.map((job) => job.name).sort()).toEqual(JOB_NAMES);
    for (const name of JOB_NAMES) expect(cron.validate(DEFAULT_SCHEDULES[name])).toBe(true);
  });

  it('reads a schedule from JOB_SCHEDULE_<NAME>', () => {
    const config = loadConfig({ JOB_SCHEDULE_SCHEDULE_BASE_PAYMENTS: '0 4 2 * *' });
    expect(config.schedules['schedule-base-payments']).toBe('0 4 2 * *');
    expect(config.schedules['deliver-outbox']).toBe(DEFAULT_SCHEDULES['deliver-outbox']);
  });

  it('schedules every job with node-cron, runs a tick through the locked runner, and stops cleanly', async () => {
    const config = { ...loadConfig({}), schedules: { ...DEFAULT_SCHEDULES, 'refresh-payment-summaries': '0 0 1 1 *' } };
    const lines: string[] = [];
    const handle = startJobs({ knex: ctx.knex, config, log: (line) => lines.push(line), clock: () => ctx.clock.now });
    try {
      const tasks = [...cron.getTasks().values()].filter((task) => JOB_NAMES.includes(task.name ?? ''));
      expect(tasks.map((task) => task.name).sort()).toEqual(JOB_NAMES);
      const summaries = tasks.find((task) => task.name === 'refresh-payment-summaries')!;
      expect(summaries.getPattern()).toBe('0 0 1 1 *');
      await summaries.execute();
      const [run] = await ctx.knex('job_runs').where({ job: 'refresh-payment-summaries' });
      expect(run.status).toBe('succeeded');
      expect(lines.some((line) => line.startsWith('[job refresh-payment-summaries] as of '))).toBe(true);
    } finally {
      handle.stop();
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect([...cron.getTasks().values()].filter((task) => JOB_NAMES.includes(task.name ?? ''))).toHaveLength(0);
  });
});

describe('running a job by hand through the API', () => {
  it.each(JOB_NAMES)('lets a system administrator run %s for a date, recorded in job_runs and audited', async (name) => {
    const res = await provider.as.system_admin.api.post(`/api/jobs/${name}/run`, { as_of: '2026-02-01' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ job: name, status: 'succeeded', error: null });
    const runs = await provider.as.system_admin.api.get(`/api/job_runs?filter=${encodeURIComponent(JSON.stringify({ job: name }))}&sort=["started_at","DESC"]`);
    expect(runs.status).toBe(200);
    expect(runs.body[0]).toMatchObject({ id: res.body.id, job: name, as_of: '2026-02-01', status: 'succeeded' });
    const [audit] = await ctx.knex('audit_events').where({ action: 'run_job', record_id: String(res.body.id) });
    expect(audit.user_id).toBe(provider.as.system_admin.id);
  });

  it('refuses a date that is not YYYY-MM-DD, and an unknown job', async () => {
    const bad = await provider.as.system_admin.api.post('/api/jobs/schedule-base-payments/run', { as_of: '2026-13-01' });
    expect(bad.status).toBe(400);
    expect((await provider.as.system_admin.api.post('/api/jobs/no-such-job/run')).status).toBe(404);
  });

  itAnswers403ToRolesExcept(
    ['system_admin'],
    (role) => provider.as[role].api.post('/api/jobs/close-plans-after-placement-end/run', {}),
    'answers 403 to %s for the plan-closing job',
  );

  it('shows the runs to ministry users but not to providers', async () => {
    expect((await provider.as.ministry_manager.api.get('/api/job_runs')).status).toBe(200);
    expect((await provider.as.org_admin.api.get('/api/job_runs')).status).toBe(403);
  });
});
