import { Box, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_STYLE, COMPARED_BAR, COMPARED_LINE, ChartTooltip, NO_ANIMATION, PALETTE, comparedName, onPoint } from '../chartKit';
import { useFormat } from '../../../reporting/useFormat';
import type { ChartProps } from '../types';
import type { WaitTimesData } from './aggregate';

/**
 * Median and 90th percentile wait per month of initiation, beside the histogram of waits; a
 * comparison draws its median and 90th percentile dotted and its histogram in faded bars. A
 * month opens the median's explanation (its page links the other statistics), a bar its children.
 */
export default function WaitTimesChart({ data, onSelect, comparison }: ChartProps<WaitTimesData>) {
  const translate = useTranslate();
  const format = useFormat();
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
          <Legend />
          <Line {...NO_ANIMATION} type="monotone" dataKey="median" name={translate('app.charts.columns.median')} stroke={PALETTE[0]} strokeWidth={2} connectNulls />
          <Line {...NO_ANIMATION} type="monotone" dataKey="p90" name={translate('app.charts.columns.p90')} stroke={PALETTE[2]} strokeWidth={2} strokeDasharray="6 3" connectNulls />
          {comparison &&
            (['median', 'p90'] as const).map(statistic => (
              <Line
                {...NO_ANIMATION}
                {...COMPARED_LINE}
                key={statistic}
                type="monotone"
                dataKey={`compared_${statistic}`}
                name={comparedName(translate, translate(`app.charts.columns.${statistic}`), comparison)}
                stroke={PALETTE[statistic === 'median' ? 0 : 2]}
              />
            ))}
        </LineChart>
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
          {comparison && <Legend />}
          <Bar
            {...NO_ANIMATION}
            dataKey="count"
            name={translate('app.charts.columns.initiations')}
            fill={PALETTE[4]}
            cursor="pointer"
            onClick={item => {
              const bucket = (item as { payload?: { bucket?: string } }).payload?.bucket;
              if (bucket) onSelect({ bucket, series: 'initiations' });
            }}
          />
          {comparison && (
            <Bar
              {...NO_ANIMATION}
              {...COMPARED_BAR}
              dataKey="compared_count"
              name={comparedName(translate, translate('app.charts.columns.initiations'), comparison)}
              fill={PALETTE[4]}
            />
          )}
        </BarChart>
      </Box>
    </Box>
  );
}
