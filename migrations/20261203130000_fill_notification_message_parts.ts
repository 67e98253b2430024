import type { Knex } from 'knex';

/**
 * The message parts of notifications written before they had any (migration 20261202140000),
 * read back from their English: the placement-end notice, the ICM failure and the weekly
 * compliance digest, each as the server wrote it then. ICM failures written since, whose one
 * part carried ICM's English error (`error`), get the parts the server writes now: the
 * failure, its reason by code (HTTP status, timeout, unreachable) and the request to resend.
 * A message none of these read keeps `[]`, and the dashboard shows its English as it is.
 * Written here, not imported: a migration records what was true. In batches by id.
 */
const BATCH = 1000;

type Part = { message_code: string; params: Record<string, string | number> };

const DATE = '(\\d{4}-\\d{2}-\\d{2})';
const part = (message_code: string, params: Part['params'] = {}): Part => ({ message_code, params });

/** The placement-end notice's first sentences, in each wording it had. */
const PLACEMENT_ENDED: { pattern: RegExp; parts: (m: RegExpExecArray) => Part }[] = [
  {
    pattern: new RegExp(`^The placement of (.+?) at (.+?) ended on ${DATE}\\. The service plan \\((.*?)\\) closes (?:in \\d+ days, )?on ${DATE}; finish its records before then\\.`),
    parts: (m) => part('placement_ended_plans', { child: m[1], place: m[2], date: m[3], plans: m[4], closes_on: m[5] }),
  },
  {
    pattern: new RegExp(`^The placement of (.+?) at (.+?) ended on ${DATE}\\. The service plan \\((.*?)\\) closed on ${DATE}, (\\d+) days after the end\\.`),
    parts: (m) => part('placement_ended_plans_closed', { child: m[1], place: m[2], date: m[3], plans: m[4], closes_on: m[5], days: Number(m[6]) }),
  },
  {
    pattern: new RegExp(`^The placement of (.+?) at (.+?) ended on ${DATE}\\. It has no open service plan\\.`),
    parts: (m) => part('placement_ended_no_plan', { child: m[1], place: m[2], date: m[3] }),
  },
];

const STAYS = [
  { sentence: 'Respite stays after the end were cancelled: ', code: 'stays_cancelled_after_end' },
  { sentence: 'Respite stays that run past the end need new dates or cancelling: ', code: 'stays_running_past_end' },
];

function placementEnded(message: string): Part[] | null {
  for (const { pattern, parts } of PLACEMENT_ENDED) {
    const m = pattern.exec(message);
    if (!m) continue;
    const found = [parts(m)];
    let rest = message.slice(m[0].length);
    for (const { sentence, code } of STAYS) {
      const stays = new RegExp(`^ ${sentence.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(.+?)\\.(?= Respite|$)`).exec(rest);
      if (!stays) continue;
      // the stays were listed "from to to"; the server writes "from – to" now
      found.push(part(code, { stays: stays[1].replace(new RegExp(`${DATE} to ${DATE}`, 'g'), '$1 – $2') }));
      rest = rest.slice(stays[0].length);
    }
    return rest === '' ? found : null;
  }
  return null;
}

/** ICM's error as the outbox wrote it, as the reason the server gives now. */
function icmReason(error: string): Part | null {
  const status = /^ICM answered (\d{3})\b/.exec(error);
  if (status) return part('icm_failure_status', { status: Number(status[1]) });
  const timeout = /^ICM did not answer within (\d+) ms$/.exec(error);
  if (timeout) return part('icm_failure_timeout', { seconds: Number(timeout[1]) / 1000 });
  const unreachable = /^Could not reach ICM: (.*)$/s.exec(error);
  if (unreachable) return part('icm_failure_unreachable', { cause: /^[A-Z][A-Z0-9_]+$/.test(unreachable[1]) ? unreachable[1] : '—' });
  return null;
}

