import type { WaitTimesReport, WaitTimesResult } from '../../../../../contract/reports';
import { num, numOrNull, periodColumn, sum, type ChartModel, type Row } from '../../../reporting/model';
import { besideCompared, comparedPoints, comparedTable, type Overlay } from '../overlay';

/** With an overlay, each month's `compared_period`, `compared_median` and `compared_p90`, and each bucket's `compared_count`. */
export interface WaitTimesData {
  series: { period: string; label: string; count: number; mean: number | null; median: number | null; p90: number | null; compared_median?: number | null; compared_p90?: number | null }[];
  histogram: { bucket: string; count: number; compared_count?: number | null }[];
}

/** The median wait of the whole period, as the server computed it from every wait. */
export function medianWait(report: WaitTimesReport): number | null {
  return numOrNull(report.summary?.median);
}

/** Every child waiting on the report's `as_of` (the answer lists only the first page of them). */
export const childrenWaiting = (report: WaitTimesReport): number => num(report.waiting_total);

/** Median and 90th percentile per month of initiation (lines), and the spread of waits (histogram); the children waiting are the card's paged list (WaitingList). */
export function aggregate(report: WaitTimesReport, overlay?: Overlay<WaitTimesResult>): ChartModel<WaitTimesData> {
  // the comparison's months with their median and 90th percentile (dotted lines), and its spread of waits (faded bars)
  const comparedSeries = comparedPoints(overlay, ['period', 'median', 'p90'], result => aggregate({ ...report, ...result }).data.series);
  const comparedHistogram = comparedPoints(overlay, ['count'], result => aggregate({ ...report, ...result }).data.histogram);
  const series = (report.series ?? []).map(p => ({
    period: p.period,
    label: p.label,
    count: num(p.count),
    mean: numOrNull(p.mean),
    median: numOrNull(p.median),
    p90: numOrNull(p.p90),
  }));
  const histogram = (report.histogram ?? []).map(b => ({ bucket: b.bucket, count: num(b.count) }));
  return {
    data: { series: besideCompared(series, comparedSeries), histogram: besideCompared(histogram, comparedHistogram) },
    empty: sum(series.map(s => s.count)) === 0 && sum(histogram.map(h => h.count)) === 0 && childrenWaiting(report) === 0,
    tables: [
      comparedTable({
        title: 'app.charts.wait_times.table',
        columns: [
          periodColumn,
          { key: 'count', label: 'app.charts.columns.initiations', format: 'number' },
          { key: 'mean', label: 'app.charts.columns.mean', format: 'days' },
          { key: 'median', label: 'app.charts.columns.median', format: 'days' },
          { key: 'p90', label: 'app.charts.columns.p90', format: 'days' },
        ],
        rows: series as Row[],
      }, comparedSeries),
      comparedTable({
        title: 'app.charts.wait_times.histogram',
        columns: [
          { key: 'bucket', label: 'app.charts.columns.days', format: 'text' },
          { key: 'count', label: 'app.charts.columns.count', format: 'number' },
        ],
        rows: histogram,
      }, comparedHistogram),
    ],
  };
}
