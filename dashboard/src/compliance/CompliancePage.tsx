import { Alert, Box, Card, CardContent, Skeleton, Tab, Tabs, TextField, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { ComplianceCalendar } from '../../../contract/compliance';
import { COMPLIANCE_RULES, COMPLIANCE_STATUSES } from '../../../contract/enums';
import { addDays } from '../../../server/dates';
import { ChoiceSelect } from '../common/ChoiceSelect';
import { useLiveSearchParams } from '../common/useLiveSearchParams';
import { toIsoDate } from '../meta/format';
import { useComputed } from '../reporting/useComputed';
import { monthViewRange, shiftMonth } from './calendarGrid';
import { ComplianceList } from './ComplianceList';
import { MonthCalendar } from './MonthCalendar';
import { ScopeFilters, type ScopeChoice } from './ScopeFilters';
import { PageHeading } from '../common/PageHeading';

/**
 * The compliance calendar (docs/compliance.md): what is due and overdue, derived from the
 * records, for the caller's scope — or one organisation, place or worker of it — as a month view
 * and as a list. Everything the page shows is in its URL, so a view can be shared or reloaded.
 */
const idParam = (params: URLSearchParams, name: string) => {
  const value = Number(params.get(name));
  return Number.isInteger(value) && value > 0 ? value : null;
};
const dateParam = (params: URLSearchParams, name: string) => {
  const value = params.get(name);
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
};
/** The query parameter of each part of a scope, and a scope choice as query changes. */
const SCOPE_PARAMS: Record<keyof ScopeChoice, string> = { organizationId: 'org', placeId: 'place', userId: 'user' };
const scopeParams = (change: Partial<ScopeChoice>) => Object.fromEntries(Object.entries(change).map(([key, id]) => [SCOPE_PARAMS[key as keyof ScopeChoice], id]));

export const CompliancePage = () => {
  const translate = useTranslate();
  const [params, updateParams] = useLiveSearchParams();
  const today = toIsoDate(new Date());
  const view = params.get('view') === 'list' ? 'list' : 'calendar';
  const monthOf = (query: URLSearchParams) => `${(dateParam(query, 'month') ?? today).slice(0, 7)}-01`;
  const month = monthOf(params);
  const scope: ScopeChoice = { organizationId: idParam(params, 'org'), placeId: idParam(params, 'place'), userId: idParam(params, 'user') };
  const rule = COMPLIANCE_RULES.find(r => r === params.get('rule')) ?? null;
  const status = COMPLIANCE_STATUSES.find(s => s === params.get('status')) ?? null;
  const dueOn = dateParam(params, 'due_on');
  const from = dateParam(params, 'from') ?? addDays(today, -90);
  const to = dateParam(params, 'to') ?? addDays(today, 30);

  const scopeQuery = {
    organization_id: scope.organizationId ?? undefined,
    place_of_service_id: scope.placeId ?? undefined,
    user_id: scope.userId ?? undefined,
  };
  const filter = { ...(rule ? { rule } : {}), ...(status ? { status } : {}) };
  const calendar = useComputed<ComplianceCalendar>('compliance/calendar', { ...monthViewRange(month), ...scopeQuery, filter }, view === 'calendar');
  const listQuery = dueOn
    ? { from: dueOn, to: dueOn, ...scopeQuery, filter: { ...filter, due_on: dueOn } }
    : { from, to, ...scopeQuery, filter };

  return (
    <Box sx={{ py: 2 }}>
      <PageHeading title={translate('app.compliance.title')} />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('app.compliance.intro')}
      </Typography>
      <Card sx={{ mb: 2 }}>
        <CardContent component="form" role="search" aria-label={translate('app.compliance.filters.aria')} onSubmit={e => e.preventDefault()} sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center' }}>
          <ScopeFilters value={scope} onChange={change => updateParams(scopeParams(change))} />
          <ChoiceSelect
            id="compliance-rule"
            label={translate('app.compliance.filters.rule')}
            all={translate('app.compliance.filters.all_rules')}
            value={rule}
            options={COMPLIANCE_RULES.map(r => ({ value: r, label: translate(`app.compliance.rules.${r}`) }))}
            onChange={chosen => updateParams({ rule: chosen })}
            minWidth={220}
          />
          <ChoiceSelect
            id="compliance-status"
            label={translate('app.compliance.filters.status')}
            all={translate('app.compliance.filters.any_status')}
            value={status}
            options={COMPLIANCE_STATUSES.map(s => ({ value: s, label: translate(`app.compliance.statuses.${s}`) }))}
            onChange={chosen => updateParams({ status: chosen })}
            minWidth={160}
          />
        </CardContent>
      </Card>
      <Card>
        <Tabs value={view} onChange={(_, next) => updateParams({ view: next === 'list' ? 'list' : null, due_on: null })} aria-label={translate('app.compliance.views.aria')}>
          <Tab value="calendar" label={translate('app.compliance.views.calendar')} />
          <Tab value="list" label={translate('app.compliance.views.list')} />
        </Tabs>
        <CardContent>
          {view === 'calendar' && (
            <>
              {calendar.error && <Alert severity="error">{(calendar.error as Error).message}</Alert>}
              {calendar.isPending ? (
                <Skeleton variant="rounded" height={480} />
              ) : (
                <MonthCalendar
                  month={month}
                  today={calendar.data?.data.today ?? today}
                  counts={calendar.data?.data.counts ?? []}
                  onMonth={next => updateParams({ month: next })}
                  onShift={months => updateParams(live => live.set('month', shiftMonth(monthOf(live), months)))}
                  onOpen={(date, chosen) => updateParams({ view: 'list', due_on: date, rule: chosen })}
                />
              )}
            </>
          )}
          {view === 'list' && (
            <>
              <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center', mb: 2 }}>
                {dueOn ? (
                  <Alert severity="info" onClose={() => updateParams({ due_on: null })}>
                    {translate('app.compliance.due_on', { date: dueOn })}
                  </Alert>
                ) : (
                  (['from', 'to'] as const).map(bound => (
                    <TextField
                      key={bound}
                      size="small"
                      fullWidth={false}
                      type="date"
                      label={translate(`app.period.${bound}`)}
                      value={bound === 'from' ? from : to}
                      onChange={e => e.target.value && updateParams({ [bound]: e.target.value })}
                      slotProps={{ inputLabel: { shrink: true } }}
                    />
                  ))
                )}
              </Box>
              <ComplianceList query={listQuery} />
            </>
          )}
        </CardContent>
      </Card>
    </Box>
  );
};
