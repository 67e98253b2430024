import BarChartIcon from '@mui/icons-material/BarChart';
import TableChartIcon from '@mui/icons-material/TableChart';
import { IconButton, Tooltip } from '@mui/material';
import { useTranslate } from 'react-admin';

/** A card's switch between its chart and the same numbers as a table (a pressed button while the table shows). */
export const ChartTableToggle = ({ asTable, onChange }: { asTable: boolean; onChange: (asTable: boolean) => void }) => {
  const translate = useTranslate();
  const label = translate(asTable ? 'app.charts.show_chart' : 'app.charts.show_table');
  return (
    <Tooltip title={label}>
      <IconButton aria-label={label} aria-pressed={asTable} onClick={() => onChange(!asTable)} size="small">
        {asTable ? <BarChartIcon /> : <TableChartIcon />}
      </IconButton>
    </Tooltip>
  );
};
