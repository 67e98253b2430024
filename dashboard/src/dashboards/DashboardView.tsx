import AddchartIcon from '@mui/icons-material/Addchart';
import DashboardIcon from '@mui/icons-material/Dashboard';
import EditIcon from '@mui/icons-material/Edit';
import OpenWithIcon from '@mui/icons-material/OpenWith';
import { Box, Button, Card, CardContent, Menu, MenuItem, Skeleton, ToggleButton, Typography } from '@mui/material';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Title, useDataProvider, useGetList, useNotify, useTranslate } from 'react-admin';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import type { DashboardFilterDefinition, QuestionField } from '../../../contract/questions';
import { EmptyState } from '../common/EmptyState';
import { useLiveSearchParams } from '../common/useLiveSearchParams';
import { useMeta } from '../meta/MetaContext';
import { toIsoDate } from '../meta/format';
import { useQuestionFieldsOf } from '../questions/useQuestion';
import { usePeriod } from '../reporting/usePeriod';
import { CardGrid } from './CardGrid';
import { DashboardCardView } from './DashboardCardView';
import { DashboardFilters } from './DashboardFilters';
import { carriedFilters, filterValues, filtersOf, readDashboardView, setField } from './filterState';
import type { CardRecord, Placement } from './layout';

const ArrangeGrid = lazy(() => import('./ArrangeGrid'));

export interface DashboardRecord {
  id: number;
  title: string;
  description: string | null;
  owner_id: number;
  filters: DashboardFilterDefinition | null;
  is_default: boolean;
}

/** Another dashboard, keeping this one's filters (the period, the organisation, the fields). */
const DashboardSwitcher = ({ current }: { current: number | null }) => {
  const translate = useTranslate();
  const [params] = useSearchParams();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const { data = [] } = useGetList<DashboardRecord>('dashboards', { pagination: { page: 1, perPage: 100 }, sort: { field: 'title', order: 'ASC' } });
  const carried = carriedFilters(params);
  return (
    <>
      <Button startIcon={<DashboardIcon />} aria-haspopup="menu" onClick={e => setAnchor(e.currentTarget)}>
        {translate('app.bi.dashboard.switch')}
      </Button>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        {data.map(d => (
          <MenuItem key={d.id} component={RouterLink} to={d.is_default ? `/${carried}` : `/dashboards/${d.id}/show${carried}`} selected={d.id === current} onClick={() => setAnchor(null)}>
            {d.title}
          </MenuItem>
        ))}
        <MenuItem component={RouterLink} to="/dashboards" onClick={() => setAnchor(null)}>
          {translate('app.bi.dashboard.all')}
        </MenuItem>
      </Menu>
    </>
  );
};

/** The saved questions of the cards the user may open (their titles, their resources), when `wanted`. */
function useCardQuestions(cards: readonly CardRecord[], wanted: boolean) {
  const ids = cards.map(c => c.question_id).filter((id): id is number => id !== null);
  const { data = [] } = useGetList('questions', { filter: { id: ids }, pagination: { page: 1, perPage: 1000 } }, { enabled: wanted && ids.length > 0 });
  return data;
}

/** What each offered field is, on the first of the questions' resources that filters on it. */
function useOfferedFields(questions: readonly { spec?: { resource?: string } }[], definition: DashboardFilterDefinition) {
  const resources = [...new Set(questions.map(q => q.spec?.resource))].filter((r): r is string => Boolean(r));
  const catalogs = useQuestionFieldsOf(definition.fields.length ? resources : []);
  return useMemo(() => {
    const offered = new Map<string, QuestionField & { owner: string }>();
    for (const catalog of catalogs) {
      for (const field of catalog.fields) if (definition.fields.includes(field.field) && field.filters && !offered.has(field.field)) offered.set(field.field, { ...field, owner: catalog.resource });
    }
    return offered;
  }, [catalogs, definition.fields]);
}

/**
 * A dashboard: its linked filters (in the URL, applied to every card and kept by every
 * drill-down), its cards where their owner put them, each fetching its own numbers; its owner
 * (or a system administrator) arranges the cards, edits it and adds questions.
 */
