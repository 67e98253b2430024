import { careCircle, type CircleMember } from './csp';
import { addDays, addMonths, daysBetween, daysInMonth, startOfMonth, endOfMonth, maxDate, minDate, monthsBetween } from '../../server/dates';
import type { ChildRef, ContractRef, OrganizationRef, PlaceRef, UserRef, World } from './world';
import type { Pending } from './writer';
import { placementEndedMessage } from '../../server/workflows/placementEndNotice';
import {
  CHECK_IN_QUESTIONS,
  CHECK_IN_RESPONSES,
  CLINICAL_SERVICES,
  EVENT_TITLES,
  JUSTIFICATIONS,
  LOG_SENTENCES,
  NON_CLINICAL_SERVICES,
  PLACEMENT_END_REASONS,
  PLAN_ACTIVITIES,
  PLAN_GOALS,
  PLAN_NEEDS,
  PLAN_STRENGTHS,
  PRIMARY_PROFESSIONALS,
  REVIEW_SUMMARIES,
  STRATEGIES,
  SUPPORT_REQUEST_TYPES,
  TASK_TITLES,
} from './vocabulary';

/**
 * The Specialized Services Portal (British Columbia): children placed at providers' places of
 * service, their plans through draft, approval, renewal and closing, check-ins sent to ICM,
 * daily logs, events, tasks, respite stays, support requests and the payments they generate.
 */
const SHSS_CHILDREN = 205;
const PLAN_CLOSES_DAYS_AFTER_PLACEMENT_END = 10;
const DAILY_LOG_DAYS = 35;

interface Placement {
  ref: Pending;
  child: ChildRef;
  place: PlaceRef;
  provider: OrganizationRef;
  contract: ContractRef;
  kind: 'regular' | 'respite' | 'transition_in';
  start: string;
  end: string | null;
  status: 'planned' | 'active' | 'interrupted' | 'ended';
  plans: PlanVersion[];
}

interface PlanVersion {
  ref: Pending;
  status: 'draft' | 'pending_approval' | 'in_service' | 'closed';
  createdOn: string;
  approvedOn: string | null;
  closedOn: string | null;
}

export const PLAN_GENERATIONS = 6;

export function planStage(generation: number): string {
  return generation === 0 ? 'service_plans' : `service_plans_generation_${generation}`;
}

export interface PaymentRow {
  contract: ContractRef;
  month: string;
  kind: 'base' | 'support' | 'transition_in';
  status: 'scheduled' | 'paid' | 'cancelled';
  cents: number;
}

export function seedShss(w: World): PaymentRow[] {
  const { rng } = w;
  const payments: PaymentRow[] = [];
  const placements: Placement[] = [];
  let recentEndsLeft = 5;
  for (let i = 0; i < SHSS_CHILDREN; i += 1) {
    const provider = rng.weighted(w.providers.map((p, index) => [p, index === 0 ? 36 : 21] as const));
    const places = w.places.filter((p) => p.organization === provider);
    const place = provider === w.providers[0] ? rng.weighted(places.map((p, index) => [p, [35, 20, 25, 20][index] ?? 20] as const)) : rng.pick(places);
    const referralDate = w.dateBetween(addDays(w.start, -240), addDays(w.today, -3));
    const child = w.child({ on: referralDate, minAge: 3, maxAge: 16, area: provider.area, registeredBy: provider });
    const forceRecentEnd = recentEndsLeft > 0 && (place === w.places[0] || place === w.places[1] || provider !== w.providers[0]) && rng.chance(0.2);
    const placement = placeChild(w, child, provider, place, referralDate, forceRecentEnd);
    if (forceRecentEnd && placement.end) recentEndsLeft -= 1;
    placements.push(placement);
    if (placement.status === 'ended' && rng.chance(0.12)) {
      const nextStart = addDays(placement.end!, rng.int(1, 30));
      if (nextStart < addDays(w.today, -30)) {
        const other = rng.pick(w.providers.filter((p) => p !== provider));
        const otherPlace = rng.pick(w.places.filter((p) => p.organization === other && p.type !== 'respite_home'));
        placements.push(placeChild(w, child, other, otherPlace, addDays(nextStart, -rng.int(7, 20)), false));
      }
    }
  }
  for (const placement of placements) {
    work(w, placement);
    payments.push(...basePayments(w, placement));
    payments.push(...supportRequests(w, placement));
  }
  notifyRecentEnds(w, placements);
  return payments;
}

