import type { Knex } from 'knex';
import { runConcurrently } from './concurrent';
import { rollupsAnswer } from './rollups';
import { fiscalYearStart } from '../dates';
import {
  activityOrganizationFilter,
  activityWindowStart,
  firstInitiationsCte,
  INITIATION_DETAIL,
  INITIATION_WAITS_CTE,
  latestCspActivity,
  referralRowsSql,
  rolledUpWaitingTotalSql,
  scopeRows,
  waitingOn,
  waitingRowsSql,
} from './definitions';
import type { ReportColumn } from '../exports/reportColumns';
import type { CspMeasure, CspMeasuresResult as SharedCspMeasuresResult } from '../../contract/reports';
import { REFERRAL_SOURCE_TYPES } from '../../contract/enums';
import { ValidationError } from '../errors';
import { say } from '../messages';
import { SOURCE_LABELS } from './referralSources';
import { arrayOf, DATE, nullable, NUMBER, object, oneOf, STRING } from '../openapi/schemas';
import { countedOn, organizationFilter, type ExplainedFigure, type ExplainInput, type ReportDefinition, type ReportInput } from './types';

/**
 * The ministry's Coordinated Service Planning performance measures (docs/domain.md "CSP performance
 * measures"), in docs/domain.md's order. `name` is the ministry's "Service data name" and
 * `definition` its definition (the ministry's CSP guidelines; `definition_fr` the same in French, for
 * the French dashboard), so the download goes to the
 * ministry as it is; how each value is computed is docs/domain.md's precise rule, quoted above
 * each part of the query.
 */
export interface Measure extends CspMeasure {
  key: MeasureKey;
}

export interface CspMeasuresResult extends SharedCspMeasuresResult {
  measures: Measure[];
}

const REFERRAL_DEFINITION_TAIL =
  'A referral is only counted in one Referral Source Type, which are mutually exclusive. Consider the “primary” service of the referral source when counting referrals. If there is more than one “primary” service, include the referral in the “other source” type.';
const DISCHARGE_DEFINITION_TAIL =
  'This number is calculated using the status of the Coordinated Service Plan, and the date of discharge from CSP. Children/youth with an inactive Coordinated Service Plan who are discharged in the reporting period (e.g., because the child/youth aged out, i.e., reached the age of 18 or the age of 21 if they were in school) are not included.';
const REFERRAL_DEFINITION_TAIL_FR =
  'Une demande de services n’est comptée que dans un seul type de source, les types s’excluant mutuellement. Tenez compte du service « principal » de la source de la demande ; s’il y a plus d’un service « principal », comptez la demande dans le type « autre source ».';
const DISCHARGE_DEFINITION_TAIL_FR =
  'Ce nombre est calculé d’après le statut du plan de services coordonnés et la date de congé de la PSC. Les enfants et les jeunes dont le plan est inactif et qui reçoivent leur congé pendant la période (p. ex. parce qu’ils ont atteint 18 ans, ou 21 ans s’ils étaient aux études) ne sont pas comptés.';
const INITIATION_DATE_FR =
  'L’amorce de la PSC a lieu à la date où la famille tient sa première rencontre (en personne ou par vidéoconférence) avec son coordonnateur de la planification des services pour amorcer son processus de PSC ; c’est aussi la date du premier contact.';
const INITIATION_DATE =
  'CSP initiation occurs on the date when the family has their first meeting/visit (in-person or by video conference) with their SPC to initiate their dedicated CSP process; this is also considered as the date of first contact.';

