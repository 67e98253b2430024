import { Alert, Card, CardContent, CardHeader, Skeleton, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import type { DifferenceRow, MeasureDifference } from '../../../contract/submissions';
import { useMeta } from '../meta/MetaContext';
import { findResource } from '../meta/store';
import { recordUrl, UNIT_RESOURCES } from '../reporting/explanation';
import type { Column, Row, TableSpec } from '../reporting/model';
import { PagePagination, pageRange } from '../reporting/PagePagination';
import { ReportTable } from '../reporting/ReportTable';
import { useComputed } from '../reporting/useComputed';
import { t } from './submissionText';

type Translate = ReturnType<typeof useTranslate>;

/** How many of a measure's rows differ ("1 added, 0 removed, 0 changed"), "Unchanged", or "…" while today's numbers load. */
export function differenceText(difference: MeasureDifference | undefined, translate: Translate): string {
  if (!difference) return '…';
  if (!difference.changed) return translate(t('unchanged'));
  return translate(t('rows_changed'), { added: difference.added, removed: difference.removed, changed: difference.contribution_changed });
}

/**
 * The records of one measure that differ between two states of a submission — then and today
 * (`drift`), or a revision and the one before (`changes`) — a page at a time, each linked to its record.
 */
export const DifferenceRows = ({ id, view, measure, title }: { id: string; view: 'drift' | 'changes'; measure: string; title: string }) => {
  const translate = useTranslate();
  const meta = useMeta();
  const [page, setPage] = useState(0);
  const { data, error, isPending } = useComputed<DifferenceRow[]>(`report_submissions/${id}/${view}/rows`, { key: measure, range: pageRange(page) });
  const readable = (resource: string) => Boolean(findResource(meta, resource)?.permissions.read);
  type Shown = Row & { resource: string };
  const columns: Column<Shown>[] = [
    { key: 'change', label: t('columns.change'), format: 'text' },
    { key: 'unit', label: 'app.explain.columns.unit', format: 'text' },
    { key: 'id', label: 'app.explain.columns.id', format: 'text', rowHeader: true, link: row => (readable(row.resource) ? recordUrl(row.resource, Number(row.id)) : null), linkLabel: 'app.explain.open_record' },
    { key: 'child_name', label: 'app.explain.columns.child', format: 'text' },
    { key: 'date', label: 'app.explain.columns.date', format: 'date' },
    { key: 'before_contribution', label: t(`columns.${view}_before`), format: 'number' },
    { key: 'after_contribution', label: t(`columns.${view}_after`), format: 'number' },
    { key: 'detail', label: 'app.explain.columns.detail', format: 'text', emphasis: 'muted' },
  ];
  const total = data ? (data.total ?? data.data.length) : 0;
  return (
    <Card sx={{ mt: 2 }} component="section" aria-label={title}>
      <CardHeader title={title} slotProps={{ title: { component: 'h3', variant: 'h6' } }} />
      <CardContent>
        {error && <Alert severity="error">{(error as Error).message}</Alert>}
        {isPending && <Skeleton variant="rounded" height={200} />}
        {data && (
          <>
            <Typography variant="body2" sx={{ mb: 1 }}>
              {translate(t('differing_rows'), { smart_count: total })}
            </Typography>
            <ReportTable
              table={{
                title,
                columns,
                rows: data.data.map(row => ({
                  change: t(`changes.${row.change}`),
                  unit: `app.explain.units.${row.unit}`,
                  resource: UNIT_RESOURCES[row.unit],
                  id: String(row.id),
                  child_name: row.child_name ?? (row.child_id !== null ? translate('app.explain.child_hidden') : null),
                  date: row.date,
                  before_contribution: row.before_contribution,
                  after_contribution: row.after_contribution,
                  detail: row.detail,
                })),
              }}
              variant="page"
            />
            <PagePagination total={total} page={page} onPage={setPage} />
          </>
        )}
      </CardContent>
    </Card>
  );
};

/**
 * The measures of a submission in two states, a row each, whose *Records* button opens the
 * records of that measure that differ (DifferenceRows) under the table.
 */
export function MeasureDifferences<R extends Row & { key: string; name: string }>({
  id,
  view,
  table,
  recordsAria,
  rowsTitle,
}: {
  id: string;
  view: 'drift' | 'changes';
  table: TableSpec<R>;
  /** the Records button's name for a screen reader, given the measure's `name` */
  recordsAria: string;
  rowsTitle: (name: string) => string;
}) {
  const translate = useTranslate();
  const [opened, setOpened] = useState<R | null>(null);
  return (
    <>
      <Card>
        <ReportTable
          table={table}
          variant="page"
          rowAction={{
            label: t('show_records'),
            ariaLabel: row => translate(recordsAria, { name: row.name }),
            onClick: row => setOpened(row),
            isSelected: row => row.key === opened?.key,
          }}
        />
      </Card>
      {opened && <DifferenceRows key={opened.key} id={id} view={view} measure={opened.key} title={rowsTitle(opened.name)} />}
    </>
  );
}