function staffOf(w: World, place: PlaceRef): UserRef[] {
  if (place.staff.length) return place.staff;
  return w.usersOf(place.organization, 'program_manager', 'portal_worker', 'org_admin');
}

function managerOf(w: World, place: PlaceRef): UserRef {
  return place.staff.find((u) => u.role === 'program_manager') ?? w.usersOf(place.organization, 'org_admin')[0];
}

function kindFor(w: World, place: PlaceRef): Placement['kind'] {
  if (place.type === 'respite_home') return 'respite';
  if (place.type === 'transition_home') return w.rng.chance(0.6) ? 'transition_in' : 'regular';
  return 'regular';
}

function placeChild(w: World, child: ChildRef, provider: OrganizationRef, place: PlaceRef, referralDate: string, endRecently: boolean): Placement {
  const { rng } = w;
  const referralStamps = w.stamps(referralDate);
  const source = rng.weighted([['childrens_aid', 55], ['other', 25], ['physician_health', 10], ['indigenous_org', 10]] as const);
  const referrer = rng.pick(PRIMARY_PROFESSIONALS);
  const referralRef = w.writer.add('referrals', () => ({
    organization_id: provider.ref.id,
    program: 'SHSS',
    referral_date: referralDate,
    source_type: source,
    source_detail: source === 'other' ? 'MCFD CYSN regional referral' : null,
    is_warm: false,
    referrer_name: referrer,
    notes: null,
    ...referralStamps,
  }));
  const decidedOn = minDate(addDays(referralDate, rng.int(1, 10)), w.today);
  const eligibilityStamps = w.stamps(referralDate, decidedOn);
  w.writer.add('referral_children', () => ({
    referral_id: referralRef.id,
    child_id: child.ref.id,
    eligibility: 'eligible',
    eligibility_decided_on: decidedOn,
    closed_on: null,
    closed_reason: null,
    ...eligibilityStamps,
  }));

  const kind = kindFor(w, place);
  const start = addDays(referralDate, rng.int(7, 45));
  const shssContracts = w.contractsOf(provider).filter((c) => c.program === 'SHSS');
  const current = shssContracts.find((c) => !c.isLegacy)!;
  const legacy = shssContracts.find((c) => c.isLegacy)!;
  const contract = kind === 'transition_in' || (kind === 'regular' && start < addDays(w.start, 365) && rng.chance(0.15)) ? legacy : current;
  let end: string | null = null;
  if (start <= addDays(w.today, -60) && rng.chance(kind === 'respite' ? 0.6 : 0.45)) {
    end = addDays(start, rng.int(60, 700));
    if (end >= w.today) end = null;
  }
  if (endRecently && !end && start < addDays(w.today, -120)) end = addDays(w.today, -rng.int(2, 8));
  const status: Placement['status'] = start > w.today ? 'planned' : end ? 'ended' : rng.chance(0.07) ? 'interrupted' : 'active';
  const endReason = status === 'ended' ? rng.pick(PLACEMENT_END_REASONS) : null;
  const stamps = w.stamps(minDate(addDays(start, -5), w.today), end ?? start);
  const ref = w.writer.add('placements', () => ({
    child_id: child.ref.id,
    place_of_service_id: place.ref.id,
    contract_id: contract.ref.id,
    referral_id: referralRef.id,
    kind,
    start_date: start,
    end_date: end,
    status,
    end_reason: endReason,
    ...stamps,
  }));
  const placement: Placement = { ref, child, place, provider, contract, kind, start, end, status, plans: [] };
  placement.plans = plans(w, placement, referralDate);
  return placement;
}

/**
 * A plan's life: draft, submitted, approved by the primary professional (or refused, then
 * cloned), renewed yearly (the old one superseded, the clone approved), and closed ten days
 * after its placement ended.
 */
