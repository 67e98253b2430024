import { Box, TextField } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { DashboardFilterDefinition, QuestionField } from '../../../contract/questions';
import { humanize } from '../meta/fields';
import { useMetaResource } from '../meta/MetaContext';
import { questionFieldLabel } from '../questions/answerModel';
import { FilterValueInput } from '../questions/FilterValueInput';
import type { FilterValue } from '../questions/specForm';
import { OrganizationFilter, PeriodPicker } from '../reporting/PeriodPicker';
import type { PeriodChange } from '../reporting/usePeriod';
import type { DashboardView } from './filterState';

/**
 * The filters a dashboard offers, applied to every card: the period (and organisation), then
 * each field filter, as an input suited to the field (known from the cards' resources).
 */
export const DashboardFilters = ({
  definition,
  view,
  fields,
  onPeriod,
  onField,
}: {
  definition: DashboardFilterDefinition;
  view: DashboardView;
  /** what each offered field is, from a card's resource that filters on it */
  fields: ReadonlyMap<string, QuestionField & { owner: string }>;
  onPeriod: (change: PeriodChange) => void;
  onField: (field: string, value: unknown) => void;
}) => {
  const translate = useTranslate();
  const canReadOrganizations = Boolean(useMetaResource('organizations'));
  const organization = definition.organization || view.period.organizationId !== null;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      {view.periodApplies ? (
        <PeriodPicker value={view.period} onChange={onPeriod} organization={organization} />
      ) : (
        organization &&
        canReadOrganizations && (
          <Box role="search" aria-label={translate('app.period.aria')}>
            <OrganizationFilter value={view.period.organizationId} onChange={organizationId => onPeriod(current => ({ ...current, organizationId }))} />
          </Box>
        )
      )}
      {definition.fields.length > 0 && (
        <Box role="search" aria-label={translate('app.bi.dashboard.field_filters')} sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
          {definition.fields.map(key => {
            const field = fields.get(key);
            const value = (view.fields[key] ?? null) as FilterValue;
            if (!field) {
              return <TextField key={key} size="small" label={humanize(key.split('.').pop()!)} value={value ?? ''} onChange={e => onField(key, e.target.value)} />;
            }
            return <FilterValueInput key={key} field={field} label={questionFieldLabel(field, field.owner, translate)} value={value} onChange={v => onField(key, v)} />;
          })}
        </Box>
      )}
    </Box>
  );
};
