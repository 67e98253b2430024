import { addDays, addMonths, ageOn, daysBetween, maxDate, minDate, monthsBetween } from '../../server/dates';
import type { ChildRef, OrganizationRef, UserRef, World } from './world';
import type { Pending } from './writer';
import {
  ACTIVITY_NOTES,
  CARE_CIRCLE_ROLES,
  CLOSE_REASONS_CSP,
  COMPLAINTS,
  EVENT_TITLES,
  PLAN_ACTIVITIES,
  PLAN_GOALS,
  PLAN_NEEDS,
  PLAN_STRENGTHS,
  REFERRAL_SOURCES,
  REVIEW_SUMMARIES,
  RISK_REASONS,
  SOURCE_DETAILS,
  STRATEGIES,
  TASK_TITLES,
} from './vocabulary';

/**
 * Coordinated Service Planning (Ontario): referrals to coordinating agencies, eligibility,
 * waiting, initiation, service time, reviews and discharge, plus the agencies' SPC staffing
 * and expenditures, spread over three fiscal years.
 */
const CSP_REFERRALS = 345;
const PLAN_SERVICE_CATEGORIES = [
  'rehab_speech_language', 'rehab_occupational', 'rehab_physio', 'nursing', 'dietician', 'personal_support',
  'autism', 'developmental', 'respite', 'mental_health', 'health_care', 'education', 'other',
];

const SERVICE_PRIORITIES = [['routine', 70], ['high', 22], ['urgent', 8]] as const;

/** An in-service plan's risk flag, on about one plan in six: level, why, and when it was last reviewed. */
function riskFlag(w: World, status: string, initiatedOn: string) {
  const { extras } = w;
  if (status !== 'in_service' || !extras.chance(0.16)) return { risk_level: null, risk_reason: null, risk_reviewed_on: null };
  return {
    risk_level: extras.weighted([['low', 30], ['medium', 45], ['high', 25]] as const),
    risk_reason: extras.pick(RISK_REASONS),
    risk_reviewed_on: addDays(initiatedOn, extras.int(0, daysBetween(initiatedOn, w.today))),
  };
}

/** The agency's complaints register: a handful a year, most resolved within weeks. */
function complaints(w: World, agency: OrganizationRef): void {
  const { extras } = w;
  const count = extras.int(5, 11);
  for (let i = 0; i < count; i += 1) {
    const receivedOn = addDays(w.start, extras.int(0, daysBetween(w.start, w.today)));
    const recent = daysBetween(receivedOn, w.today) < 30;
    const status = recent
      ? extras.weighted([['open', 60], ['investigating', 40]] as const)
      : extras.weighted([['resolved', 70], ['withdrawn', 10], ['investigating', 10], ['open', 10]] as const);
    const settled = status === 'resolved' || status === 'withdrawn';
    const resolvedOn = settled ? minDate(addDays(receivedOn, extras.int(3, 60)), w.today) : null;
    const [category, about, resolution] = extras.pick(COMPLAINTS);
    const createdAt = w.at(receivedOn, extras.int(15 * 60, 23 * 60));
    const updatedAt = resolvedOn ? w.at(resolvedOn, extras.int(15 * 60, 23 * 60)) : createdAt;
    w.writer.add('complaints', () => ({
      organization_id: agency.ref.id,
      received_on: receivedOn,
      received_from: extras.weighted([['family', 65], ['provider', 15], ['child', 8], ['other', 12]] as const),
      complainant_name: null,
      about,
      category,
      child_id: null,
      service_plan_id: null,
      status,
      resolution: status === 'resolved' ? resolution : null,
      resolved_on: resolvedOn,
      version: settled ? 2 : 1,
      created_at: createdAt,
      updated_at: updatedAt < createdAt ? createdAt : updatedAt,
    }));
  }
}

/** Ages at referral: mostly young children, some teenagers, a few young adults (CSP serves to 21). */
const AGE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[0, 4], 30],
  [[5, 12], 45],
  [[13, 17], 18],
  [[18, 20], 7],
];

interface ClosedPlan {
  organization: OrganizationRef;
  child: ChildRef;
  closedOn: string;
  reason: string;
}