export const MEASURES = [
  {
    key: 'expenditures',
    name: 'Ministry-funded Agency Expenditures: Service Planning Coordinators',
    definition:
      'Total ministry-funded expenses for the Transfer Payment Recipient to administer and/or deliver this service in the Funding Year (cumulative).',
    definition_fr:
      'Total des dépenses financées par le ministère engagées par le bénéficiaire d’un paiement de transfert pour administrer ou offrir ce service pendant l’exercice de financement (cumulatif).',
  },
  {
    key: 'referrals_total',
    name: '# of New Referrals: SPC',
    definition:
      'The number of new referrals for Coordinated Service Planning (CSP) received by the Coordinating Agency or a CSP Provider (partner agency or partner organization) in the reporting year. The number of new referrals for CSP is calculated based on the date of referral. All referrals received are counted; this includes warm referrals (from an out-of-service-delivery-area Coordinating Agency or CSP Provider) and referrals for which the child/youth and family are deemed ineligible for CSP upon assessment. A referral for CSP may be for one or more children/youth depending on the needs and complexity of the family.',
    definition_fr:
      'Le nombre de nouvelles demandes de planification coordonnée des services (PSC) reçues par l’organisme de coordination ou un fournisseur de PSC (organisme partenaire) pendant l’année de référence, calculé d’après la date de la demande. Toutes les demandes reçues sont comptées, y compris les demandes transférées (d’un organisme de coordination ou d’un fournisseur de PSC hors de la zone de prestation) et celles pour lesquelles l’enfant ou le jeune et sa famille sont jugés non admissibles à l’évaluation. Une demande de PSC peut viser un ou plusieurs enfants ou jeunes selon les besoins et la complexité de la famille.',
  },
  {
    key: 'referrals_self_family',
    name: '# of New Referrals Self-Referred or Referred by Family: SPC',
    definition: `The number of new referrals for Coordinated Service Planning (CSP) received by the Coordinating Agency or CSP Provider (partner agency or partner organization) that was referred by themselves or their family in the reporting year. ${REFERRAL_DEFINITION_TAIL}`,
    definition_fr:
      `Le nombre de nouvelles demandes de planification coordonnée des services (PSC) reçues par l’organisme de coordination ou un fournisseur de PSC (organisme partenaire) qui ont été faites par la personne elle-même ou sa famille pendant l’année de référence. ${REFERRAL_DEFINITION_TAIL_FR}`,
  },
  {
    key: 'referrals_school_educator',
    name: '# of New Referrals by School or Educator: SPC',
    definition: `The number of new referrals for Coordinated Service Planning (CSP) received by the Coordinating Agency or CSP Provider (partner agency or partner organization) that was referred by the school and/or educator in the reporting year. ${REFERRAL_DEFINITION_TAIL}`,
    definition_fr:
      `Le nombre de nouvelles demandes de planification coordonnée des services (PSC) reçues par l’organisme de coordination ou un fournisseur de PSC (organisme partenaire) qui ont été faites par l’école ou un éducateur pendant l’année de référence. ${REFERRAL_DEFINITION_TAIL_FR}`,
  },
  {
    key: 'referrals_physician_health',
    name: '# of New Referrals by Physician Other Health Provider: SPC',
    definition: `The number of new referrals for Coordinated Service Planning (CSP) received by the Coordinating Agency or CSP Provider (partner agency/organization) that was referred by a physician and/or other health providers (e.g., home care, specialist) in the reporting year. ${REFERRAL_DEFINITION_TAIL}`,
    definition_fr:
      `Le nombre de nouvelles demandes de planification coordonnée des services (PSC) reçues par l’organisme de coordination ou un fournisseur de PSC (organisme partenaire) qui ont été faites par un médecin ou un autre fournisseur de soins de santé (p. ex. soins à domicile, spécialiste) pendant l’année de référence. ${REFERRAL_DEFINITION_TAIL_FR}`,
  },
  {
    key: 'referrals_childrens_aid',
    name: "# of New Referrals by Children's Aid Society: SPC",
    definition: `The number of new referrals for Coordinated Service Planning (CSP) received by the Coordinating Agency or CSP Provider (partner agency/organization) that was referred by the Children's Aid Society. ${REFERRAL_DEFINITION_TAIL}`,
    definition_fr:
      `Le nombre de nouvelles demandes de planification coordonnée des services (PSC) reçues par l’organisme de coordination ou un fournisseur de PSC (organisme partenaire) qui ont été faites par la société d’aide à l’enfance pendant l’année de référence. ${REFERRAL_DEFINITION_TAIL_FR}`,
  },
  {
    key: 'referrals_indigenous_org',
    name: '# of New Referrals by Indigenous Child Well Being Society or Other Indigenous Organization: SPC',
    definition: `The number of new referrals for Coordinated Service Planning CSP received by the Coordinating Agency or CSP Provider (partner agency/organization) that was referred by Indigenous Child Well Being Society or Other Indigenous Organization. ${REFERRAL_DEFINITION_TAIL}`,
    definition_fr:
      `Le nombre de nouvelles demandes de planification coordonnée des services (PSC) reçues par l’organisme de coordination ou un fournisseur de PSC (organisme partenaire) qui ont été faites par une société autochtone de bien-être de l’enfance ou un autre organisme autochtone pendant l’année de référence. ${REFERRAL_DEFINITION_TAIL_FR}`,
  },
  {
    key: 'referrals_other',
    name: '# of New Referrals by Other Sources: SPC',
    definition: `The number of new referrals for Coordinated Service Planning (CSP) received by the Coordinating Agency or CSP Provider (partner agency or partner organization) that was referred by other sources (e.g., other children’s service providers including autism providers, out-of-service-delivery-area Coordinating Agency, CSP Providers, other) in the reporting year. ${REFERRAL_DEFINITION_TAIL}`,
    definition_fr:
      `Le nombre de nouvelles demandes de planification coordonnée des services (PSC) reçues par l’organisme de coordination ou un fournisseur de PSC (organisme partenaire) qui ont été faites par d’autres sources (p. ex. d’autres fournisseurs de services à l’enfance, dont les fournisseurs de services en autisme, un organisme de coordination hors de la zone de prestation, des fournisseurs de PSC, autres) pendant l’année de référence. ${REFERRAL_DEFINITION_TAIL_FR}`,
  },
  {
    key: 'initiations_total',
    name: '# of Individuals Initiating Coordinated Service Planning (Total): SPC',
    definition:
      'The total number of unique children/youth for whom CSP was initiated during the current fiscal year. CSP initiation occurs on the date when the family has their first meeting/visit (in-person or by video conference) with their Service Planning Coordinator to initiate their dedicated CSP process; this is the date of first contact.',
    definition_fr:
      'Le nombre total d’enfants et de jeunes distincts pour qui la PSC a été amorcée pendant l’exercice en cours. L’amorce de la PSC a lieu à la date où la famille tient sa première rencontre (en personne ou par vidéoconférence) avec son coordonnateur de la planification des services pour amorcer son processus de PSC ; c’est la date du premier contact.',
  },
  {
    key: 'initiations_age_0_4',
    name: '# of Individuals at Coordinated Service Planning Initiation (Ages 0 to 4): SPC',
    definition:
      'The number of individuals ages 0 to 4 for whom Coordinated Service Planning CSP was initiated during the reporting period.',
    definition_fr:
      'Le nombre de personnes âgées de 0 à 4 ans pour qui la planification coordonnée des services (PSC) a été amorcée pendant la période de référence.',
  },
  {
    key: 'initiations_age_5_12',
    name: '# of Individuals at Coordinated Service Planning Initiation (Ages 5 to 12): SPC',
    definition:
      'The number of individuals ages 5 to 12 for whom Coordinated Service Planning CSP was initiated during the reporting period.',
    definition_fr:
      'Le nombre de personnes âgées de 5 à 12 ans pour qui la planification coordonnée des services (PSC) a été amorcée pendant la période de référence.',
  },
  {
    key: 'initiations_age_13_21',
    name: '# of Individuals at Coordinated Service Planning Initiation (Ages 13 to 21): SPC',
    definition:
      'The number of individuals ages 13 to 21 for whom Coordinated Service Planning CSP was initiated during the reporting period.',
    definition_fr:
      'Le nombre de personnes âgées de 13 à 21 ans pour qui la planification coordonnée des services (PSC) a été amorcée pendant la période de référence.',
  },
  {
    key: 'waiting_total',
    name: '# of Individuals Waiting for Coordinated Service Planning Initiation (Total): SPC',
    definition: `The total number of unique children/youth who have been referred to and are eligible for Coordinated Service Planning CSP but have not yet had CSP initiated. This is a static, point-in-time count of the number of children/youth waiting for CSP Initiation as of the reporting date. ${INITIATION_DATE}`,
    definition_fr:
      `Le nombre total d’enfants et de jeunes distincts qui ont été dirigés vers la planification coordonnée des services (PSC) et y sont admissibles, mais dont la PSC n’a pas encore été amorcée. C’est un dénombrement ponctuel des enfants et des jeunes qui attendent l’amorce de la PSC à la date de référence. ${INITIATION_DATE_FR}`,
  },
  {
    key: 'average_age_months',
    name: 'Average Age at Coordinated Service Planning Initiation (Months): SPC',
    definition: `The average age of all individuals at Coordinated Service Planning CSP initiation (their first in-person or phone meeting/visit with their dedicated SPC) during the reporting period. ${INITIATION_DATE}`,
    definition_fr:
      `L’âge moyen de toutes les personnes à l’amorce de la planification coordonnée des services (leur première rencontre en personne ou par téléphone avec leur coordonnateur dédié) pendant la période de référence. ${INITIATION_DATE_FR}`,
  },
  {
    key: 'wait_days_total',
    name: 'Total Wait Time from Referral to Coordinated Service Planning Initiation (# of Days): SPC',
    definition:
      'The total number of combined calendar days waited by all children/youth for Coordinated Service Planning CSP initiation, the date when the family has their first meeting/visit (in-person or by video conference) with their Service Planning Coordinator to initiate their dedicated CSP process; this is also the date of first contact.',
    definition_fr:
      'Le nombre total de jours civils attendus par l’ensemble des enfants et des jeunes avant l’amorce de la planification coordonnée des services, soit la date où la famille tient sa première rencontre (en personne ou par vidéoconférence) avec son coordonnateur de la planification des services pour amorcer son processus de PSC ; c’est aussi la date du premier contact.',
  },
  {
    key: 'direct_hours',
    name: 'Hours of Direct Service Time Spent (Total): SPC',
    definition:
      'The total number of hours spent by SPCs in direct delivery of Coordinated Service Planning CSP for a child/youth with an active Coordinated Service Plan. Direct Delivery of CSP represents the number of hours in meetings/visits between the child/youth and their family and their Service Planning Coordinator, including those during the period from CSP initiation to the development of his/her Plan.',
    definition_fr:
      'Le nombre total d’heures consacrées par les coordonnateurs à la prestation directe de la planification coordonnée des services pour un enfant ou un jeune ayant un plan actif. La prestation directe correspond aux heures de rencontres entre l’enfant ou le jeune, sa famille et son coordonnateur, y compris pendant la période allant de l’amorce de la PSC à l’élaboration de son plan.',
  },
  {
    key: 'indirect_hours',
    name: 'Hours of Indirect Service Time (Total): SPC',
    definition:
      'The total number of hours spent by SPC on indirect delivery of Coordinated Service Planning CSP for families of a child/youth with an active Coordinated Service Plan. This is to capture the amount of time spent on CSP outside of direct service time (i.e., in-person and phone meetings/visits with the child/youth and their family) such as case planning, behind-the-scenes coordination with partners/service providers, and administrative tasks. This includes all indirect service time during the period from a child/youth’s CSP initiation to the development of his/her Coordinated Service Plan.',
    definition_fr:
      'Le nombre total d’heures consacrées par les coordonnateurs à la prestation indirecte de la planification coordonnée des services pour les familles d’un enfant ou d’un jeune ayant un plan actif : le temps consacré à la PSC en dehors du service direct (les rencontres en personne et par téléphone avec l’enfant ou le jeune et sa famille), comme la planification du dossier, la coordination avec les partenaires et fournisseurs de services et les tâches administratives. Cela comprend tout le temps de service indirect entre l’amorce de la PSC et l’élaboration du plan de services coordonnés.',
  },
  {
    key: 'fte_total',
    name: '# of Full Time Equivalents (Total): SPC',
    definition:
      'The total number of Full Time Equivalents (FTEs) identified as a Service Planning Coordinator (SPC) for the Coordinating Agency or a Partner Agency during the reporting period. Includes FTEs whose dedicated function is for the direct delivery of CSP (this could include management roles). This should be reflected in FTEs, not individual staff. It should include existing staff of the Coordinating Agency or Partner Agencies who are identified as SPCs and create coordinated service plans, reflecting the portion of the existing staff’s role that is dedicated to CSP.',
    definition_fr:
      'Le nombre total d’équivalents temps plein (ETP) désignés comme coordonnateurs de la planification des services pour l’organisme de coordination ou un organisme partenaire pendant la période de référence. Comprend les ETP dont la fonction est la prestation directe de la PSC (ce qui peut inclure des rôles de gestion). Le nombre s’exprime en ETP, non en membres du personnel ; il inclut le personnel existant désigné comme coordonnateur qui élabore des plans de services coordonnés, pour la part de son rôle consacrée à la PSC.',
  },
  {
    key: 'active_plans_total',
    name: '# of Individuals with an Active Coordinated Service Plan (Total): SPC',
    definition:
      'The total number of unique children/youth with an active Coordinated Service Plan that has been initiated and has involved active CSP meetings or CSP activity in the past six months. An individual is counted only once per reporting period. A Plan is considered active from the date of CSP initiation to the date the Plan becomes inactive or the child/youth is discharged.',
    definition_fr:
      'Le nombre total d’enfants et de jeunes distincts ayant un plan de services coordonnés actif, amorcé et ayant donné lieu à des rencontres ou à des activités de PSC au cours des six derniers mois. Une personne n’est comptée qu’une fois par période de référence. Un plan est actif de la date d’amorce de la PSC jusqu’à ce qu’il devienne inactif ou que l’enfant ou le jeune reçoive son congé.',
  },
  {
    key: 'discharged_met_goals',
    name: '# of Individuals Discharged that Met their Goals: SPC',
    definition: `The total number of unique children/youth with an active Coordinated Service Plan who were discharged because they met their goals during the reporting period. ${DISCHARGE_DEFINITION_TAIL}`,
    definition_fr:
      `Le nombre total d’enfants et de jeunes distincts ayant un plan de services coordonnés actif qui ont reçu leur congé parce qu’ils ont atteint leurs objectifs pendant la période de référence. ${DISCHARGE_DEFINITION_TAIL_FR}`,
  },
  {
    key: 'discharged_left_catchment',
    name: '# of Individuals Discharged due to Family Leaving Catchment Area: SPC',
    definition: `The total number of unique children/youth with an active Coordinated Service Plan who were discharged due to the family leaving the catchment area during the reporting period. ${DISCHARGE_DEFINITION_TAIL}`,
    definition_fr:
      `Le nombre total d’enfants et de jeunes distincts ayant un plan de services coordonnés actif qui ont reçu leur congé parce que la famille a quitté la zone desservie pendant la période de référence. ${DISCHARGE_DEFINITION_TAIL_FR}`,
  },
  {
    key: 'discharged_unable_to_reach',
    name: '# of Individuals Discharged due to Inability to Reach Family: SPC',
    definition: `The total number of unique children/youth with an active Coordinated Service Plan who were discharged due to inability to reach the family during the reporting period. ${DISCHARGE_DEFINITION_TAIL}`,
    definition_fr:
      `Le nombre total d’enfants et de jeunes distincts ayant un plan de services coordonnés actif qui ont reçu leur congé faute d’avoir pu joindre la famille pendant la période de référence. ${DISCHARGE_DEFINITION_TAIL_FR}`,
  },
  {
    key: 'discharged_family_request',
    name: '# of Individuals Discharged at the Request of the Family: SPC',
    definition: `The total number of unique children/youth with an active Coordinated Service Plan who were discharged at the request of the family during the reporting period. ${DISCHARGE_DEFINITION_TAIL}`,
    definition_fr:
      `Le nombre total d’enfants et de jeunes distincts ayant un plan de services coordonnés actif qui ont reçu leur congé à la demande de la famille pendant la période de référence. ${DISCHARGE_DEFINITION_TAIL_FR}`,
  },
] as const;