export const DashboardView = ({
  dashboard,
  heading,
  cards,
  onCardsChanged,
}: {
  /** null: there is no default dashboard, and these are the built-in cards */
  dashboard: DashboardRecord | null;
  heading: string;
  cards: readonly CardRecord[] | undefined;
  onCardsChanged: () => void;
}) => {
  const translate = useTranslate();
  const meta = useMeta();
  const notify = useNotify();
  const dataProvider = useDataProvider();
  const [params, updateParams] = useLiveSearchParams();
  const [arranging, setArranging] = useState(false);
  const [placed, setPlaced] = useState<Record<number, Placement>>({});
  const definition = filtersOf(dashboard);
  const view = useMemo(() => readDashboardView(params, definition, toIsoDate(new Date())), [params, definition]);
  const values = useMemo(() => filterValues(view), [view]);
  const owns = Boolean(dashboard && meta && (meta.user.role === 'system_admin' || meta.user.id === dashboard.owner_id));
  const shown = (cards ?? []).map(card => (placed[card.id] ? { ...card, ...placed[card.id] } : card));
  const questions = useCardQuestions(shown, arranging || definition.fields.length > 0);
  const offered = useOfferedFields(questions, definition);
  // view.period is this period (read with the same fallback); usePeriod changes it as every report page does
  const [, setPeriod] = usePeriod(definition.period ?? undefined);

  const arrange = async (moved: { id: number; placement: Placement }[]) => {
    setPlaced(current => ({ ...current, ...Object.fromEntries(moved.map(m => [m.id, m.placement])) }));
    try {
      await Promise.all(
        moved.map(({ id, placement }) => {
          const card = shown.find(c => c.id === id)!;
          return dataProvider.update('dashboard_cards', { id, data: { ...card, ...placement }, previousData: card });
        }),
      );
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
      setPlaced({});
    }
    onCardsChanged();
  };

  const remove = async (card: CardRecord) => {
    await dataProvider.delete('dashboard_cards', { id: card.id, previousData: card });
    notify('app.bi.dashboard.card_removed', { type: 'info' });
    onCardsChanged();
  };

  const render = (card: CardRecord) => <DashboardCardView card={card} period={view.period} filters={values} />;
  const offersFilters = view.periodApplies || definition.organization || definition.fields.length > 0;

  let grid;
  if (!cards) grid = <Skeleton variant="rounded" height={300} aria-hidden />;
  else if (shown.length === 0) grid = <EmptyState title={translate('app.bi.dashboard.empty')} hint={translate(owns ? 'app.bi.dashboard.empty_owner' : 'app.bi.dashboard.empty_hint')} />;
  else if (arranging)
    grid = (
      <Suspense fallback={<Skeleton variant="rounded" height={300} aria-hidden />}>
        <ArrangeGrid cards={shown} render={render} titleOf={card => cardTitle(card, questions, translate)} onArrange={arrange} onRemove={remove} />
      </Suspense>
    );
  else grid = <CardGrid cards={shown} render={render} />;

  return (
    <Box sx={{ py: 2 }}>
      <Title title={heading} />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: 1, mb: 2 }}>
        <Box>
          <Typography variant="h5" component="h2">
            {heading}
          </Typography>
          {dashboard?.description && (
            <Typography variant="body2" color="text.secondary">
              {dashboard.description}
            </Typography>
          )}
        </Box>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1 }}>
          <DashboardSwitcher current={dashboard?.id ?? null} />
          <Button component={RouterLink} to={owns ? `/questions/create?dashboard=${dashboard!.id}` : '/questions/create'} startIcon={<AddchartIcon />}>
            {translate('app.bi.dashboard.new_question')}
          </Button>
          {owns && (
            <>
              <ToggleButton value="arrange" size="small" selected={arranging} onChange={() => setArranging(!arranging)}>
                <OpenWithIcon fontSize="small" sx={{ mr: 0.5 }} />
                {translate(arranging ? 'app.bi.dashboard.done_arranging' : 'app.bi.dashboard.arrange')}
              </ToggleButton>
              <Button component={RouterLink} to={`/dashboards/${dashboard!.id}`} startIcon={<EditIcon />}>
                {translate('ra.action.edit')}
              </Button>
            </>
          )}
        </Box>
      </Box>
      {offersFilters && (
        <Card sx={{ mb: 2 }}>
          <CardContent>
            <DashboardFilters definition={definition} view={view} fields={offered} onPeriod={setPeriod} onField={(field, value) => updateParams(live => setField(live, field, value))} />
          </CardContent>
        </Card>
      )}
      {grid}
    </Box>
  );
};

function cardTitle(card: CardRecord, questions: readonly { id: unknown; title?: string }[], translate: (key: string) => string): string {
  if (!card.report_card) return questions.find(q => q.id === card.question_id)?.title ?? translate('app.bi.dashboard.question_card');
  const [kind, key] = card.report_card.split('.');
  return translate(kind === 'kpi' ? `app.kpi.${key}.title` : `app.charts.${key}.title`);
}
