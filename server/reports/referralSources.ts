import type { Knex } from 'knex';
import { REFERRAL_SOURCE_TYPES, type ReferralSourceType } from '../../contract/enums';
import { REFERRAL_SOURCES_KEYS, type ReferralSourcesResult, type SourceCounts } from '../../contract/reports';
import { referralRowsSql } from './definitions';
import { periodBucket } from './explain';
import { rollupsAnswer } from './rollups';
import { scopeFilter, type VisibleRecords } from './reportScope';
import { gridCounts } from './suppression';
import { arrayOf, INTEGER, keyed, NUMBER, object, oneOf, sameFor } from '../openapi/schemas';
import { bucketsJson, organizationFilter, SERIES_POINT, type ExplainedFigure, type ExplainInput, type ReportDefinition, type ReportInput } from './types';

/**
 * Referral sources (dashboard): new referrals — of both programmes, every referral once,
 * whatever its children's eligibility — per month (or fiscal quarter) of `referral_date` and
 * per `source_type`, with the period's totals and each source's share of them.
 */
export const SOURCE_LABELS: Record<ReferralSourceType, string> = {
  self_family: 'Self or family',
  school_educator: 'School or educator',
  physician_health: 'Physician or other health provider',
  childrens_aid: "Children's Aid Society",
  indigenous_org: 'Indigenous organisation',
  other: 'Other sources',
};

function emptyCounts(): SourceCounts {
  return { self_family: 0, school_educator: 0, physician_health: 0, childrens_aid: 0, indigenous_org: 0, other: 0, total: 0 };
}

/** The referrals counted: of the organisation, and of those the caller sees (reportScope.ts). */
function referralsCounted(organizationId: number | null, records?: VisibleRecords | null): string {
  return `${organizationFilter('r.organization_id', organizationId)} ${scopeFilter(records, 'referrals', 'r.id')}`;
}

export function referralSourcesSql(organizationId: number | null, records?: VisibleRecords | null): string {
  return `
select b.period, r.source_type, count(*)::int as referrals
from jsonb_to_recordset(:buckets::jsonb) as b(period text, start_date date, end_date date)
join referrals r on r.referral_date between b.start_date and b.end_date
where true ${referralsCounted(organizationId, records)}
group by b.period, r.source_type`;
}

/** The same rows from rollup_referrals: exact for whole months of an organisation's (or every organisation's) referrals. */
export function referralSourcesRollupSql(organizationId: number | null): string {
  return `
select b.period, r.source_type, sum(r.referrals)::int as referrals
from jsonb_to_recordset(:buckets::jsonb) as b(period text, start_date date, end_date date)
join rollup_referrals r on r.month between b.start_date and b.end_date
where true ${organizationFilter('r.organization_id', organizationId)}
group by b.period, r.source_type`;
}

export async function referralSources(knex: Knex, input: ReportInput): Promise<ReferralSourcesResult> {
  const { rows } = await knex.raw<{ rows: { period: string; source_type: ReferralSourceType; referrals: number }[] }>(
    rollupsAnswer(input, 'whole months') ? referralSourcesRollupSql(input.organization_id) : referralSourcesSql(input.organization_id, input.records),
    { buckets: bucketsJson(input.buckets), organization_id: input.organization_id, ...(input.records?.bindings ?? {}) },
  );
  const byPeriod = new Map(input.buckets.map((b) => [b.period, emptyCounts()]));
  const totals = emptyCounts();
  for (const row of rows) {
    const counts = byPeriod.get(row.period);
    if (!counts || !REFERRAL_SOURCE_TYPES.includes(row.source_type)) continue;
    counts[row.source_type] += row.referrals;
    counts.total += row.referrals;
    totals[row.source_type] += row.referrals;
    totals.total += row.referrals;
  }
  const shares = Object.fromEntries(
    REFERRAL_SOURCE_TYPES.map((s) => [s, totals.total === 0 ? 0 : Math.round((totals[s] / totals.total) * 10_000) / 10_000]),
  ) as Record<ReferralSourceType, number>;
  return {
    sources: [...REFERRAL_SOURCE_TYPES],
    series: input.buckets.map((b) => ({ period: b.period, label: b.label, ...byPeriod.get(b.period)! })),
    totals,
    shares,
  };
}

/** A source's referrals (or every referral, `total`) in one bucket of the period, one row per referral. */
function explainReferrals(input: ExplainInput): ExplainedFigure {
  const { start, end } = periodBucket(input);
  const source = input.key === 'total' ? '' : 'and r.source_type = :source_type';
  const label = input.key === 'total' ? 'New referrals' : `New referrals from ${SOURCE_LABELS[input.key as ReferralSourceType]}`;
  return {
    unit: 'referral',
    statistic: 'sum',
    decimals: null,
    title: label,
    definition: `${label} (both programmes), by referral_date from ${start} to ${end}: every referral once, however many children it names and whatever their eligibility.`,
    as_of: null,
    sql: referralRowsSql(`r.referral_date between :bucket_start::date and :bucket_end::date ${source} ${referralsCounted(input.organization_id, input.records)}`, SOURCE_LABELS),
    bindings: {
      bucket_start: start,
      bucket_end: end,
      source_type: input.key,
      organization_id: input.organization_id,
      ...(input.records?.bindings ?? {}),
    },
  };
}

export const referralSourcesReport: ReportDefinition<ReferralSourcesResult> = {
  name: 'referral-sources',
  title: 'Referral sources',
  run: referralSources,
  answer: {
    sources: arrayOf(oneOf(REFERRAL_SOURCE_TYPES)),
    series: arrayOf(object({ ...SERIES_POINT, ...sameFor(REFERRAL_SOURCES_KEYS, INTEGER) })),
    totals: keyed(REFERRAL_SOURCES_KEYS, INTEGER),
    shares: keyed(REFERRAL_SOURCE_TYPES, NUMBER),
  },
  tables: {
    series: (result) => ({
      columns: [
        { key: 'period', type: 'text', label: 'period' },
        { key: 'label', type: 'text', label: 'label' },
        ...REFERRAL_SOURCE_TYPES.map((s) => ({ key: s, type: 'number' as const, label: `sources.${s}` })),
        { key: 'total', type: 'number', label: 'total' },
      ],
      rows: result.series,
      counts: gridCounts(result.series.length, { columns: [...REFERRAL_SOURCE_TYPES], rowTotal: 'total' }),
    }),
  },
  explain: { keys: REFERRAL_SOURCES_KEYS, figure: explainReferrals },
  figures: (result) => ({ ...result.totals }),
};