function plans(w: World, p: Placement, referralDate: string): PlanVersion[] {
  const { rng } = w;
  if (p.status === 'planned' && rng.chance(0.5)) return [];
  const closeAt = p.end ? addDays(p.end, PLAN_CLOSES_DAYS_AFTER_PLACEMENT_END) : null;
  const closesNow = closeAt !== null && closeAt <= w.today;
  const versions: PlanVersion[] = [];
  let created = p.status === 'planned' ? maxDate(referralDate, addDays(w.today, -rng.int(0, 10))) : minDate(addDays(p.start, rng.int(0, 14)), w.today);
  let preApproved: string | null = null;
  let previous: PlanVersion | null = null;
  let circle: CircleMember[] = [];
  for (let n = 0; n < PLAN_GENERATIONS; n += 1) {
    let status: PlanVersion['status'];
    let approvedOn: string | null = null;
    let closedOn: string | null = null;
    let reason: string | null = null;
    let next: { created: string; preApproved: string | null } | null = null;
    const submit = preApproved ? created : addDays(created, rng.int(3, 21));
    const decide: string = preApproved ?? addDays(submit, rng.int(3, 30));
    if (!preApproved && closesNow && closeAt! <= decide) {
      status = 'closed';
      closedOn = maxDate(closeAt!, created);
      reason = 'placement_ended';
    } else if (!preApproved && submit > w.today) {
      status = 'draft';
    } else if (!preApproved && decide > w.today) {
      status = 'pending_approval';
    } else if (!preApproved && n === 0 && rng.chance(0.07)) {
      status = 'closed';
      closedOn = decide;
      reason = 'not_approved';
      next = { created: decide, preApproved: null };
    } else {
      approvedOn = decide;
      const renewal = addDays(decide, 365);
      if (renewal < w.today && (!p.end || renewal < p.end) && rng.chance(0.4)) {
        status = 'closed';
        closedOn = renewal;
        reason = 'superseded';
        next = { created: addDays(renewal, -rng.int(10, 25)), preApproved: renewal };
      } else if (closesNow) {
        status = 'closed';
        closedOn = closeAt;
        reason = 'placement_ended';
      } else {
        status = 'in_service';
      }
    }
    const version = addPlan(w, p, previous, n, { status, created, approvedOn, closedOn, reason, submitted: submit <= w.today });
    versions.push(version);
    const until = closedOn ?? w.today;
    circle = careCircle(w, version.ref, p.child, created, until, circle);
    if (approvedOn) {
      checkIns(w, p, version, approvedOn, closedOn);
      reviews(w, p, version, approvedOn, until);
    }
    if (!next) break;
    previous = version;
    created = next.created;
    preApproved = next.preApproved;
  }
  return versions;
}

function addPlan(
  w: World,
  p: Placement,
  clonedFrom: PlanVersion | null,
  generation: number,
  v: { status: PlanVersion['status']; created: string; approvedOn: string | null; closedOn: string | null; reason: string | null; submitted: boolean },
): PlanVersion {
  const { rng } = w;
  const texts = {
    goals: rng.sample(PLAN_GOALS, rng.int(2, 3)).join(' '),
    strengths: rng.sample(PLAN_STRENGTHS, 2).join(' '),
    needs: rng.sample(PLAN_NEEDS, 2).join(' '),
    activities: rng.pick(PLAN_ACTIVITIES),
    clinical_services: rng.pick(CLINICAL_SERVICES),
    non_clinical_services: rng.pick(NON_CLINICAL_SERVICES),
    strategies: rng.pick(STRATEGIES),
  };
  if (v.status === 'draft' && rng.chance(0.4)) {
    texts.clinical_services = null as unknown as string;
    texts.strategies = null as unknown as string;
  }
  const approvedBy = v.approvedOn ? rng.pick(PRIMARY_PROFESSIONALS) : null;
  const lastChange = v.closedOn ?? v.approvedOn ?? v.created;
  const stamps = w.stamps(v.created, minDate(lastChange, w.today));
  const versionNumber = 1 + (v.submitted ? 1 : 0) + (v.approvedOn ? 1 : 0) + (v.closedOn ? 1 : 0) + rng.int(0, 2);
  const ref = w.writer.add(
    'service_plans',
    () => ({
      child_id: p.child.ref.id,
      program: 'SHSS',
      organization_id: p.provider.ref.id,
      placement_id: p.ref.id,
      referral_id: null,
      coordinator_id: null,
      status: v.status,
      initiated_on: null,
      approved_on: v.approvedOn,
      approved_by: approvedBy,
      closed_on: v.closedOn,
      closed_reason: v.reason,
      ...texts,
      cloned_from_id: clonedFrom?.ref.id ?? null,
      version: versionNumber,
      ...stamps,
    }),
    // A clone names the plan it was cloned from, so each generation is written after the one before.
    planStage(generation),
  );
  return { ref, status: v.status, createdOn: v.created, approvedOn: v.approvedOn, closedOn: v.closedOn };
}

