/** What a presentational chart gets: its aggregated data and a way to drill down on a click. */
export interface Selection {
  /** the series period clicked ("2025-04"), when a bar or point was */
  period?: string;
  /** the series clicked (a source type, a programme, a kind or a status) */
  series?: string;
}

export interface ChartProps<D> {
  data: D;
  onSelect: (selection: Selection) => void;
}
