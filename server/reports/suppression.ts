import type { CellRef, CountCells, ReportTable } from './types';

/**
 * Small-count suppression for published tables (`suppress_small=1` on a report download):
 *
 * 1. Primary: every count from 1 to 4 is replaced with "<5" (0 stays: nobody to identify).
 * 2. Complementary: a line of cells whose sum a reader knows — a row with its total, a column
 *    whose total is published (in the table or another one) — must not hold exactly one
 *    withheld cell, or that cell is the known sum minus the others. While some line does, the
 *    smallest count of that line still shown (a non-zero one first) is withheld too, as "x";
 *    withholding it can leave another line with one, so this repeats until no line does.
 * 3. Cells describing the same few people as a withheld count (the mean wait of those
 *    initiations) are withheld with it ("x").
 *
 * The result: in every line, zero or at least two cells are withheld, so no withheld cell is
 * the difference of published numbers.
 */
export const SMALL_COUNT = '<5';
export const WITHHELD = 'x';

const id = (cell: CellRef) => `${cell.row}\u0000${cell.column}`;

/**
 * The count cells of a table of rows × `columns`: each row's cells with `rowTotal` form a line,
 * and so does each column (the totals' column too), its total being published or derivable.
 */
export function gridCounts(
  rowCount: number,
  layout: { columns: readonly string[]; rowTotal?: string; dependents?: readonly string[] },
): CountCells {
  const rows = Array.from({ length: rowCount }, (_, row) => row);
  const columns = [...layout.columns, ...(layout.rowTotal ? [layout.rowTotal] : [])];
  return {
    cells: rows.flatMap((row) => columns.map((column) => ({ row, column }))),
    lines: [
      ...(layout.rowTotal ? rows.map((row) => columns.map((column) => ({ row, column }))) : []),
      ...columns.map((column) => rows.map((row) => ({ row, column }))),
    ],
    dependents: layout.dependents?.length
      ? rows.flatMap((row) => columns.map((column) => ({ of: { row, column }, cells: layout.dependents!.map((d) => ({ row, column: d })) })))
      : undefined,
  };
}

/** Which cells are withheld: the small counts, and the complementary cells that protect them. */
export function withheldCells(values: ReadonlyMap<string, number>, lines: readonly string[][]): Map<string, typeof SMALL_COUNT | typeof WITHHELD> {
  const withheld = new Map<string, typeof SMALL_COUNT | typeof WITHHELD>();
  for (const [cell, value] of values) if (value >= 1 && value <= 4) withheld.set(cell, SMALL_COUNT);
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      if (line.filter((cell) => withheld.has(cell)).length !== 1) continue;
      const shown = line
        .filter((cell) => !withheld.has(cell))
        .sort((a, b) => {
          const [x, y] = [values.get(a)!, values.get(b)!];
          return Number(x === 0) - Number(y === 0) || x - y || a.localeCompare(b);
        });
      if (shown.length === 0) continue;
      withheld.set(shown[0], WITHHELD);
      changed = true;
    }
  }
  return withheld;
}

/** The table as published with `suppress_small=1`; a table without counts is unchanged. */
export function suppressSmallCounts(table: ReportTable): ReportTable {
  if (!table.counts) return table;
  const { cells, lines, dependents = [] } = table.counts;
  const values = new Map<string, number>();
  for (const cell of cells) {
    const value = table.rows[cell.row]?.[cell.column];
    if (typeof value === 'number') values.set(id(cell), value);
  }
  const withheld = withheldCells(
    values,
    lines.map((line) => line.map(id).filter((cell) => values.has(cell))),
  );
  const rows = table.rows.map((row) => ({ ...row }));
  const mark = (cell: CellRef, text: string) => {
    if (rows[cell.row]) rows[cell.row][cell.column] = text;
  };
  for (const cell of cells) {
    const text = withheld.get(id(cell));
    if (text) mark(cell, text);
  }
  for (const dependent of dependents) if (withheld.has(id(dependent.of))) for (const cell of dependent.cells) mark(cell, WITHHELD);
  return { ...table, rows };
}
