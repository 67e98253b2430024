import { Box, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_STYLE, COMPARED_BAR, COMPARED_LINE, ChartLegend, ChartTooltip, NO_ANIMATION, PALETTE, comparedLineEntry, comparedName, onPoint, type LegendEntry } from '../chartKit';
import { useFormat } from '../../../reporting/useFormat';
import type { ChartProps } from '../types';
import type { WaitTimesData } from './aggregate';

/** The two statistics drawn as lines, each in its colour; the 90th percentile dashed. */
const STATISTICS = [
  { statistic: 'median', color: PALETTE[0], dash: undefined },
  { statistic: 'p90', color: PALETTE[2], dash: '6 3' },
] as const;
const HISTOGRAM_COLOR = PALETTE[4];

/**
 * Median and 90th percentile wait per month of initiation, beside the histogram of waits; a
 * comparison draws its median and 90th percentile dotted and its histogram in faded bars. A
 * month opens the median's explanation (its page links the other statistics), a bar its children.
 * The histogram has a legend only beside a comparison (one series needs none), but keeps its room.
 */
export default function WaitTimesChart({ data, onSelect, comparison }: ChartProps<WaitTimesData>) {
  const translate = useTranslate();
  const format = useFormat();
  const lines = STATISTICS.map(s => ({ ...s, name: translate(`app.charts.columns.${s.statistic}`) }));
  const comparedLines = comparison ? lines.map(s => ({ ...s, name: comparedName(translate, s.name, comparison) })) : [];
  const linesLegend: LegendEntry[] = [
    ...lines.map(({ name, color, dash }) => ({ name, color, dash, mark: 'line' as const })),
    ...comparedLines.map(({ name, color }) => comparedLineEntry(name, color)),
  ];
  const initiations = translate('app.charts.columns.initiations');
  const comparedInitiations = comparison ? comparedName(translate, initiations, comparison) : null;
  const histogramLegend: LegendEntry[] = comparedInitiations
    ? [
        { name: initiations, color: HISTOGRAM_COLOR, mark: 'bar' },
        { name: comparedInitiations, color: HISTOGRAM_COLOR, mark: 'bar', opacity: COMPARED_BAR.fillOpacity },
      ]
    : [];
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: '3fr 2fr' }, gap: 2 }}>
      <Box>
        <Typography variant="caption" component="h3">
          {translate('app.charts.wait_times.lines')}
        </Typography>
        <LineChart
          responsive
          style={CHART_STYLE}
          data={data.series}
          cursor="pointer"
          onClick={onPoint(data.series, row => row.count > 0, row => onSelect({ bucket: row.period, series: 'median' }))}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="period" tickFormatter={period => format(period, 'periodShort')} />
          <YAxis width={40} />
          <Tooltip content={props => <ChartTooltip {...props} format="daysText" />} />
          {lines.map(({ statistic, name, color, dash }) => (
            <Line {...NO_ANIMATION} key={statistic} type="monotone" dataKey={statistic} name={name} stroke={color} strokeWidth={2} strokeDasharray={dash} connectNulls />
          ))}
          {comparedLines.map(({ statistic, name, color }) => (
            <Line {...NO_ANIMATION} {...COMPARED_LINE} key={`compared_${statistic}`} type="monotone" dataKey={`compared_${statistic}`} name={name} stroke={color} />
          ))}
        </LineChart>
        <ChartLegend entries={linesLegend} />
      </Box>
      <Box>
        <Typography variant="caption" component="h3">
          {translate('app.charts.wait_times.histogram')}
        </Typography>
        <BarChart responsive style={CHART_STYLE} data={data.histogram}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="bucket" />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip content={props => <ChartTooltip {...props} format="count" />} />
          <Bar
            {...NO_ANIMATION}
            dataKey="count"
            name={initiations}
            fill={HISTOGRAM_COLOR}
            cursor="pointer"
            onClick={item => {
              const bucket = (item as { payload?: { bucket?: string } }).payload?.bucket;
              if (bucket) onSelect({ bucket, series: 'initiations' });
            }}
          />
          {comparedInitiations && <Bar {...NO_ANIMATION} {...COMPARED_BAR} dataKey="compared_count" name={comparedInitiations} fill={HISTOGRAM_COLOR} />}
        </BarChart>
        <ChartLegend entries={histogramLegend} />
      </Box>
    </Box>
  );
}