export type MeasureKey = (typeof MEASURES)[number]['key'];

/**
 * Plan `p` has a service activity dated after `after` and on or before `upTo`.
 * `service_plans.last_activity_on` (kept by a trigger) is the plan's latest activity: on or
 * before `upTo` it answers alone; only a plan with activity after the window is searched.
 */
function activityBetween(after: string, upTo: string): string {
  return `(p.last_activity_on > ${after} and (
      p.last_activity_on <= ${upTo} -- its latest activity is in the window
      or exists (
        select 1 from service_activities a
        where a.service_plan_id = p.id and a.activity_date > ${after} and a.activity_date <= ${upTo}
      )
    ))`;
}

/*
 * Each measure's rule, written once: the figure statements below count with it, and the
 * explanation rows (cspMeasuresExplanations) list the units it counts with the same text.
 */

/** CSP referrals `r` dated in the period. */
const referralsInPeriod = (organizationId: number | null) =>
  `r.program = 'CSP' and r.referral_date between :from::date and :to::date ${organizationFilter('r.organization_id', organizationId)}`;

/** CSP expenditures from the start of the fiscal year containing "to", up to "to". */
const expendituresToDate = (organizationId: number | null) =>
  `program = 'CSP' and spent_on between :fiscal_year_start::date and :to::date ${organizationFilter('organization_id', organizationId)}`;

