import { Alert, Box, Button, Card, CardContent, LinearProgress, MenuItem, TextField, Typography } from '@mui/material';
import { useMemo, useState, type ReactNode } from 'react';
import { Title, useTranslate } from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import type { QuestionSpec, Sharing, Visualization } from '../../../contract/questions';
import { CardShell } from '../dashboard/CardShell';
import { useMeta } from '../meta/MetaContext';
import { ChartTableToggle } from '../reporting/ChartTableToggle';
import { AddToDashboardDialog } from './AddToDashboardDialog';
import { AnswerView } from './AnswerView';
import { FilterStep, GroupStep, MeasureStep, VisualizationStep } from './BuilderSteps';
import { SaveQuestionDialog, type SavedQuestion } from './SaveQuestionDialog';
import { emptyState, missingPart, specOf, stateOf, type BuilderState } from './specForm';
import { useAnswer, useDebounced, useQuestionFields } from './useQuestion';

/** A saved question as the builder opens it. */
export interface QuestionRecord {
  id: number;
  title: string;
  description: string | null;
  spec: QuestionSpec;
  visualization: Visualization;
  shared_with: Sharing;
  shared_roles: string[];
}

const Step = ({ n, title, children }: { n: number; title: string; children: ReactNode }) => (
  <Box component="section" aria-labelledby={`builder-step-${n}`} sx={{ mb: 3 }}>
    <Typography id={`builder-step-${n}`} variant="subtitle1" component="h3" sx={{ fontWeight: 600, mb: 1 }}>
      {`${n}. ${title}`}
    </Typography>
    {children}
  </Box>
);

/**
 * The question builder (docs/questions.md): a resource, its filters, up to two groups, a
 * measure and a chart, with a live preview of the answer (asked again 400 ms after the last
 * change); "Save as question", then "Add to dashboard". `?dashboard=<id>` is the dashboard it
 * was opened from, offered first.
 */
export const QuestionBuilder = ({ question }: { question?: QuestionRecord }) => {
  const translate = useTranslate();
  const meta = useMeta();
  const [params] = useSearchParams();
  const [state, setState] = useState<BuilderState>(() => (question ? stateOf(question.spec, question.visualization) : emptyState(params.get('resource') ?? '')));
  const [saved, setSaved] = useState<SavedQuestion | null>(question ?? null);
  const [dialog, setDialog] = useState<'save' | 'add' | null>(null);
  const [asTable, setAsTable] = useState(false);
  const preferredDashboard = Number(params.get('dashboard')) || null;

  const { data: catalog, error: catalogError } = useQuestionFields(state.resource);
  const fields = catalog?.resource === state.resource ? catalog.fields : [];
  const missing = catalog?.resource === state.resource ? missingPart(state, fields) : 'resource';
  const specJson = missing === null ? JSON.stringify(specOf(state)) : null;
  const settledJson = useDebounced(specJson, 400);
  const settledSpec = useMemo(() => (settledJson ? (JSON.parse(settledJson) as QuestionSpec) : null), [settledJson]);
  const { data: answer, error, isFetching } = useAnswer(settledSpec);

  const resources = (meta?.resources ?? [])
    .filter(r => r.permissions.read)
    .map(r => ({ name: r.name, label: translate(`resources.${r.name}.name`, { smart_count: 2, _: r.label }) }))
    .sort((a, b) => a.label.localeCompare(b.label));

  const previewTitle = saved?.title ?? translate('app.bi.builder.preview');
  const charted = !['number', 'table'].includes(state.visualization);
  let preview: ReactNode;
  if (missing) preview = <Typography color="text.secondary">{translate(`app.bi.builder.missing.${missing}`)}</Typography>;
  else if (error) preview = <Alert severity="error">{(error as Error).message}</Alert>;
  else if (!answer) preview = <LinearProgress aria-label={translate('app.loading')} />;
  else preview = <AnswerView answer={answer} visualization={state.visualization} title={previewTitle} asTable={asTable} />;

  return (
    <Box sx={{ py: 2 }}>
      <Title title={translate('app.bi.builder.title')} />
      <Typography variant="h5" component="h2" sx={{ mb: 2 }}>
        {question ? translate('app.bi.builder.edit_title', { title: question.title }) : translate('app.bi.builder.title')}
      </Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 5fr) minmax(0, 7fr)' }, gap: 2, alignItems: 'start' }}>
        <Card>
          <CardContent component="form" aria-label={translate('app.bi.builder.form')} onSubmit={e => e.preventDefault()}>
            <Step n={1} title={translate('app.bi.builder.steps.resource')}>
              <TextField
                select
                size="small"
                label={translate('app.bi.builder.resource')}
                value={state.resource}
                onChange={e => setState(emptyState(e.target.value))}
                sx={{ minWidth: 280 }}
              >
                {resources.map(r => (
                  <MenuItem key={r.name} value={r.name}>
                    {r.label}
                  </MenuItem>
                ))}
              </TextField>
              {catalogError && <Alert severity="error">{(catalogError as Error).message}</Alert>}
            </Step>
            {fields.length > 0 && (
              <>
                <Step n={2} title={translate('app.bi.builder.steps.filters')}>
                  <FilterStep state={state} fields={fields} onChange={setState} />
                </Step>
                <Step n={3} title={translate('app.bi.builder.steps.groups')}>
                  <GroupStep state={state} fields={fields} onChange={setState} />
                </Step>
                <Step n={4} title={translate('app.bi.builder.steps.measure')}>
                  <MeasureStep state={state} fields={fields} onChange={setState} />
                </Step>
                <Step n={5} title={translate('app.bi.builder.steps.visualization')}>
                  <VisualizationStep state={state} onChange={setState} />
                </Step>
              </>
            )}
          </CardContent>
        </Card>
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <CardShell
            title={previewTitle}
            actions={
              charted && answer ? (
                <ChartTableToggle asTable={asTable} onChange={setAsTable} />
              ) : undefined
            }
          >
            <Box aria-live="polite" aria-busy={isFetching}>
              {preview}
              {answer && answer.total_groups > answer.rows.length && (
                <Typography variant="caption" color="text.secondary">
                  {translate('app.bi.answer.limited', { shown: answer.rows.length, total: answer.total_groups })}
                </Typography>
              )}
            </Box>
          </CardShell>
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
            <Button variant="contained" disabled={missing !== null} onClick={() => setDialog('save')}>
              {translate(saved ? 'app.bi.builder.save_changes' : 'app.bi.builder.save_as')}
            </Button>
            <Button variant="outlined" disabled={!saved} onClick={() => setDialog('add')}>
              {translate('app.bi.builder.add_to_dashboard')}
            </Button>
          </Box>
        </Box>
      </Box>
      {dialog === 'save' && missing === null && (
        <SaveQuestionDialog
          open
          saved={saved}
          spec={specOf(state)}
          visualization={state.visualization}
          onClose={() => setDialog(null)}
          onSaved={record => {
            setSaved(record);
            setDialog(null);
          }}
        />
      )}
      {dialog === 'add' && saved && <AddToDashboardDialog open questionId={saved.id} preferred={preferredDashboard} onClose={() => setDialog(null)} />}
    </Box>
  );
};
