import { Box, Button, Card, CardContent, Checkbox, FormControl, FormControlLabel, FormGroup, FormHelperText, FormLabel, MenuItem, TextField } from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useEditController, useGetList, useNotify, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { PERIOD_PRESETS, type DashboardFilterDefinition, type Sharing } from '../../../contract/questions';
import { fieldErrors, SharingFields, type SharingValue } from '../common/SharingFields';
import { fieldLabel } from '../meta/fields';
import { toIsoDate } from '../meta/format';
import { useMeta } from '../meta/MetaContext';
import { questionFieldLabel } from '../questions/answerModel';
import { useQuestionFieldsOf } from '../questions/useQuestion';
import { fiscalYearChoices, fiscalYearLabel } from '../reporting/period';
import type { DashboardRecord } from './DashboardView';
import { NO_FILTERS } from './filterState';
import { PageHeading } from '../common/PageHeading';

type Editable = Pick<DashboardRecord, 'title' | 'description' | 'is_default'> & SharingValue & { filters: DashboardFilterDefinition };

const NONE = 'none';
const CURRENT = 'current';

/** What the resources of the dashboard's question cards can be filtered on. */
function useCardCatalogs(dashboardId: number | null) {
  const { data: cards = [] } = useGetList('dashboard_cards', { filter: { dashboard_id: dashboardId }, pagination: { page: 1, perPage: 1000 } }, { enabled: dashboardId !== null });
  const ids = cards.map(c => c.question_id).filter(Boolean);
  const { data: questions = [] } = useGetList('questions', { filter: { id: ids }, pagination: { page: 1, perPage: 1000 } }, { enabled: ids.length > 0 });
  return useQuestionFieldsOf([...new Set(questions.map(q => q.spec.resource as string))]);
}

/**
 * A dashboard's title, sharing and linked filters (the period it starts on, an organisation
 * picker, the fields every card is filtered by), and for a system administrator whether it
 * is everyone's default dashboard. Pessimistic: the server's field errors land by their fields.
 */