/** Service activities `a` dated in the period. */
const activitiesInPeriod = (organizationId: number | null) =>
  `a.activity_date between :from::date and :to::date ${activityOrganizationFilter(organizationId)}`;

/** SPC allocations overlapping the period; an open end_date runs past "to". */
const allocationsOverlapping = (organizationId: number | null) =>
  `role = 'spc' and start_date <= :to::date and (end_date is null or end_date >= :from::date) ${organizationFilter('organization_id', organizationId)}`;
const OVERLAP_DAYS = `(least(coalesce(end_date, :to::date), :to::date) - greatest(start_date, :from::date) + 1)`;
const PERIOD_DAYS = `(:to::date - :from::date + 1)`;

/**
 * Completed months of age on the initiation date, as PostgreSQL's age() counts them (a
 * 29 February birthday is reached on 1 March in common years), by plain date arithmetic:
 * age() three times per row was a fifth of the initiations statement's time at a million children.
 */
const COMPLETED_MONTHS = `((date_part('year', iw.initiated_on) - date_part('year', c.birth_date))::int * 12
           + (date_part('month', iw.initiated_on) - date_part('month', c.birth_date))::int
           - case when date_part('day', iw.initiated_on) < date_part('day', c.birth_date) then 1 else 0 end)`;

/** The age bands of the initiations, also rollup_csp_initiations' `age_band` (`'0-4'`, …: migration 20261205110000). */
const AGE_BANDS = { initiations_age_0_4: [0, 4], initiations_age_5_12: [5, 12], initiations_age_13_21: [13, 21] } as const;

