import { Box } from '@mui/material';

/**
 * The points of a sparkline's line in a `width` × `height` box: one x step per value, the
 * lowest value at the bottom and the highest at the top (a flat series in the middle). A
 * missing value breaks the line: the answer is one polyline per run of values.
 */
export function sparklinePoints(values: readonly (number | null)[], width: number, height: number, pad = 2): string[] {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return [];
  const low = Math.min(...known);
  const high = Math.max(...known);
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const y = (v: number) => (high === low ? height / 2 : pad + ((high - v) / (high - low)) * (height - 2 * pad));
  const runs: string[][] = [[]];
  values.forEach((v, i) => {
    if (v === null) runs.push([]);
    else runs[runs.length - 1].push(`${round(pad + i * step)},${round(y(v))}`);
  });
  return runs.filter(run => run.length > 0).map(run => run.join(' '));
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * A small line of a figure's last periods, oldest first, the last one marked. It is an image
 * whose text alternative (`label`) says every value, so nothing is said by the line alone.
 */
export const Sparkline = ({ values, label, width = 96, height = 28 }: { values: readonly (number | null)[]; label: string; width?: number; height?: number }) => {
  const lines = sparklinePoints(values, width, height);
  const last = lines.length > 0 && values.at(-1) !== null ? lines[lines.length - 1].split(' ').at(-1)!.split(',') : null;
  return (
    <Box component="svg" role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`} sx={{ display: 'block', color: 'primary.main', overflow: 'visible' }}>
      <title>{label}</title>
      {lines.map(points => (
        <polyline key={points} points={points} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />
      ))}
      {last && <circle cx={last[0]} cy={last[1]} r={2.5} fill="currentColor" />}
    </Box>
  );
};
