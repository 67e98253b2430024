import { Alert, Box, Link, Skeleton } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import type { DashboardFilterValues } from '../../../contract/questions';
import { CardShell } from '../dashboard/CardShell';
import { recordsUrl } from '../questions/answerModel';
import { AnswerView } from '../questions/AnswerView';
import { useCardRun } from '../questions/useQuestion';
import { ChartTableToggle } from '../reporting/ChartTableToggle';
import { IgnoredFiltersMark } from './IgnoredFiltersMark';
import { cardHeight, type CardRecord } from './layout';

/** What a card's header, footer and padding take of its height; the chart gets the rest. */
const CARD_CHROME = 150;

/**
 * A saved question on a dashboard: its own request (GET /api/dashboard_cards/:id/run) with the
 * dashboard's filters, its own skeleton, the chart drawn to the card's height, a table view,
 * and a link to all the records it counts (the question's filter and the dashboard's).
 */
export const QuestionCard = ({ card, filters }: { card: CardRecord; filters: DashboardFilterValues }) => {
  const translate = useTranslate();
  const [asTable, setAsTable] = useState(false);
  const { data: run, isPending, error } = useCardRun(card.id, filters);
  const title = run?.question?.title ?? translate('app.bi.dashboard.question_card');
  const visualization = run?.question?.visualization ?? 'table';
  const charted = !['number', 'table'].includes(visualization) && (run?.answer?.columns.length ?? 0) > 1;
  const chartHeight = Math.max(120, cardHeight(card.h) - CARD_CHROME);

  let body;
  if (isPending) body = <Skeleton variant="rounded" height={chartHeight} aria-hidden />;
  else if (error) body = <Alert severity="error">{(error as Error).message || translate('app.charts.error')}</Alert>;
  else if (run?.error || !run?.answer) body = <Alert severity="warning">{run?.error?.message ?? translate('app.charts.error')}</Alert>;
  else body = <AnswerView answer={run.answer} visualization={visualization} title={title} chartHeight={chartHeight} asTable={asTable} />;

  const spec = run?.question?.spec;
  const footer = spec ? (
    <Link component={RouterLink} to={recordsUrl(spec.resource, { ...(spec.filter ?? {}), ...run.filter })}>
      {translate('app.bi.dashboard.open_records')}
    </Link>
  ) : undefined;

  return (
    <CardShell
      title={title}
      actions={
        charted ? (
          <ChartTableToggle asTable={asTable} onChange={setAsTable} />
        ) : undefined
      }
      footer={footer}
    >
      <Box sx={{ maxHeight: asTable ? chartHeight : undefined, overflow: 'auto' }}>{body}</Box>
      <IgnoredFiltersMark ignored={run?.ignored_filters ?? []} resource={spec?.resource ?? null} />
    </CardShell>
  );
};
