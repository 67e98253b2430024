import type { ComparisonKind } from '../../../../contract/reports';

/** What a presentational chart gets: its aggregated data and a way to drill down on a click. */
export interface Selection {
  /** the point clicked: a series period ("2025-04", "FY2025-Q1") or a histogram bucket ("31-60") */
  bucket?: string;
  /** the series clicked (a source type, a programme, a kind or a status, a wait statistic) */
  series?: string;
}

export interface ChartProps<D> {
  data: D;
  onSelect: (selection: Selection) => void;
  /** the comparison overlaid (its series are in `data`, as `compared_<key>`); none when absent */
  comparison?: ComparisonKind | null;
}