/**
 * CSP plans `p` active on at least one day of the period: initiated on or before "to", not
 * closed before "from", with CSP activity after "from" − 6 months and on or before the earlier
 * of "to" and closed_on (least() ignores a null closed_on).
 */
const ACTIVE_WINDOW = [activityWindowStart(':from::date'), 'least(p.closed_on, :to::date)'] as const;
const activeInPeriod = (organizationId: number | null) => `p.program = 'CSP' and p.initiated_on <= :to::date
  and (p.closed_on is null or p.closed_on >= :from::date) ${organizationFilter('p.organization_id', organizationId)}`;

/**
 * CSP plans `p` closed in the period for one of the four counted reasons and active on their
 * closed_on (some CSP activity after closed_on − 6 months, up to closed_on).
 */
const DISCHARGE_REASONS = ['met_goals', 'left_catchment', 'unable_to_reach', 'family_request'] as const;
const DISCHARGE_WINDOW = [activityWindowStart('p.closed_on'), 'p.closed_on'] as const;
const dischargedInPeriod = (organizationId: number | null) => `p.program = 'CSP' and p.closed_on between :from::date and :to::date ${organizationFilter('p.organization_id', organizationId)}
  and p.closed_reason in (${DISCHARGE_REASONS.map((r) => `'${r}'`).join(', ')})
  and p.initiated_on <= p.closed_on`;

/**
 * Which parts of the flows statement read a rollup (docs/reports.md "CSP measures from the
 * rollups"): the referrals from `rollup_referrals` (whole calendar months only), the hours from
 * `rollup_activity_hours` (any period: its rows are days). The base statements are the
 * benchmark's baseline.
 */
export interface CspRollups {
  referrals: boolean;
  hours: boolean;
  initiations: boolean;
  waiting: boolean;
  active: boolean;
  discharges: boolean;
}
const NO_ROLLUPS: CspRollups = { referrals: false, hours: false, initiations: false, waiting: false, active: false, discharges: false };

/** The rows of `table` (alias `r`) for the organisation, or for every organisation (the rows of a null organisation). */

/**
 * active_plans_total from the rollups (a period starting on a first of a month): the children
 * active on "from" (rollup_active_plans: the months before its month and the days of its
 * month up to it), and the runs of active days starting after "from", up to "to", whose child's
 * previous run ended in a month before "from" (or that are its first): each child once.
 */
const rolledUpActive = (organizationId: number | null) => `
select ((select coalesce(sum(r.csp), 0)
         from (select organization_id, csp from rollup_active_plan_months where month < date_trunc('month', :from::date)
               union all
               select organization_id, csp from rollup_active_plans where day >= date_trunc('month', :from::date) and day <= :from::date) r
         where ${scopeRows(organizationId)})
      + (select coalesce(sum(r.runs), 0)
         from rollup_csp_active_starts r
         where ${scopeRows(organizationId)} and r.first_day > :from::date and r.first_day <= :to::date
           and (r.previous_month is null or r.previous_month < :from::date)))::int as active_plans_total`;

/**
 * discharged_* from rollup_csp_discharge_months (a period of whole months): each child once per
 * reason, at its first discharge for that reason in the period — the one whose previous is in
 * an earlier month, or that has none.
 */
const rolledUpDischarges = (organizationId: number | null) => `
select ${DISCHARGE_REASONS.map((reason) => `coalesce(sum(r.discharges) filter (where r.closed_reason = '${reason}'), 0)::int as discharged_${reason}`).join(',\n       ')}
from rollup_csp_discharge_months r
where ${scopeRows(organizationId)} and r.month between :from::date and :to::date
  and (r.previous_month is null or r.previous_month < :from::date)`;

const referralCounts = (organizationId: number | null) => `
  select count(*)::int as referrals_total,
         ${REFERRAL_SOURCE_TYPES.map((s) => `count(*) filter (where r.source_type = '${s}')::int as referrals_${s}`).join(',\n         ')}
  from referrals r
  where ${referralsInPeriod(organizationId)}`;

/** The same counts from the months of rollup_referrals (the period is whole months). */
const rolledUpReferralCounts = (organizationId: number | null) => `
  select coalesce(sum(r.referrals), 0)::int as referrals_total,
         ${REFERRAL_SOURCE_TYPES.map((s) => `coalesce(sum(r.referrals) filter (where r.source_type = '${s}'), 0)::int as referrals_${s}`).join(',\n         ')}
  from rollup_referrals r
  where r.program = 'CSP' and r.month between :from::date and :to::date ${organizationFilter('r.organization_id', organizationId)}`;

const hoursOf = (organizationId: number | null) => `
  select coalesce(round(sum(a.hours) filter (where a.kind = 'direct'), 2), 0)::float8 as direct_hours,
         coalesce(round(sum(a.hours) filter (where a.kind = 'indirect'), 2), 0)::float8 as indirect_hours
  from service_activities a
  where ${activitiesInPeriod(organizationId)}`;

/** The same sums from the days of rollup_activity_hours (exact numeric sums, rounded as above). */
const rolledUpHours = (organizationId: number | null) => `
  select coalesce(round(sum(h.direct_hours), 2), 0)::float8 as direct_hours,
         coalesce(round(sum(h.indirect_hours), 2), 0)::float8 as indirect_hours
  from rollup_activity_hours h
  where h.day between :from::date and :to::date ${organizationFilter('h.organization_id', organizationId)}`;