export function seedCsp(w: World): void {
  const { rng } = w;
  const receivers: [OrganizationRef, number][] = [
    [w.agencies[0], 45],
    [w.agencies[1], 28],
    [w.agencies[2], 22],
    [w.providers[0], 5],
  ];
  const closed: ClosedPlan[] = [];
  for (let i = 0; i < CSP_REFERRALS; i += 1) {
    const organization = rng.weighted(receivers);
    const date = w.dateBetween(addDays(w.start, -150), w.today);
    referral(w, organization, date, null, closed);
  }
  // Some families come back after their plan closed: a new referral of the same child.
  for (const plan of closed) {
    if (!['family_request', 'unable_to_reach', 'left_catchment'].includes(plan.reason)) continue;
    const room = daysBetween(plan.closedOn, w.today);
    if (room < 90 || !rng.chance(0.3)) continue;
    referral(w, plan.organization, addDays(plan.closedOn, rng.int(45, Math.min(room, 400))), plan.child, []);
  }
  staffAndExpenditures(w);
  for (const agency of w.agencies) complaints(w, agency);
}

function referrer(w: World, source: string, childLastName: string): string {
  if (source === 'self_family') return `${w.rng.pick(['Mother', 'Father', 'Grandmother', 'Aunt'])}: ${w.personName().split(' ')[0]} ${childLastName}`;
  return w.personName();
}

function referral(w: World, organization: OrganizationRef, date: string, returning: ChildRef | null, closed: ClosedPlan[]): void {
  const { rng } = w;
  const warm = rng.chance(0.08);
  const source = warm ? 'other' : rng.weighted(REFERRAL_SOURCES);
  const otherAgency = rng.pick(w.agencies.filter((a) => a !== organization));
  const detail = warm ? `Warm transfer from ${otherAgency.name}` : rng.pick(SOURCE_DETAILS[source]);
  const siblings = returning ? 1 : rng.chance(0.12) ? 2 : 1;
  const children: ChildRef[] = [];
  const familyName = returning?.lastName ?? w.personName().split(' ')[1];
  for (let i = 0; i < siblings; i += 1) {
    const [minAge, maxAge] = rng.weighted(AGE_BANDS);
    children.push(returning ?? w.child({ on: date, minAge, maxAge, lastName: familyName, area: organization.area, registeredBy: organization }));
  }
  const name = referrer(w, source, familyName);
  const notes = rng.chance(0.4) ? rng.pick(['Family prefers evening calls.', 'Interpreter needed (Punjabi).', 'Multiple providers involved; family overwhelmed.', 'Urgent: school placement at risk.']) : null;
  const stamps = w.stamps(date);
  const ref = w.writer.add('referrals', () => ({
    organization_id: organization.ref.id,
    program: 'CSP',
    referral_date: date,
    source_type: source,
    source_detail: detail,
    is_warm: warm,
    referrer_name: name,
    notes,
    ...stamps,
  }));
  for (const child of children) referralChild(w, organization, ref, date, child, closed);
}

function referralChild(w: World, organization: OrganizationRef, referralRef: Pending, date: string, child: ChildRef, closed: ClosedPlan[]): void {
  const { rng } = w;
  const since = daysBetween(date, w.today);
  let eligibility: 'pending' | 'eligible' | 'ineligible';
  if (since < 21) eligibility = rng.chance(0.7) ? 'pending' : 'eligible';
  else eligibility = rng.weighted([['eligible', 85], ['ineligible', 10], ['pending', 5]] as const);
  const decidedOn = eligibility === 'pending' ? null : addDays(date, rng.int(2, Math.max(2, Math.min(30, since))));
  let closedOn: string | null = null;
  let closedReason: string | null = null;
  let initiatedOn: string | null = null;
  if (eligibility === 'ineligible') {
    closedOn = decidedOn;
    closedReason = rng.pick(['Not eligible: needs met by a single provider', 'Not eligible: outside the service area']);
  } else if (eligibility === 'eligible' && decidedOn) {
    const wait = rng.weighted([[rng.int(5, 30), 45], [rng.int(31, 90), 35], [rng.int(91, 200), 20]] as const);
    const initiation = addDays(decidedOn, wait);
    if (rng.chance(0.07) && addDays(decidedOn, 30) <= w.today) {
      closedOn = addDays(decidedOn, rng.int(10, Math.min(60, daysBetween(decidedOn, w.today))));
      closedReason = 'Family declined coordinated service planning';
    } else if (initiation <= w.today) {
      initiatedOn = initiation;
    }
  }
  const stamps = w.stamps(date, closedOn ?? decidedOn ?? date);
  w.writer.add('referral_children', () => ({
    referral_id: referralRef.id,
    child_id: child.ref.id,
    eligibility,
    eligibility_decided_on: decidedOn,
    closed_on: closedOn,
    closed_reason: closedReason,
    ...stamps,
  }));
  if (initiatedOn) plan(w, organization, referralRef, child, initiatedOn, closed);
}

