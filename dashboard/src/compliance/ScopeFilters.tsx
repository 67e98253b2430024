import { useGetList, useTranslate } from 'react-admin';
import { ChoiceSelect } from '../common/ChoiceSelect';
import { useMetaResource } from '../meta/MetaContext';

/** Whose items: an organisation, a place, a worker (each offered when there is a choice to make). */
export interface ScopeChoice {
  organizationId: number | null;
  placeId: number | null;
  userId: number | null;
}

/**
 * Each choice gives only what it changes (an organisation also clears the place and the worker),
 * not `value` with it: a quick earlier choice may not be drawn in `value` yet.
 */
export const ScopeFilters = ({ value, onChange }: { value: ScopeChoice; onChange: (change: Partial<ScopeChoice>) => void }) => {
  const translate = useTranslate();
  const canReadOrganizations = Boolean(useMetaResource('organizations'));
  const many = { pagination: { page: 1, perPage: 500 } };
  const { data: organizations = [] } = useGetList('organizations', { ...many, sort: { field: 'name', order: 'ASC' } }, { enabled: canReadOrganizations });
  const placeFilter = value.organizationId ? { organization_id: value.organizationId } : {};
  const { data: places = [] } = useGetList('places_of_service', { ...many, sort: { field: 'name', order: 'ASC' }, filter: placeFilter });
  const { data: workers = [] } = useGetList('users', {
    ...many,
    sort: { field: 'full_name', order: 'ASC' },
    filter: { role: 'portal_worker', active: true, ...(value.organizationId ? { organization_id: value.organizationId } : {}) },
  });
  return (
    <>
      {organizations.length > 1 && (
        <ChoiceSelect<number>
          id="compliance-org"
          label={translate('app.period.organization')}
          all={translate('app.period.all_organizations')}
          value={value.organizationId}
          options={organizations.map(o => ({ value: Number(o.id), label: o.name }))}
          onChange={organizationId => onChange({ organizationId, placeId: null, userId: null })}
        />
      )}
      {places.length > 1 && (
        <ChoiceSelect<number>
          id="compliance-place"
          label={translate('app.compliance.filters.place')}
          all={translate('app.compliance.filters.all_places')}
          value={value.placeId}
          options={places.map(p => ({ value: Number(p.id), label: p.name }))}
          onChange={placeId => onChange({ placeId })}
        />
      )}
      {workers.length > 0 && (
        <ChoiceSelect<number>
          id="compliance-worker"
          label={translate('app.compliance.filters.worker')}
          all={translate('app.compliance.filters.all_workers')}
          value={value.userId}
          options={workers.map(u => ({ value: Number(u.id), label: u.full_name }))}
          onChange={userId => onChange({ userId })}
        />
      )}
    </>
  );
};