/** One check-in a month while the plan is in service: finalized and sent, or a draft this month. */
function checkIns(w: World, p: Placement, plan: PlanVersion, from: string, closedOn: string | null): void {
  const { rng } = w;
  const thisMonth = startOfMonth(w.today);
  const until = minDate(closedOn ?? w.today, w.today);
  for (const month of monthsBetween(from, until)) {
    const draft = month === thisMonth && !closedOn;
    if (draft ? !rng.chance(0.7) : !rng.chance(0.94)) continue;
    const staff = rng.pick(staffOf(w, p.place));
    if (draft) {
      const answers = CHECK_IN_QUESTIONS.slice(0, rng.int(1, 4)).map((question) => ({ question, response: rng.pick(CHECK_IN_RESPONSES), comment: null }));
      const stamps = w.stamps(maxDate(month, from));
      w.writer.add('monthly_check_ins', () => ({
        service_plan_id: plan.ref.id,
        month,
        check_in_date: null,
        answers: JSON.stringify(answers),
        status: 'draft',
        finalized_at: null,
        finalized_by: null,
        icm_status: 'not_sent',
        icm_reference: null,
        version: answers.length,
        ...stamps,
      }));
      continue;
    }
    const lower = maxDate(month, from);
    const upper = minDate(endOfMonth(month), until, addDays(w.today, -1));
    if (lower > upper) continue;
    const checkInDate = minDate(maxDate(addDays(month, rng.int(3, 27)), lower), upper);
    const finalizedOn = minDate(addDays(checkInDate, rng.int(0, 3)), until, addDays(w.today, -1));
    const finalizedAt = w.at(maxDate(finalizedOn, checkInDate));
    const answers = CHECK_IN_QUESTIONS.map((question) => ({
      question,
      response: rng.pick(CHECK_IN_RESPONSES),
      comment: rng.chance(0.3) ? 'Discussed with the care team; no further action needed.' : null,
    }));
    const sent = rng.chance(0.95);
    const reference = sent ? `ICM-CI-${rng.digits(8)}` : null;
    const stamps = { created_at: w.at(lower), updated_at: finalizedAt };
    const checkIn = w.writer.add('monthly_check_ins', () => ({
      service_plan_id: plan.ref.id,
      month,
      check_in_date: checkInDate,
      answers: JSON.stringify(answers),
      status: 'finalized',
      finalized_at: finalizedAt,
      finalized_by: staff.ref.id,
      icm_status: sent ? 'sent' : 'failed',
      icm_reference: reference,
      version: 3,
      ...stamps,
    }));
    const attempts = sent ? 1 : 5;
    w.writer.add('outbox_messages', () => ({
      topic: 'icm.monthly_check_in',
      payload: JSON.stringify({
        kind: 'monthly_check_in',
        check_in_id: checkIn.id,
        service_plan_id: plan.ref.id,
        child_id: p.child.ref.id,
        placement_id: p.ref.id,
        organization_id: p.provider.ref.id,
        month,
        check_in_date: checkInDate,
        answers,
        finalized_at: finalizedAt,
        finalized_by: { id: staff.ref.id, name: staff.fullName, email: staff.email },
      }),
      status: sent ? 'delivered' : 'failed',
      attempts,
      last_error: sent ? null : 'ICM answered 503 Service Unavailable',
      deliver_after: finalizedAt,
      delivered_at: sent ? finalizedAt : null,
      idempotency_key: `check-in-${checkIn.id}-demo`,
      monthly_check_in_id: checkIn.id,
      created_at: finalizedAt,
      updated_at: finalizedAt,
    }));
  }
}

