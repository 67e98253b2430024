import { Box, Link, Skeleton, Typography } from '@mui/material';
import { lazy, Suspense, useMemo } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import type { QuestionAnswer, Visualization } from '../../../contract/questions';
import { EmptyState } from '../common/EmptyState';
import { ReportTable } from '../reporting/ReportTable';
import { useFormat } from '../reporting/useFormat';
import { answerChart, answerTable, measureFormat, measureOf, recordsUrl } from './answerModel';

const AnswerChart = lazy(() => import('./charts/AnswerChart'));

/**
 * A question's answer as its visualization: one number, a table, or a chart (lazy) whose bars,
 * points and slices open their records; `asTable` shows any chart as its table, whose values
 * link to the same records.
 */
export const AnswerView = ({
  answer,
  visualization,
  title,
  chartHeight = 300,
  asTable = false,
}: {
  answer: QuestionAnswer;
  visualization: Visualization;
  title: string;
  chartHeight?: number;
  asTable?: boolean;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const format = useFormat();
  const navigate = useNavigate();
  const labels = { translate, locale };
  const grouped = answer.columns.length > 1;
  const chart = useMemo(() => answerChart(answer, visualization, { translate, locale }), [answer, visualization, translate, locale]);

  if (answer.rows.length === 0) return <EmptyState title={translate('app.bi.answer.empty')} hint={translate('app.bi.answer.empty_hint')} />;

  if (!grouped) {
    const row = answer.rows[0];
    const text = format(row.value, measureFormat(measureOf(answer)));
    return (
      <Link component={RouterLink} to={recordsUrl(answer.resource, row.filter)} underline="hover" aria-label={translate('app.bi.answer.open_number', { title, value: text })}>
        <Typography variant="h4" component="p" sx={{ whiteSpace: 'nowrap' }}>
          {text}
        </Typography>
      </Link>
    );
  }

  if (asTable || visualization === 'table' || visualization === 'number') {
    return <ReportTable table={answerTable(answer, title, labels)} />;
  }

  const skeleton = <Skeleton variant="rounded" height={chartHeight} aria-hidden />;
  return (
    <Suspense fallback={skeleton}>
      <Box component="figure" sx={{ m: 0 }} aria-label={translate('app.charts.aria', { title })}>
        <AnswerChart data={chart} height={chartHeight} onSelect={filter => navigate(recordsUrl(answer.resource, filter))} />
      </Box>
    </Suspense>
  );
};