function coordinatorFor(w: World, organization: OrganizationRef): UserRef | null {
  const coordinators = w.usersOf(organization, 'coordinator');
  if (!coordinators.length) return null;
  const spc = w.demo.get('spc')!;
  if (coordinators.includes(spc) && w.rng.chance(0.45)) return spc;
  return w.rng.pick(coordinators);
}

function plan(w: World, organization: OrganizationRef, referralRef: Pending, child: ChildRef, initiatedOn: string, closed: ClosedPlan[]): void {
  const { rng } = w;
  const coordinator = coordinatorFor(w, organization);
  const author = coordinator ?? w.usersOf(organization, 'program_manager', 'org_admin')[0];
  const age = daysBetween(initiatedOn, w.today);
  let closedOn: string | null = null;
  let reason: string | null = null;
  if (age > 75 && rng.chance(0.45)) {
    closedOn = addDays(initiatedOn, rng.int(60, Math.min(age, 720)));
    reason = rng.weighted(CLOSE_REASONS_CSP);
    const ageAtClose = ageOn(child.birthDate, closedOn);
    if (reason === 'aged_out' && ageAtClose < 17) reason = 'met_goals';
    else if (ageAtClose >= 18 && rng.chance(0.6)) reason = 'aged_out';
  }
  const end = closedOn ?? w.today;
  // Service time: every one to five weeks; some plans go quiet (and so stop being active).
  let lastActivity = end;
  if (reason === 'unable_to_reach' && rng.chance(0.5)) lastActivity = addDays(end, -rng.int(190, 260));
  else if (!closedOn && rng.chance(0.12)) lastActivity = addDays(initiatedOn, rng.int(20, Math.max(20, age)));
  const activities: { date: string; kind: string; mode: string; hours: string; note: string }[] = [];
  for (let d = addDays(initiatedOn, rng.int(0, 10)); d <= lastActivity && d <= end; d = addDays(d, rng.int(6, 35))) {
    const kind = rng.chance(0.6) ? 'direct' : 'indirect';
    activities.push({
      date: d,
      kind,
      mode: kind === 'direct' ? rng.weighted([['in_person', 50], ['video', 25], ['phone', 20], ['other', 5]] as const) : rng.weighted([['phone', 60], ['other', 25], ['video', 15]] as const),
      hours: (rng.int(1, 14) * 0.25).toFixed(2),
      note: rng.pick(ACTIVITY_NOTES),
    });
  }
  const status = closedOn ? 'closed' : age < 21 && rng.chance(0.3) ? 'draft' : 'in_service';
  const texts = {
    goals: rng.sample(PLAN_GOALS, 2).join(' '),
    strengths: rng.pick(PLAN_STRENGTHS),
    needs: rng.sample(PLAN_NEEDS, 2).join(' '),
    activities: rng.pick(PLAN_ACTIVITIES),
    clinical_services: null,
    non_clinical_services: null,
    strategies: rng.pick(STRATEGIES),
  };
  const risk = riskFlag(w, status, initiatedOn);
  const lastChange = activities.length ? maxDate(end === w.today ? activities[activities.length - 1].date : end, initiatedOn) : end;
  const stamps = w.stamps(initiatedOn, minDate(lastChange, w.today));
  const planRef = w.writer.add('service_plans', () => ({
    child_id: child.ref.id,
    program: 'CSP',
    organization_id: organization.ref.id,
    placement_id: null,
    referral_id: referralRef.id,
    coordinator_id: coordinator?.ref.id ?? null,
    status,
    initiated_on: initiatedOn,
    approved_on: null,
    approved_by: null,
    closed_on: closedOn,
    closed_reason: reason,
    ...texts,
    ...risk,
    cloned_from_id: null,
    version: 1 + Math.min(activities.length, 3),
    ...stamps,
  }));
  if (closedOn && reason) closed.push({ organization, child, closedOn, reason });

  for (const a of activities) {
    const activityStamps = w.stamps(a.date);
    w.writer.add('service_activities', () => ({
      service_plan_id: planRef.id,
      coordinator_id: coordinator?.ref.id ?? null,
      activity_date: a.date,
      kind: a.kind,
      mode: a.mode,
      hours: a.hours,
      note: a.note,
      ...activityStamps,
    }));
  }

  planServices(w, planRef, initiatedOn, end);
  careCircle(w, planRef, child, initiatedOn, end);
  for (let review = addDays(initiatedOn, 180), previous = initiatedOn; review <= end; previous = review, review = addDays(review, 180)) {
    const reviewStamps = w.stamps(review);
    const periodStart = previous;
    const reviewDate = review;
    const summary = rng.pick(REVIEW_SUMMARIES);
    const goalProgress = rng.pick(['Goals on track.', 'Goals partly met.', 'Most goals met.', 'Work on goals has not started yet.']);
    w.writer.add('progress_reviews', () => ({
      service_plan_id: planRef.id,
      review_date: reviewDate,
      period_start: periodStart,
      period_end: reviewDate,
      summary,
      goal_progress: goalProgress,
      next_review_on: addDays(reviewDate, 180),
      author_id: author?.ref.id ?? null,
      ...reviewStamps,
    }));
  }
  if (status !== 'draft' && author) {
    const meetings = rng.int(1, 3);
    for (let i = 0; i < meetings; i += 1) {
      const date = w.dateBetween(initiatedOn, end);
      const occurredAt = w.at(date);
      const title = rng.pick(EVENT_TITLES.meeting);
      const eventStamps = w.stamps(date);
      w.writer.add('events', () => ({
        child_id: child.ref.id,
        service_plan_id: planRef.id,
        type: 'meeting',
        occurred_at: occurredAt,
        title,
        description: 'Coordinated service planning meeting with the family and providers.',
        created_by: author.ref.id,
        ...eventStamps,
      }));
    }
    const taskCount = closedOn ? rng.int(0, 1) : rng.int(1, 2);
    for (let i = 0; i < taskCount; i += 1) {
      const due = closedOn ? w.dateBetween(initiatedOn, closedOn) : addDays(w.today, rng.int(-10, 30));
      const taskStatus = closedOn ? 'done' : due < w.today && rng.chance(0.5) ? 'done' : 'open';
      const title = rng.pick(TASK_TITLES);
      const taskStamps = w.stamps(maxDate(initiatedOn, minDate(addDays(due, -14), w.today)));
      w.writer.add('tasks', () => ({
        child_id: child.ref.id,
        service_plan_id: planRef.id,
        assigned_to: author.ref.id,
        title,
        due_on: due,
        status: taskStatus,
        ...taskStamps,
      }));
    }
  }
}