/**
 * The initiations' measures from rollup_csp_initiations (by organisation,
 * rollup_csp_initiations_by_organization), a period of whole months: each child's earliest
 * initiation in it is one whose previous one (in the organisation, for one) is in an earlier
 * month, or that has none (as the wait times, docs/reports.md "Wait times from the rollups");
 * the rows give the initiations per age band (`'<low>-<high>'` of AGE_BANDS, null outside
 * them: migration 20261205110000), their completed months of age summed and the days waited.
 */
function rolledUpInitiations(organizationId: number | null): string {
  const rollup = organizationId === null ? 'rollup_csp_initiations' : 'rollup_csp_initiations_by_organization';
  return `
select coalesce(sum(i.initiations), 0)::int as initiations_total,
       ${Object.entries(AGE_BANDS).map(([key, [low, high]]) => `coalesce(sum(i.initiations) filter (where i.age_band = '${low}-${high}'), 0)::int as ${key}`).join(',\n       ')},
       round(sum(i.age_months_total)::numeric / nullif(sum(i.initiations), 0)::numeric, 1)::float8 as average_age_months,
       coalesce(sum(i.wait_days), 0)::int as wait_days_total
from ${rollup} i
where i.month between :from::date and :to::date ${organizationFilter('i.organization_id', organizationId)}
  and (i.previous_month is null or i.previous_month < :from::date)`;
}

/** What the rollups answer for `input` (rollups.ts): the measures count whole organisations for every caller. */
export function cspRollups(input: Pick<ReportInput, 'from' | 'to'>): CspRollups {
  const wholeMonths = rollupsAnswer({ from: input.from, to: input.to, records: null }, 'whole months');
  // rollup_csp_waiting_days answers "waiting on" any date: the changes in the number of children waiting, day by day
  return {
    referrals: wholeMonths,
    hours: rollupsAnswer({ ...input, records: null }, 'days'),
    initiations: wholeMonths,
    waiting: true,
    active: wholeMonths,
    discharges: wholeMonths,
  };
}

/**
 * The measures in five statements that read the same snapshot, in three groups that run side
 * by side (concurrent.ts); each computes one group of measures by docs/domain.md's rule, quoted above it.
 * Every column is cast in SQL so pg returns numbers, not numeric/bigint strings.
 *
 * "Active on date E" (docs/domain.md): initiated on or before E, not closed before E, and some CSP
 * activity — the plan's `initiated_on` or one of its `service_activities` — in the six-month
 * window ending on E (definitions.ts `activityWindowStart`). The initiations and the waiting
 * children are definitions.ts's, shared with the wait times. `waiting_total` is a point in
 * time, counted on `:as_of` (the earlier of "to" and today).
 */
export function cspMeasuresStatements(organizationId: number | null, rollups: CspRollups = NO_ROLLUPS): string[][] {
  const flows = `
with
-- expenditures: CSP expenses from the start of the fiscal year containing "to", up to "to".
spending as (
  select coalesce(round(sum(amount), 2), 0)::float8 as expenditures
  from expenditures
  where ${expendituresToDate(organizationId)}
),
-- referrals_*: CSP referrals dated in the period, each once (however many children), by source.
referral_counts as (${rollups.referrals ? rolledUpReferralCounts(organizationId) : referralCounts(organizationId)}),
-- direct_hours / indirect_hours: service activities dated in the period.
hours as (${rollups.hours ? rolledUpHours(organizationId) : hoursOf(organizationId)}),
-- fte_total: Σ fte × days the SPC allocation overlaps the period ÷ days in the period.
fte as (
  select coalesce(round(sum(fte * ${OVERLAP_DAYS}) / ${PERIOD_DAYS}, 2), 0)::float8 as fte_total
  from staff_allocations
  where ${allocationsOverlapping(organizationId)}
)
select * from spending, referral_counts, hours, fte`;

  const initiations = rollups.initiations ? rolledUpInitiations(organizationId) : `
with
-- initiations: each child once, at its earliest CSP initiation in the period (lowest plan id
-- on a tie), with the referral of that plan for the wait.
${firstInitiationsCte(organizationId)},
${INITIATION_WAITS_CTE},
initiation_months as materialized (
  select iw.initiated_on, iw.referral_date, ${COMPLETED_MONTHS} as months
  from initiation_waits iw
  join children c on c.id = iw.child_id
),
initiation_ages as (
  select initiated_on, referral_date, months, floor(months::float8 / 12)::int as years from initiation_months
)
select count(*)::int as initiations_total,
       ${Object.entries(AGE_BANDS).map(([key, [low, high]]) => `count(*) filter (where years between ${low} and ${high})::int as ${key}`).join(',\n       ')},
       round(avg(months), 1)::float8 as average_age_months,
       coalesce(sum(initiated_on - referral_date), 0)::int as wait_days_total
from initiation_ages`;

  const waiting = rollups.waiting
    ? `
-- waiting_total: the children waiting for CSP initiation on "as_of", each once: the sum of the
-- day-by-day changes in their number up to it (rollup_csp_waiting_days, from the rows the wait
-- times' waiting list reads, waitTimes.ts rolledUpWaitingSql).
select w.total as waiting_total from (${rolledUpWaitingTotalSql(organizationId, ':as_of')}) w`
    : `
-- waiting_total: the children waiting for CSP initiation on "as_of" (waitingOn), each once.
select count(distinct w.child_id)::int as waiting_total
from (${waitingOn(':as_of', organizationId)}) w`;

  const active = rollups.active ? rolledUpActive(organizationId) : `
-- active_plans_total: children with a CSP plan active on at least one day of the period.
select count(distinct p.child_id)::int as active_plans_total
from service_plans p
where ${activeInPeriod(organizationId)}
  and (
    (p.initiated_on > ${ACTIVE_WINDOW[0]} and p.initiated_on <= ${ACTIVE_WINDOW[1]})
    or ${activityBetween(...ACTIVE_WINDOW)}
  )`;

  const discharged = rollups.discharges ? rolledUpDischarges(organizationId) : `
-- discharged_*: children whose CSP plan closed in the period for one of the four reasons and
-- was active on its closed_on.
select ${DISCHARGE_REASONS.map((r) => `count(distinct p.child_id) filter (where p.closed_reason = '${r}')::int as discharged_${r}`).join(',\n       ')}
from service_plans p
where ${dischargedInPeriod(organizationId)}
  and (
    p.initiated_on > ${DISCHARGE_WINDOW[0]}
    or ${activityBetween(...DISCHARGE_WINDOW)}
  )`;

  // Groups, one per connection when the pool allows: at a million children from the base
  // tables about equal in cost (bench/README.md); when every measure reads a rollup (a period of
  // whole months) two connections share them, each statement a few milliseconds; otherwise the
  // active plans and the discharges (from the base tables, about 1 s each) have one each.
  if (rollups.active && rollups.discharges) return [[flows, initiations], [waiting, active, discharged]];
  if (rollups.initiations) return [[active], [discharged], [flows, initiations, waiting]];
  return rollups.waiting ? [[active], [discharged, initiations], [flows, waiting]] : [[active, flows], [initiations], [waiting, discharged]];
}