const ICM_FAILED = new RegExp(
  `^(?:The check-in of (\\d{4}-\\d{2}) for plan (\\d+)|The respite stay of ${DATE} to ${DATE} \\(placement (\\d+)\\)) could not be sent to ICM after (\\d+) attempt\\(s\\): (.*)\\. Ask a system administrator to resend it\\.$`,
  's',
);

function icmFailed(message: string): Part[] | null {
  const m = ICM_FAILED.exec(message);
  if (!m) return null;
  const reason = icmReason(m[7]);
  if (!reason) return null;
  const attempts = Number(m[6]);
  const failed = m[1] ? part('icm_check_in_failed', { month: m[1], id: Number(m[2]), attempts }) : part('icm_respite_stay_failed', { from: m[3], to: m[4], id: Number(m[5]), attempts });
  return [failed, reason, part('icm_ask_resend')];
}

/** The digest's rule names as it wrote them, and each rule's line now. */
const DIGEST_RULES: Record<string, string> = {
  'SHSS plans due': 'digest_shss_plan_due',
  'monthly check-ins': 'digest_monthly_check_in',
  'progress reviews': 'digest_progress_review',
  'plans closing': 'digest_plan_closing',
  'CSP plans going inactive': 'digest_csp_plan_inactive',
  'CSP referrals waiting': 'digest_csp_referral_waiting',
  'support requests in draft': 'digest_support_request_draft',
};

function digest(message: string): Part[] | null {
  const m = new RegExp(`^This week: (\\d+) overdue and (\\d+) due by ${DATE}\\. (.*)\\.$`).exec(message);
  if (!m) return null;
  const found = [part('digest_week', { overdue: Number(m[1]), due: Number(m[2]), week_end: m[3] })];
  for (const line of m[4] ? m[4].split('; ') : []) {
    const rule = /^(.+): (\d+) overdue, (\d+) due$/.exec(line);
    const code = rule && DIGEST_RULES[rule[1]];
    if (!rule || !code) return null;
    found.push(part(code, { overdue: Number(rule[2]), due: Number(rule[3]) }));
  }
  return found;
}

const READERS: Record<string, (message: string) => Part[] | null> = {
  placement_ended: placementEnded,
  icm_failed: icmFailed,
  compliance_digest: digest,
};

/** An ICM failure's one part carrying ICM's English `error`, as the parts written now. */
function withoutIcmError(parts: Part[]): Part[] | null {
  const [failed] = parts;
  if (parts.length !== 1 || typeof failed.params.error !== 'string') return null;
  const reason = icmReason(failed.params.error);
  if (!reason) return null;
  const { error: _error, ...params } = failed.params;
  return [part(failed.message_code, params), reason, part('icm_ask_resend')];
}

export async function up(knex: Knex): Promise<void> {
  for (let after = 0; ; ) {
    const rows: { id: number; kind: string; message: string; message_parts: Part[] }[] = await knex('notifications')
      .where('id', '>', after)
      .where((q) =>
        q
          .where('message_parts', '=', knex.raw(`'[]'::jsonb`))
          .orWhereRaw(`message_parts -> 0 ->> 'message_code' in ('icm_check_in_failed', 'icm_respite_stay_failed') and message_parts -> 0 -> 'params' -> 'error' is not null`),
      )
      .orderBy('id')
      .limit(BATCH)
      .select('id', 'kind', 'message', 'message_parts');
    if (!rows.length) return;
    after = Number(rows[rows.length - 1].id);
    const filled = rows.flatMap((row) => {
      const parts = row.message_parts.length ? withoutIcmError(row.message_parts) : (READERS[row.kind]?.(row.message) ?? null);
      return parts ? [{ id: Number(row.id), parts }] : [];
    });
    if (filled.length) {
      await knex.raw(
        `update notifications n set message_parts = f.parts
           from jsonb_to_recordset(?::jsonb) as f(id bigint, parts jsonb)
          where n.id = f.id`,
        [JSON.stringify(filled)],
      );
    }
  }
}

/** The parts filled in say what the English says: kept. */
export async function down(): Promise<void> {}