function reviews(w: World, p: Placement, plan: PlanVersion, from: string, until: string): void {
  const { rng } = w;
  const author = managerOf(w, p.place);
  for (let review = addDays(from, 90), previous = from; review <= until && review < w.today; previous = review, review = addDays(review, 90)) {
    const reviewDate = review;
    const periodStart = previous;
    const summary = rng.pick(REVIEW_SUMMARIES);
    const goalProgress = rng.pick(['Goals on track.', 'Goals partly met.', 'Most goals met.']);
    const stamps = w.stamps(reviewDate);
    w.writer.add('progress_reviews', () => ({
      service_plan_id: plan.ref.id,
      review_date: reviewDate,
      period_start: periodStart,
      period_end: reviewDate,
      summary,
      goal_progress: goalProgress,
      next_review_on: addDays(reviewDate, 90),
      author_id: author?.ref.id ?? null,
      ...stamps,
    }));
  }
}

/** The plan in service on `date`, if any. */
function planInServiceOn(p: Placement, date: string): PlanVersion | null {
  return p.plans.find((v) => v.approvedOn !== null && v.approvedOn <= date && (v.closedOn === null || date <= v.closedOn)) ?? null;
}

/** Events, tasks, daily logs and respite stays around a placement. */
function work(w: World, p: Placement): void {
  const { rng } = w;
  const staff = staffOf(w, p.place);
  const lastDay = minDate(p.end ?? w.today, w.today);
  if (p.start <= w.today) {
    const count = Math.min(8, 1 + Math.floor(daysBetween(p.start, lastDay) / 120)) + rng.int(0, 2);
    for (let i = 0; i < count; i += 1) {
      const date = w.dateBetween(p.start, lastDay);
      let type = rng.weighted([['medical', 22], ['school', 20], ['family_visit', 22], ['other', 10], ['meeting', 14], ['incident', 9], ['critical_incident', 3]] as const) as string;
      const inService = planInServiceOn(p, date);
      if (['meeting', 'incident', 'critical_incident'].includes(type) && !inService) type = rng.pick(['medical', 'school', 'family_visit']);
      const planned = ['meeting', 'incident', 'critical_incident'].includes(type) ? inService : rng.chance(0.5) ? inService : null;
      const title = rng.pick(EVENT_TITLES[type]);
      const author = rng.pick(staff);
      const occurredAt = w.at(date);
      const description = type === 'critical_incident'
        ? 'Critical incident reported to the ministry within 24 hours; follow-up plan agreed with the care team.'
        : rng.chance(0.6) ? `${title} for ${p.child.firstName}.` : null;
      const stamps = w.stamps(date);
      w.writer.add('events', () => ({
        child_id: p.child.ref.id,
        service_plan_id: planned?.ref.id ?? null,
        type,
        occurred_at: occurredAt,
        title,
        description,
        created_by: author.ref.id,
        ...stamps,
      }));
    }
  }

  const ongoing = p.status === 'active' || p.status === 'interrupted';
  const taskCount = ongoing ? rng.int(1, 3) : p.status === 'ended' ? rng.int(0, 1) : 0;
  const openPlan = p.plans.find((v) => v.status !== 'closed') ?? null;
  for (let i = 0; i < taskCount; i += 1) {
    const due = ongoing ? addDays(w.today, rng.int(-14, 45)) : w.dateBetween(p.start, lastDay);
    const status = !ongoing ? 'done' : due < w.today ? rng.weighted([['done', 60], ['open', 30], ['cancelled', 10]] as const) : rng.weighted([['open', 85], ['done', 10], ['cancelled', 5]] as const);
    const title = rng.pick(TASK_TITLES);
    const assignee = rng.pick(staff);
    const planId = ongoing && rng.chance(0.6) ? openPlan : null;
    const stamps = w.stamps(maxDate(p.start, minDate(addDays(due, -20), w.today)));
    w.writer.add('tasks', () => ({
      child_id: p.child.ref.id,
      service_plan_id: planId?.ref.id ?? null,
      assigned_to: assignee.ref.id,
      title,
      due_on: due,
      status,
      ...stamps,
    }));
  }

  if (ongoing && p.kind !== 'respite') dailyLogs(w, p, staff);
  if (p.kind === 'respite') respiteStays(w, p);
}