export function cspMeasuresBindings(input: Pick<ReportInput, 'from' | 'to' | 'organization_id' | 'today'>) {
  return {
    from: input.from,
    to: input.to,
    as_of: countedOn(input.to, input.today),
    fiscal_year_start: fiscalYearStart(input.to),
    organization_id: input.organization_id,
  };
}

export async function cspMeasures(knex: Knex, input: ReportInput): Promise<CspMeasuresResult> {
  const bindings = cspMeasuresBindings(input);
  const results = await runConcurrently<Partial<Record<MeasureKey, number | null>>>(
    knex,
    cspMeasuresStatements(input.organization_id, cspRollups(input)),
    bindings,
  );
  const values: Partial<Record<MeasureKey, number | null>> = Object.assign({}, ...results.map((rows) => rows[0]));
  return {
    as_of: bindings.as_of,
    measures: MEASURES.map((m) => ({ key: m.key, name: m.name, value: values[m.key] ?? null, definition: m.definition, definition_fr: m.definition_fr })),
  };
}

/**
 * Each measure as the units it counts (the rows' columns: definitions.ts / explain.ts).
 * Counts of children are one row per child, with the plan or referral that made it count in
 * `detail`; hours one row per activity; FTEs one per allocation (its share, unrounded); the
 * expenditures one per expenditure.
 */
type MeasureRows = { unit: ExplainedFigure['unit']; statistic?: ExplainedFigure['statistic']; decimals?: number; as_of?: true; sql: (org: number | null) => string };

const initiationRows = (contribution: string, where = 'true') => (org: number | null) => `
with ${firstInitiationsCte(org)}, ${INITIATION_WAITS_CTE},
aged as (select iw.*, ${COMPLETED_MONTHS} as months from initiation_waits iw join children c on c.id = iw.child_id)
select 'child' as unit, iw.child_id as id, iw.child_id, iw.initiated_on as date, ${contribution} as contribution,
       concat(${INITIATION_DETAIL}, ', aged ', floor(iw.months::float8 / 12), ' (', iw.months, ' months)') as detail
from aged iw
where ${where}`;

const activityRows = (kind: 'direct' | 'indirect') => (org: number | null) => `
select 'activity' as unit, a.id, p.child_id, a.activity_date as date, a.hours as contribution,
       concat(a.kind, ' time, ', a.mode, ', CSP plan ', a.service_plan_id) as detail
from service_activities a
join service_plans p on p.id = a.service_plan_id
where ${activitiesInPeriod(org)} and a.kind = '${kind}'`;

/**
 * One row per child with a plan matching `where` and some CSP activity in `window` (its latest
 * is `p.latest_activity`); of several such plans, the first by `pick`.
 */
const planChildRows = (where: (org: number | null) => string, window: readonly [string, string], row: { date: string; pick: string; detail: string }) =>
  (org: number | null) => `
select distinct on (p.child_id) 'child' as unit, p.child_id as id, p.child_id, ${row.date} as date, 1 as contribution, ${row.detail} as detail
from (select p.*, ${latestCspActivity(...window)} as latest_activity from service_plans p where ${where(org)}) p
where p.latest_activity is not null
order by p.child_id, ${row.pick}, p.id`;

