import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import { Box, Button, Chip, IconButton, Typography } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import type { ComplianceCount } from '../../../contract/compliance';
import type { ComplianceRule } from '../../../contract/enums';
import { intlLocale } from '../meta/format';
import { monthWeeks } from './calendarGrid';

/**
 * A month of the compliance calendar: one cell per day, Monday first, holding a chip per rule
 * and status with the number of items due that day. A chip opens the list of those items.
 */
const WEEKDAYS = [5, 6, 7, 8, 9, 10, 11]; // 2024-02-05 was a Monday

function weekdayNames(locale: string): string[] {
  const format = new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'short', timeZone: 'UTC' });
  return WEEKDAYS.map(day => format.format(new Date(Date.UTC(2024, 1, day))));
}

function monthTitle(month: string, locale: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(intlLocale(locale), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

export const MonthCalendar = ({
  month,
  today,
  counts,
  onMonth,
  onShift,
  onOpen,
}: {
  month: string;
  today: string;
  counts: ComplianceCount[];
  onMonth: (month: string) => void;
  /** a month earlier (−1) or later (1) than the one last asked for, which may not be drawn yet */
  onShift: (months: -1 | 1) => void;
  onOpen: (date: string, rule: ComplianceRule) => void;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const byDay = new Map<string, ComplianceCount[]>();
  for (const count of counts) byDay.set(count.date, [...(byDay.get(count.date) ?? []), count]);
  const title = monthTitle(month, locale);
  return (
    <Box component="section" aria-label={translate('app.compliance.calendar_aria', { month: title })}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
        <IconButton aria-label={translate('app.compliance.previous_month')} onClick={() => onShift(-1)}>
          <ChevronLeftIcon />
        </IconButton>
        <Typography variant="h6" component="h3" sx={{ minWidth: 180, textAlign: 'center', textTransform: 'capitalize' }}>
          {title}
        </Typography>
        <IconButton aria-label={translate('app.compliance.next_month')} onClick={() => onShift(1)}>
          <ChevronRightIcon />
        </IconButton>
        <Button size="small" onClick={() => onMonth(`${today.slice(0, 7)}-01`)}>
          {translate('app.compliance.this_month')}
        </Button>
      </Box>
      <Box role="table" aria-label={title} sx={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', border: 1, borderColor: 'divider' }}>
        <Box role="row" sx={{ display: 'contents' }}>
          {weekdayNames(locale).map(name => (
            <Box role="columnheader" key={name} sx={{ p: 0.5, fontWeight: 600, textAlign: 'center', bgcolor: 'action.hover', textTransform: 'capitalize' }}>
              {name}
            </Box>
          ))}
        </Box>
        {monthWeeks(month).map(week => (
          <Box role="row" key={week[0].date} sx={{ display: 'contents' }}>
            {week.map(day => (
              <Box
                role="cell"
                key={day.date}
                aria-label={day.date}
                sx={{
                  minHeight: 96,
                  p: 0.5,
                  borderTop: 1,
                  borderLeft: 1,
                  borderColor: 'divider',
                  bgcolor: day.inMonth ? 'background.paper' : 'action.hover',
                  outline: day.date === today ? 2 : 0,
                  outlineColor: 'primary.main',
                  outlineOffset: -2,
                }}
              >
                <Typography variant="caption" color={day.inMonth ? 'text.primary' : 'text.secondary'} component="div">
                  {Number(day.date.slice(8))}
                </Typography>
                <Box sx={{ display: 'flex', flexDirection: 'column', gap: 0.5, alignItems: 'flex-start' }}>
                  {(byDay.get(day.date) ?? []).map(cell => {
                    const rule = translate(`app.compliance.rules.${cell.rule}`);
                    const status = translate(`app.compliance.statuses.${cell.status}`);
                    return (
                      <Chip
                        key={`${cell.rule}-${cell.status}`}
                        size="small"
                        clickable
                        color={cell.status === 'overdue' ? 'error' : 'primary'}
                        variant={cell.status === 'overdue' ? 'filled' : 'outlined'}
                        label={`${rule}: ${cell.count}`}
                        aria-label={translate('app.compliance.chip_aria', { rule, count: cell.count, status, date: day.date })}
                        onClick={() => onOpen(day.date, cell.rule)}
                        sx={{ maxWidth: '100%' }}
                      />
                    );
                  })}
                </Box>
              </Box>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
};