function dailyLogs(w: World, p: Placement, staff: UserRef[]): void {
  const { rng } = w;
  const last = p.status === 'interrupted' ? addDays(w.today, -14) : w.today;
  for (let day = maxDate(p.start, addDays(w.today, -(DAILY_LOG_DAYS - 1))); day <= last; day = addDays(day, 1)) {
    const shifts = rng.chance(0.65) ? ['combined'] : rng.chance(0.75) ? ['day', 'evening'] : ['day', 'evening', 'overnight'];
    for (const shift of shifts) {
      const authors = rng.sample(staff, shift === 'combined' ? rng.int(1, 3) : 1);
      const minute = shift === 'overnight' ? 14 * 60 : shift === 'evening' ? 23 * 60 + 30 : 20 * 60;
      const logStamps = { created_at: w.at(day, minute), updated_at: w.at(day, minute + 20) };
      const log = w.writer.add('daily_logs', () => ({
        placement_id: p.ref.id,
        log_date: day,
        shift,
        version: 1,
        ...logStamps,
      }));
      authors.forEach((author, index) => {
        const body = `${p.child.firstName}: ${rng.sample(LOG_SENTENCES, rng.int(2, 4)).join(' ')}`;
        const edited = rng.chance(0.1);
        const stamps = { created_at: w.at(day, minute + index * 7), updated_at: w.at(day, minute + index * 7 + (edited ? 25 : 0)) };
        w.writer.add('daily_log_entries', () => ({
          daily_log_id: log.id,
          author_id: author.ref.id,
          body,
          version: edited ? 2 : 1,
          ...stamps,
        }));
      });
    }
  }
}

function respiteStays(w: World, p: Placement): void {
  const { rng } = w;
  const limit = p.end ?? addDays(maxDate(p.start, w.today), 60);
  for (let start = addDays(p.start, rng.int(0, 20)); start <= limit; ) {
    const end = addDays(start, rng.int(1, 4));
    if (end > limit) break;
    const status = start > w.today ? 'scheduled' : end < w.today && rng.chance(0.1) ? 'cancelled' : 'confirmed';
    const notes = rng.chance(0.3) ? rng.pick(['Family away for a wedding.', 'Planned monthly respite weekend.', 'Bring the weighted blanket.']) : null;
    const stamps = w.stamps(minDate(addDays(start, -14), w.today), minDate(end, w.today));
    const stayStart = start;
    w.writer.add('respite_stays', () => ({
      placement_id: p.ref.id,
      start_date: stayStart,
      end_date: end,
      status,
      notes,
      ...stamps,
    }));
    start = addDays(end, rng.int(14, 50));
  }
}

/** How a payment for `serviceMonth` stands today: paid, still scheduled, or (rarely) cancelled. */
function settle(w: World, serviceMonth: string, notBefore: string) {
  const { rng } = w;
  const scheduledOn = maxDate(addDays(serviceMonth, 24), notBefore);
  const paidOn = addDays(scheduledOn, rng.int(0, 5));
  const cancelled = rng.chance(0.015);
  if (cancelled) return { status: 'cancelled' as const, scheduled_on: scheduledOn, paid_on: null, cas: null, icm: null };
  if (paidOn < w.today) {
    return {
      status: 'paid' as const,
      scheduled_on: scheduledOn,
      paid_on: paidOn,
      cas: rng.chance(0.92) ? rng.digits(10) : null,
      icm: rng.chance(0.8) ? `ICMO-${rng.digits(7)}` : null,
    };
  }
  return { status: 'scheduled' as const, scheduled_on: scheduledOn, paid_on: null, cas: null, icm: null };
}

function money(cents: number): string {
  return (cents / 100).toFixed(2);
}