const DashboardForm = ({ record }: { record: (Editable & { id: number }) | null }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const navigate = useNavigate();
  const meta = useMeta();
  const [value, setValue] = useState<Editable>({
    title: record?.title ?? '',
    description: record?.description ?? null,
    is_default: record?.is_default ?? false,
    shared_with: (record?.shared_with ?? 'private') as Sharing,
    shared_roles: record?.shared_roles ?? [],
    filters: record?.filters ?? { period: { preset: 'final', fiscal_year: null }, organization: true, fields: [] },
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const catalogs = useCardCatalogs(record?.id ?? null);
  const filters = value.filters ?? NO_FILTERS;
  const setFilters = (next: Partial<DashboardFilterDefinition>) => setValue({ ...value, filters: { ...filters, ...next } });
  const fieldChoices = new Map<string, string>();
  for (const catalog of catalogs) {
    for (const f of catalog.fields) if (f.filters && !fieldChoices.has(f.field)) fieldChoices.set(f.field, questionFieldLabel(f, catalog.resource, translate));
  }
  for (const f of filters.fields) if (!fieldChoices.has(f)) fieldChoices.set(f, f);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const data = { ...value, description: value.description || null };
    try {
      const { data: saved } = record
        ? await dataProvider.update('dashboards', { id: record.id, data, previousData: record })
        : await dataProvider.create('dashboards', { data });
      notify('ra.notification.updated', { type: 'info', messageArgs: { smart_count: 1 } });
      navigate(`/dashboards/${saved.id}/show`);
    } catch (error) {
      setErrors(fieldErrors(error));
      notify((error as Error).message, { type: 'error' });
    }
  };

  const heading = record ? translate('app.bi.dashboard.edit_title', { title: record.title }) : translate('app.bi.dashboard.create_title');
  return (
    <Box sx={{ py: 2 }}>
      <PageHeading title={heading} mb={2} />
      <Card>
        <CardContent component="form" onSubmit={save} sx={{ display: 'flex', flexDirection: 'column', gap: 2, maxWidth: 720 }}>
          <TextField required label={fieldLabel(translate, 'dashboards', 'title')} value={value.title} onChange={e => setValue({ ...value, title: e.target.value })} error={Boolean(errors.title)} helperText={errors.title} slotProps={{ htmlInput: { maxLength: 200 } }} />
          <TextField multiline minRows={2} label={fieldLabel(translate, 'dashboards', 'description')} value={value.description ?? ''} onChange={e => setValue({ ...value, description: e.target.value })} error={Boolean(errors.description)} helperText={errors.description} />
          <SharingFields resource="dashboards" value={value} onChange={sharing => setValue({ ...value, ...sharing })} errors={errors} />
          <FormControl component="fieldset" error={Boolean(errors.filters)}>
            <FormLabel component="legend">{fieldLabel(translate, 'dashboards', 'filters')}</FormLabel>
            <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, mt: 1 }}>
              <TextField
                select
                size="small"
                label={translate('app.bi.dashboard.period_preset')}
                value={filters.period?.preset ?? NONE}
                onChange={e => setFilters({ period: e.target.value === NONE ? null : { preset: e.target.value as (typeof PERIOD_PRESETS)[number], fiscal_year: filters.period?.fiscal_year ?? null } })}
                sx={{ minWidth: 220 }}
              >
                <MenuItem value={NONE}>{translate('app.bi.dashboard.no_period')}</MenuItem>
                {PERIOD_PRESETS.map(preset => (
                  <MenuItem key={preset} value={preset}>
                    {translate(`app.period.presets.${preset}`)}
                  </MenuItem>
                ))}
              </TextField>
              {filters.period && (
                <TextField
                  select
                  size="small"
                  label={translate('app.period.fiscal_year')}
                  value={filters.period.fiscal_year === null ? CURRENT : String(filters.period.fiscal_year)}
                  onChange={e => setFilters({ period: { ...filters.period!, fiscal_year: e.target.value === CURRENT ? null : Number(e.target.value) } })}
                  sx={{ minWidth: 200 }}
                >
                  <MenuItem value={CURRENT}>{translate('app.bi.dashboard.current_year')}</MenuItem>
                  {fiscalYearChoices(toIsoDate(new Date())).map(fy => (
                    <MenuItem key={fy} value={String(fy)}>
                      {fiscalYearLabel(fy)}
                    </MenuItem>
                  ))}
                </TextField>
              )}
            </Box>
            <FormControlLabel control={<Checkbox checked={filters.organization} onChange={e => setFilters({ organization: e.target.checked })} />} label={translate('app.bi.dashboard.organization_filter')} />
            <FormLabel component="legend" sx={{ mt: 1 }}>
              {translate('app.bi.dashboard.field_filters')}
            </FormLabel>
            {fieldChoices.size === 0 ? (
              <FormHelperText>{translate('app.bi.dashboard.no_fields')}</FormHelperText>
            ) : (
              <FormGroup row>
                {[...fieldChoices].map(([field, label]) => (
                  <FormControlLabel
                    key={field}
                    label={label}
                    control={
                      <Checkbox
                        checked={filters.fields.includes(field)}
                        onChange={e => setFilters({ fields: e.target.checked ? [...filters.fields, field] : filters.fields.filter(f => f !== field) })}
                      />
                    }
                  />
                ))}
              </FormGroup>
            )}
            {errors.filters && <FormHelperText>{errors.filters}</FormHelperText>}
          </FormControl>
          {meta?.user.role === 'system_admin' && (
            <FormControlLabel control={<Checkbox checked={value.is_default} onChange={e => setValue({ ...value, is_default: e.target.checked })} />} label={fieldLabel(translate, 'dashboards', 'is_default')} />
          )}
          <Box sx={{ display: 'flex', gap: 1 }}>
            <Button type="submit" variant="contained" disabled={!value.title.trim()}>
              {translate('ra.action.save')}
            </Button>
            <Button onClick={() => navigate(-1)}>{translate('ra.action.cancel')}</Button>
          </Box>
        </CardContent>
      </Card>
    </Box>
  );
};

export const DashboardEdit = () => {
  const { record } = useEditController({ mutationMode: 'pessimistic' });
  return record ? <DashboardForm record={record} /> : null;
};

export const DashboardCreate = () => <DashboardForm record={null} />;
