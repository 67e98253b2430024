import { statisticSql } from '../reports/explain';
import type { ExplainedFigure } from '../reports/types';

/**
 * What a submission holds, as SQL: each measure's explanation rows packed into one jsonb array
 * (`[unit, id, child_id, date, contribution, detail]` per row, ordered by unit and id), the
 * value they give, and the submission's digest over its canonical content:
 *
 *   line 0   jsonb ["csp-measures", organization_id, fiscal_year, period, period_from, period_to, as_of]
 *   line i   jsonb [measure_key, name, definition, value, unit, statistic, decimals, as_of, rows, definition_fr]   (by position)
 *
 * where a measure submitted before French definitions were kept (definition_fr empty) has no
 * last element, so those submissions still give the digest they were signed with.
 * each as PostgreSQL writes jsonb as text (`["a", 1, null]`: ", " between elements), joined by
 * "\n", UTF-8, SHA-256 in hex. Numbers carry no trailing zeros (`trim_scale`: 1200, not
 * 1200.00), so anyone can rebuild the content from the API's answers and check the digest
 * (test/submissions/submissions.test.ts does). The same expressions build the digest when a
 * submission is made and check it when one is read.
 */

/** A figure's rows (`x`: its explanation statement) as the packed array, and the value they give. */
export function packedRows(figure: ExplainedFigure): { rows: string; value: string; count: string } {
  return {
    rows: `coalesce(jsonb_agg(jsonb_build_array(x.unit::text, x.id::bigint, x.child_id::bigint, x.date::date, trim_scale(x.contribution::numeric), x.detail::text) order by x.unit::text, x.id::bigint), '[]'::jsonb)`,
    value: statisticSql(figure, 'x.contribution::numeric'),
    count: 'count(*)::int',
  };
}

/** The packed rows of `m.rows` (a report_submission_measures row), as explanation rows. */
export const UNPACKED_ROWS = `select e->>0 as unit, (e->>1)::bigint as id, (e->>2)::bigint as child_id, (e->>3)::date as date,
       (e->>4)::numeric as contribution, e->>5 as detail
from report_submission_measures m
cross join jsonb_array_elements(m.rows) e`;

export interface HeaderColumns {
  organization_id: string;
  fiscal_year: string;
  period: string;
  period_from: string;
  period_to: string;
  as_of: string;
}

const headerLine = (h: HeaderColumns) =>
  `jsonb_build_array('csp-measures', ${h.organization_id}::bigint, ${h.fiscal_year}::int, ${h.period}::text, ${h.period_from}::date, ${h.period_to}::date, ${h.as_of}::date)::text`;

const measureLine = (m: string) =>
  `(jsonb_build_array(${m}.measure_key::text, ${m}.name::text, ${m}.definition::text, trim_scale(${m}.value::numeric), ${m}.unit::text, ${m}.statistic::text, ${m}.decimals::int, ${m}.as_of::date, ${m}.rows::jsonb)
    || case when ${m}.definition_fr is null then '[]'::jsonb else jsonb_build_array(${m}.definition_fr::text) end)::text`;

/** The digest, as an aggregate over the measures `m` (one group: the submission's). */
export function digestSql(header: HeaderColumns, m: string): string {
  return `encode(sha256(convert_to(${headerLine(header)} || string_agg(E'\\n' || ${measureLine(m)}, '' order by ${m}.position), 'UTF8')), 'hex')`;
}

/** The stored submission `r`'s columns, for `digestSql`. */
export const STORED_HEADER: HeaderColumns = {
  organization_id: 'r.organization_id',
  fiscal_year: 'r.fiscal_year',
  period: 'r.period',
  period_from: 'r.period_from',
  period_to: 'r.period_to',
  as_of: 'r.as_of',
};

/** Whether submission `:submission_id`'s stored content still gives its digest. */
export const DIGEST_VERIFIED = `
select r.digest = (select ${digestSql(STORED_HEADER, 'm')} from report_submission_measures m where m.submission_id = r.id) as verified
from report_submissions r
where r.id = :submission_id`;

/** The bindings of every figure, as one set: the CSP measures name the same parameters with the same values. */
export function mergedBindings(figures: ExplainedFigure[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const figure of figures) {
    for (const [name, value] of Object.entries(figure.bindings)) {
      if (name in merged && merged[name] !== value) throw new Error(`Two measures bind :${name} differently`);
      merged[name] = value;
    }
  }
  return merged;
}

/** A stored measure's metadata, as `report_submission_measures` holds it. */
export interface StoredMeasure {
  position: number;
  measure_key: string;
  name: string;
  definition: string;
  /** null: submitted before French definitions were kept */
  definition_fr: string | null;
  value: string | number | null;
  unit: string;
  statistic: string;
  decimals: number | null;
  as_of: string | null;
}

/**
 * A measure's frozen rows in submission `submissionId` as a figure: explain.ts pages, sorts,
 * names and sums them like a report's. The key's binding is named after it, so the figures of
 * every measure can share one statement.
 */
export function frozenFigure(submissionId: number, measure: StoredMeasure): ExplainedFigure {
  const keyParam = `frozen_key_${measure.measure_key}`;
  return {
    unit: measure.unit as ExplainedFigure['unit'],
    statistic: measure.statistic as ExplainedFigure['statistic'],
    decimals: measure.decimals === null ? null : Number(measure.decimals),
    title: measure.name,
    definition: measure.definition,
    ...(measure.definition_fr === null ? {} : { definition_fr: measure.definition_fr }),
    as_of: measure.as_of,
    sql: `${UNPACKED_ROWS} where m.submission_id = :frozen_submission_id and m.measure_key = :${keyParam}`,
    bindings: { frozen_submission_id: submissionId, [keyParam]: measure.measure_key },
  };
}