const MEASURE_ROWS: Record<MeasureKey, MeasureRows> = {
  expenditures: {
    unit: 'expenditure',
    decimals: 2,
    sql: (org) => `
select 'expenditure' as unit, id, null::bigint as child_id, spent_on as date, amount as contribution,
       coalesce(description, 'CSP expenditure') as detail
from expenditures where ${expendituresToDate(org)}`,
  },
  referrals_total: { unit: 'referral', sql: (org) => referralRowsSql(referralsInPeriod(org), SOURCE_LABELS) },
  ...(Object.fromEntries(
    REFERRAL_SOURCE_TYPES.map((source) => [
      `referrals_${source}`,
      { unit: 'referral', sql: (org: number | null) => referralRowsSql(`${referralsInPeriod(org)} and r.source_type = '${source}'`, SOURCE_LABELS) },
    ]),
  ) as Record<`referrals_${(typeof REFERRAL_SOURCE_TYPES)[number]}`, MeasureRows>),
  initiations_total: { unit: 'child', sql: initiationRows('1') },
  ...(Object.fromEntries(
    Object.entries(AGE_BANDS).map(([key, [low, high]]) => [
      key,
      { unit: 'child', sql: initiationRows('1', `floor(iw.months::float8 / 12) between ${low} and ${high}`) },
    ]),
  ) as Record<keyof typeof AGE_BANDS, MeasureRows>),
  waiting_total: {
    unit: 'child',
    as_of: true,
    sql: waitingRowsSql,
  },
  average_age_months: { unit: 'child', statistic: 'mean', decimals: 1, sql: initiationRows('iw.months') },
  wait_days_total: { unit: 'child', sql: initiationRows('coalesce(iw.days, 0)') },
  direct_hours: { unit: 'activity', decimals: 2, sql: activityRows('direct') },
  indirect_hours: { unit: 'activity', decimals: 2, sql: activityRows('indirect') },
  fte_total: {
    unit: 'allocation',
    decimals: 2,
    sql: (org) => `
select 'allocation' as unit, id, null::bigint as child_id, greatest(start_date, :from::date) as date,
       (fte * ${OVERLAP_DAYS})::numeric / ${PERIOD_DAYS} as contribution,
       concat(staff_name, ': ', fte, ' FTE for ', ${OVERLAP_DAYS}, ' of the period''s ', ${PERIOD_DAYS}, ' days') as detail
from staff_allocations where ${allocationsOverlapping(org)}`,
  },
  active_plans_total: {
    unit: 'child',
    sql: planChildRows(activeInPeriod, ACTIVE_WINDOW, {
      date: 'p.latest_activity',
      pick: 'p.latest_activity desc',
      detail: `concat('CSP plan ', p.id, ' active: CSP activity on ', p.latest_activity)`,
    }),
  },
  ...(Object.fromEntries(
    DISCHARGE_REASONS.map((reason) => [
      `discharged_${reason}`,
      {
        unit: 'child',
        sql: planChildRows((org) => `${dischargedInPeriod(org)} and p.closed_reason = '${reason}'`, DISCHARGE_WINDOW, {
          date: 'p.closed_on',
          pick: 'p.closed_on',
          detail: `concat('CSP plan ', p.id, ' closed on ', p.closed_on, ' (${reason}), active then: CSP activity on ', p.latest_activity)`,
        }),
      },
    ]),
  ) as Record<`discharged_${(typeof DISCHARGE_REASONS)[number]}`, MeasureRows>),
};

function explainMeasure(input: ExplainInput): ExplainedFigure {
  const measure = MEASURES.find((m) => m.key === input.key)!;
  if (input.bucket !== null) throw new ValidationError(say('explanation_parameters_invalid'), { bucket: say('field_csp_no_buckets') });
  const rows = MEASURE_ROWS[measure.key];
  const bindings = cspMeasuresBindings(input);
  return {
    unit: rows.unit,
    statistic: rows.statistic ?? 'sum',
    decimals: rows.decimals ?? null,
    title: measure.name,
    definition: measure.definition,
    definition_fr: measure.definition_fr,
    as_of: rows.as_of ? bindings.as_of : null,
    sql: rows.sql(input.organization_id),
    bindings,
  };
}

/** The ministry's columns of the measures table (a submission's download adds what identifies it). */
export const MEASURE_TABLE_COLUMNS: ReportColumn[] = [
  { key: 'name', type: 'text', label: 'measure_name' },
  { key: 'value', type: 'number', label: 'value' },
  { key: 'definition', type: 'text', label: 'definition' },
  { key: 'period_from', type: 'date', label: 'period_from' },
  { key: 'period_to', type: 'date', label: 'period_to' },
  { key: 'organization_name', type: 'text', label: 'organization' },
];

export const cspMeasuresReport: ReportDefinition<CspMeasuresResult> = {
  name: 'csp-measures',
  title: 'CSP performance measures',
  run: cspMeasures,
  answer: {
    as_of: DATE,
    measures: arrayOf(object({ key: oneOf(MEASURES.map((m) => m.key)), name: STRING, value: nullable(NUMBER), definition: STRING, definition_fr: STRING })),
  },
  tables: {
    measures: (result, context) => {
      const row = (key: MeasureKey) => result.measures.findIndex((m) => m.key === key);
      const cell = (key: MeasureKey) => ({ row: row(key), column: 'value' });
      return {
        columns: MEASURE_TABLE_COLUMNS,
        rows: result.measures.map((m) => ({
          name: m.name,
          value: m.value,
          definition: context.language === 'fr' ? m.definition_fr : m.definition,
          period_from: context.from,
          period_to: context.to,
          organization_name: context.organization_name,
        })),
        // The counts of children and referrals; the sources add up to the referrals, the age
        // bands to the initiations; the average age and total wait describe the initiated.
        counts: {
          cells: COUNT_MEASURES.map(cell),
          lines: [
            (['referrals_total', ...REFERRAL_SOURCE_TYPES.map((s) => `referrals_${s}`)] as MeasureKey[]).map(cell),
            (['initiations_total', ...Object.keys(AGE_BANDS)] as MeasureKey[]).map(cell),
          ],
          dependents: [{ of: cell('initiations_total'), cells: [cell('average_age_months'), cell('wait_days_total')] }],
        },
      };
    },
  },
  explain: { keys: MEASURES.map((m) => m.key), figure: explainMeasure },
  figures: (result) => Object.fromEntries(result.measures.map((m) => [m.key, m.value])),
};

/** The measures that count children or referrals (the others are money, hours, days, months and FTEs). */
const COUNT_MEASURES: MeasureKey[] = MEASURES.map((m) => m.key).filter(
  (key) => !['expenditures', 'average_age_months', 'wait_days_total', 'direct_hours', 'indirect_hours', 'fte_total'].includes(key),
);
