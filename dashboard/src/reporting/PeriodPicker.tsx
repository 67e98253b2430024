import { Box, FormControl, InputLabel, MenuItem, Select, TextField } from '@mui/material';
import { useGetList, useTranslate } from 'react-admin';
import { useMetaResource } from '../meta/MetaContext';
import { toIsoDate } from '../meta/format';
import { fiscalYearChoices, fiscalYearLabel, PRESETS, presetRange, type PeriodState, type Preset } from './period';
import type { PeriodChange } from './usePeriod';

export const OrganizationFilter = ({ value, onChange }: { value: number | null; onChange: (id: number | null) => void }) => {
  const translate = useTranslate();
  const { data = [] } = useGetList('organizations', {
    pagination: { page: 1, perPage: 500 },
    sort: { field: 'name', order: 'ASC' },
  });
  if (data.length < 2) return null;
  return (
    <FormControl size="small" fullWidth={false} sx={{ minWidth: 220 }}>
      <InputLabel id="org-filter-label">{translate('app.period.organization')}</InputLabel>
      <Select
        labelId="org-filter-label"
        label={translate('app.period.organization')}
        value={value ?? ''}
        onChange={e => onChange(String(e.target.value) === '' ? null : Number(e.target.value))}
      >
        <MenuItem value="">{translate('app.period.all_organizations')}</MenuItem>
        {data.map(org => (
          <MenuItem key={org.id} value={org.id}>
            {org.name}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
};

const BOUNDS = ['from', 'to'] as const;

/**
 * Fiscal year, period preset (or custom dates) and organisation (unless `organization` is false).
 * Each choice changes the period as it is when made (a PeriodChange function), not `value`.
 */
export const PeriodPicker = ({ value, onChange, organization = true }: { value: PeriodState; onChange: (change: PeriodChange) => void; organization?: boolean }) => {
  const translate = useTranslate();
  const canReadOrganizations = Boolean(useMetaResource('organizations')) && organization;
  const setPreset = (preset: Preset) =>
    onChange(current => (preset === 'custom' ? { ...current, preset } : { ...current, preset, ...presetRange(preset, current.fiscalYear) }));
  const setYear = (fiscalYear: number) =>
    onChange(current => {
      const preset = current.preset === 'custom' ? 'final' : current.preset;
      return { ...current, fiscalYear, preset, ...presetRange(preset, fiscalYear) };
    });
  const setDate = (key: (typeof BOUNDS)[number], date: string) => {
    if (date) onChange(current => ({ ...current, preset: 'custom', [key]: date }));
  };
  return (
    <Box component="form" role="search" aria-label={translate('app.period.aria')} sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center' }} onSubmit={e => e.preventDefault()}>
      <FormControl size="small" fullWidth={false} sx={{ minWidth: 140 }}>
        <InputLabel id="fy-label">{translate('app.period.fiscal_year')}</InputLabel>
        <Select labelId="fy-label" label={translate('app.period.fiscal_year')} value={value.fiscalYear} onChange={e => setYear(Number(e.target.value))}>
          {fiscalYearChoices(toIsoDate(new Date())).map(fy => (
            <MenuItem key={fy} value={fy}>
              {fiscalYearLabel(fy)}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <FormControl size="small" fullWidth={false} sx={{ minWidth: 200 }}>
        <InputLabel id="period-label">{translate('app.period.period')}</InputLabel>
        <Select labelId="period-label" label={translate('app.period.period')} value={value.preset} onChange={e => setPreset(e.target.value as Preset)}>
          {PRESETS.map(preset => (
            <MenuItem key={preset} value={preset}>
              {translate(`app.period.presets.${preset}`)}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      {BOUNDS.map(bound => (
        <TextField
          key={bound}
          size="small"
          fullWidth={false}
          type="date"
          label={translate(`app.period.${bound}`)}
          value={value[bound]}
          onChange={e => setDate(bound, e.target.value)}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: bound === 'from' ? { max: value.to } : { min: value.from } }}
        />
      ))}
      {canReadOrganizations && <OrganizationFilter value={value.organizationId} onChange={organizationId => onChange(current => ({ ...current, organizationId }))} />}
    </Box>
  );
};