function planServices(w: World, planRef: Pending, from: string, to: string): void {
  const { rng } = w;
  for (const category of rng.sample(PLAN_SERVICE_CATEGORIES, rng.int(1, 4))) {
    const requestedOn = w.dateBetween(from, minDate(addDays(from, 30), to));
    let status = rng.weighted([['receiving', 40], ['waitlisted', 20], ['needed', 15], ['completed', 15], ['declined', 10]] as const) as string;
    let startedOn: string | null = null;
    let endedOn: string | null = null;
    if (status === 'receiving' || status === 'completed') {
      startedOn = addDays(requestedOn, rng.int(10, 120));
      if (startedOn > w.today) {
        status = 'waitlisted';
        startedOn = null;
      } else if (status === 'completed') {
        endedOn = addDays(startedOn, rng.int(30, 300));
        if (endedOn > w.today) {
          status = 'receiving';
          endedOn = null;
        }
      }
    }
    const provider = rng.pick(["Children's treatment centre", 'School board', 'Community health centre', 'Private clinic', 'Local hospital', null]);
    const stamps = w.stamps(requestedOn, endedOn ?? startedOn ?? requestedOn);
    const priority = w.extras.weighted(SERVICE_PRIORITIES);
    const waitlistedOn = status === 'waitlisted' ? minDate(addDays(requestedOn, w.extras.int(0, 20)), w.today) : null;
    w.writer.add('plan_services', () => ({
      service_plan_id: planRef.id,
      category,
      provider_name: provider,
      status,
      requested_on: requestedOn,
      started_on: startedOn,
      ended_on: endedOn,
      priority,
      waitlisted_on: waitlistedOn,
      ...stamps,
    }));
  }
}