function addPayment(
  w: World,
  rows: PaymentRow[],
  p: Placement,
  kind: PaymentRow['kind'],
  month: string,
  cents: number,
  notBefore: string,
  request: Pending | null,
): void {
  const s = settle(w, month, notBefore);
  const stamps = w.stamps(minDate(notBefore, w.today), minDate(s.paid_on ?? notBefore, w.today));
  w.writer.add('payments', () => ({
    contract_id: p.contract.ref.id,
    placement_id: p.ref.id,
    support_request_id: request?.id ?? null,
    kind,
    service_month: month,
    amount: money(cents),
    status: s.status,
    scheduled_on: s.scheduled_on,
    paid_on: s.paid_on,
    cas_payment_number: s.cas,
    icm_order_number: s.icm,
    ...stamps,
  }));
  rows.push({ contract: p.contract, month, kind, status: s.status, cents });
}

/** The contract's monthly base for each month of a placement, prorated to the days placed. */
function basePayments(w: World, p: Placement): PaymentRow[] {
  const rows: PaymentRow[] = [];
  if (p.kind === 'respite' || p.status === 'planned' || !p.contract.monthlyBase) return rows;
  const last = minDate(p.end ?? w.today, w.today);
  for (const month of monthsBetween(p.start, last)) {
    const from = maxDate(month, p.start);
    const to = minDate(endOfMonth(month), p.end ?? endOfMonth(month));
    const days = daysBetween(from, to) + 1;
    const cents = Math.round((p.contract.monthlyBase * days) / daysInMonth(month));
    addPayment(w, rows, p, 'base', month, cents, addDays(month, -5), null);
  }
  return rows;
}

const TYPE_CHOICES: readonly (readonly [string, number])[] = [
  ['child_specific_support', 45],
  ['staffing', 18],
  ['respite_relief', 10],
  ['education_support', 10],
  ['home_modification', 5],
  ['legacy_transition_in', 12],
];

/** Requests for additional support, in every status; approved ones generate their payments. */
function supportRequests(w: World, p: Placement): PaymentRow[] {
  const { rng } = w;
  const rows: PaymentRow[] = [];
  if (p.kind === 'respite' || p.status === 'planned') return rows;
  const count = rng.weighted([[0, 40], [1, 35], [2, 18], [3, 7]] as const);
  const finance = [w.demo.get('finance')!, ...w.usersOf(w.ministries[0], 'ministry_finance').filter((u) => u !== w.demo.get('finance'))];
  for (let i = 0; i < count; i += 1) {
    let typeCode = rng.weighted(TYPE_CHOICES);
    if (typeCode === 'legacy_transition_in' && !p.contract.isLegacy) typeCode = 'child_specific_support';
    const type = SUPPORT_REQUEST_TYPES.find((t) => t.code === typeCode)!;
    const subTypes = SUPPORT_REQUEST_TYPES.filter((t) => t.parent_code === typeCode && t.active);
    const subType = subTypes.length && (typeCode !== 'staffing' || rng.chance(0.7)) ? rng.pick(subTypes) : null;
    const monthly = typeCode === 'staffing' || typeCode === 'legacy_transition_in' || (typeCode === 'child_specific_support' && rng.chance(0.4));
    const horizon = minDate(p.end ?? addDays(w.today, 30), addDays(w.today, 30));
    const span = Math.max(0, daysBetween(p.start, horizon));
    const start = span < 10 ? p.start : addDays(p.start, rng.int(10, Math.min(span, 540)));
    let end: string;
    if (monthly) {
      end = endOfMonth(addMonths(start, rng.int(1, 11)));
    } else {
      end = rng.chance(0.7) ? start : addDays(start, rng.int(1, 30));
    }
    if (p.end && end > p.end) end = p.end;
    if (typeCode === 'legacy_transition_in') end = minDate(end, endOfMonth(addMonths(start, 2)));
    const frequency = monthly ? 'monthly' : 'one_time';
    const cents = monthly ? rng.int(30, 450) * 1000 : rng.int(30, 800) * 500;
    const staffing = type.requires_staffing_details || subType?.requires_staffing_details;

    const created = minDate(maxDate(p.start, addDays(start, -rng.int(5, 40))), w.today);
    const age = daysBetween(created, w.today);
    let status = (age < 7
      ? rng.weighted([['draft', 60], ['submitted', 40]] as const)
      : age < 30
        ? rng.weighted([['draft', 15], ['submitted', 45], ['approved', 25], ['rejected', 10], ['cancelled', 5]] as const)
        : rng.weighted([['draft', 5], ['submitted', 7], ['approved', 68], ['rejected', 12], ['cancelled', 8]] as const)) as string;
    const submittedOn = status === 'draft' || (status === 'cancelled' && rng.chance(0.5)) ? null : minDate(addDays(created, rng.int(0, 5)), w.today);
    let decidedOn = status === 'approved' || status === 'rejected' ? addDays(submittedOn!, rng.int(2, 20)) : null;
    if (decidedOn && decidedOn >= w.today) {
      status = 'submitted';
      decidedOn = null;
    }
    const decider = decidedOn ? (rng.chance(0.7) ? finance[0] : rng.pick(finance)) : null;
    const amountMissing = status === 'draft' && rng.chance(0.3);
    const justification = rng.pick(JUSTIFICATIONS);
    const versionNumber = 1 + (submittedOn ? 1 : 0) + (decidedOn ? 1 : 0) + (status === 'cancelled' ? 1 : 0);
    const staffingDetails = staffing
      ? {
          staffing_position: rng.pick(['Youth care worker', 'Registered care aide', 'Behaviour interventionist', 'Awake overnight support worker']),
          staffing_hours: String(rng.pick([10, 15, 20, 30, 40])),
          staffing_grid_level: `Level ${rng.int(1, 4)}`,
        }
      : { staffing_position: null, staffing_hours: null, staffing_grid_level: null };
    const submittedAt = submittedOn ? w.at(submittedOn) : null;
    const decidedAt = decidedOn ? w.at(decidedOn) : null;
    const stamps = w.stamps(created, decidedOn ?? submittedOn ?? created);
    const request = w.writer.add('support_requests', () => ({
      child_id: p.child.ref.id,
      placement_id: p.ref.id,
      contract_id: p.contract.ref.id,
      type_code: typeCode,
      sub_type_code: subType?.code ?? null,
      frequency,
      start_date: start,
      end_date: end,
      amount: amountMissing ? null : money(cents),
      ...staffingDetails,
      justification,
      status,
      submitted_at: submittedAt,
      decided_at: decidedAt,
      decided_by: decider?.ref.id ?? null,
      version: versionNumber,
      ...stamps,
    }));
    if (status === 'approved' && decidedOn) {
      const kind = typeCode === 'legacy_transition_in' ? 'transition_in' : 'support';
      const months = monthly ? monthsBetween(start, end) : [startOfMonth(start)];
      for (const month of months) addPayment(w, rows, p, kind, month, cents, decidedOn, request);
    }
  }
  return rows;
}

/** Plan editors who see a placement that ended in the last weeks were told its plan will close. */
function notifyRecentEnds(w: World, placements: Placement[]): void {
  const { rng } = w;
  for (const p of placements) {
    if (p.status !== 'ended' || !p.end || daysBetween(p.end, w.today) > 45) continue;
    const recipients = [
      ...w.usersOf(p.provider, 'org_admin'),
      ...p.place.staff.filter((u) => u.role === 'program_manager'),
    ];
    const closesOn = addDays(p.end, PLAN_CLOSES_DAYS_AFTER_PLACEMENT_END);
    const openPlans = p.plans.filter((v) => v.status !== 'closed' || v.closedOn === closesOn);
    const when = minDate(addDays(p.end, 1), w.today);
    for (const user of recipients) {
      const read = daysBetween(p.end, w.today) > 7 && rng.chance(0.8);
      const stamps = w.stamps(when);
      const readAt = read ? w.at(minDate(addDays(when, rng.int(0, 3)), w.today)) : null;
      const place = p.place;
      w.writer.add('notifications', () => {
        const child = `${p.child.firstName} ${p.child.lastName}`;
        const message = placementEndedMessage({ child, place: place.name, endDate: p.end!, planIds: openPlans.map((v) => v.ref.id), closesOn, asOf: when });
        return {
          user_id: user.ref.id,
          kind: 'placement_ended',
          message: message.text,
          message_parts: JSON.stringify([{ message_code: message.key, params: message.params }]),
          resource: 'placements',
          record_id: String(p.ref.id),
          read_at: readAt,
          ...stamps,
        };
      });
    }
  }
}