/** Care circle members of a plan; returns the ones still active (a clone copies them). */
export function careCircle(w: World, planRef: Pending, child: ChildRef, from: string, to: string, copies: CircleMember[] = []): CircleMember[] {
  const { rng } = w;
  const members: CircleMember[] = copies.map((m) => ({ ...m }));
  if (!copies.length) {
    members.push({ name: `${rng.pick(['Amanda', 'Ravi', 'Sophie', 'Daniel', 'Grace', 'Marc'])} ${child.lastName}`, role: rng.pick(['Parent', 'Guardian']), organization: null, joinedOn: from, leftOn: null });
    for (const who of rng.sample(CARE_CIRCLE_ROLES.filter((r) => r.organization), rng.int(1, 4))) {
      members.push({ name: w.personName(), role: who.role, organization: who.organization, joinedOn: from, leftOn: null });
    }
  }
  for (const member of members) {
    if (member.leftOn === null && rng.chance(0.15) && daysBetween(member.joinedOn, to) > 40) {
      member.leftOn = addDays(member.joinedOn, rng.int(30, daysBetween(member.joinedOn, to)));
    }
    const m = { ...member };
    const stamps = w.stamps(minDate(m.joinedOn, w.today), minDate(m.leftOn ?? m.joinedOn, w.today));
    const email = rng.chance(0.6) ? `${m.name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org` : null;
    const phone = rng.chance(0.7) ? `250-555-${rng.digits(4)}` : null;
    w.writer.add('care_circle_members', () => ({
      service_plan_id: planRef.id,
      name: m.name,
      role: m.role,
      organization_name: m.organization,
      email,
      phone,
      is_active: m.leftOn === null,
      joined_on: m.joinedOn,
      left_on: m.leftOn,
      ...stamps,
    }));
  }
  return members.filter((m) => m.leftOn === null);
}

export interface CircleMember {
  name: string;
  role: string;
  organization: string | null;
  joinedOn: string;
  leftOn: string | null;
}

/** SPC time (FTE) and the ministry-funded expenditures of each coordinating agency. */
function staffAndExpenditures(w: World): void {
  const { rng } = w;
  for (const agency of w.agencies) {
    let monthlyFte = 0;
    for (const coordinator of w.usersOf(agency, 'coordinator')) {
      const fte = rng.pick([1, 1, 0.8, 0.6, 0.5]);
      monthlyFte += fte;
      const startDate = rng.chance(0.7) ? addDays(w.start, -rng.int(30, 400)) : w.dateBetween(w.start, addDays(w.start, 300));
      const endDate = rng.chance(0.15) ? w.dateBetween(addDays(startDate, 120), w.today) : null;
      const stamps = w.stamps(minDate(startDate, w.today));
      w.writer.add('staff_allocations', () => ({
        organization_id: agency.ref.id,
        user_id: coordinator.ref.id,
        staff_name: coordinator.fullName,
        role: 'spc',
        fte: fte.toFixed(3),
        start_date: startDate,
        end_date: endDate,
        ...stamps,
      }));
    }
    const contractStart = w.dateBetween(w.start, addDays(w.start, 200));
    const contractEnd = addDays(contractStart, 365);
    const contractorName = w.personName();
    const contractorStamps = w.stamps(contractStart);
    w.writer.add('staff_allocations', () => ({
      organization_id: agency.ref.id,
      user_id: null,
      staff_name: `${contractorName} (contract SPC)`,
      role: 'spc',
      fte: '0.400',
      start_date: contractStart,
      end_date: contractEnd,
      ...contractorStamps,
    }));
    for (const month of monthsBetween(w.start, w.today)) {
      const spentOn = minDate(addDays(addMonths(month, 1), -1), w.today);
      const lines: [string, number][] = [['SPC salaries and benefits', Math.round(monthlyFte * rng.int(6200, 7100) * 100)]];
      if (rng.chance(0.8)) lines.push(['Mileage and travel', rng.int(150, 900) * 100 + rng.int(0, 99)]);
      if (month.slice(5, 7) === '06' || month.slice(5, 7) === '11') lines.push(['Training and professional development', rng.int(300, 2000) * 100]);
      for (const [description, cents] of lines) {
        const stamps = w.stamps(spentOn);
        w.writer.add('expenditures', () => ({
          organization_id: agency.ref.id,
          program: 'CSP',
          spent_on: spentOn,
          amount: (cents / 100).toFixed(2),
          description,
          ...stamps,
        }));
      }
    }
  }
}
