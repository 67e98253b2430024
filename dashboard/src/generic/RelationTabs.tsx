import type { ReactNode } from 'react';
import {
  TabbedShowLayout,
  useGetList,
  useGetResourceLabel,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { ContractProgram } from '../../../contract/enums';
import { EmptyState } from '../common/EmptyState';
import { HistoryTab } from '../history/HistoryTab';
import { showFields } from '../meta/fields';
import { useMeta, useMetaResource } from '../meta/MetaContext';
import { findResource } from '../meta/store';
import { RelatedRecords, idsOf } from './RelatedRecords';
import { renderField } from './renderField';

/**
 * How a parent reaches the records of one tab: directly by a foreign key (placements of a
 * child: `child_id`), or through an intermediate resource (check-ins of a child: through its
 * service plans, `service_plan_id`).
 */
export interface Relation {
  resource: string;
  target: string;
  via?: { resource: string; key: string };
  /** URL segment of the tab */
  path: string;
  /** the tab's title when it differs from the resource's name (a translation key) */
  label?: string;
  /** shown only on records of these programmes (a CSP plan's service time) */
  programs?: readonly ContractProgram[];
  /** the tab's order when it is not the resource's default */
  sort?: { field: string; order: 'ASC' | 'DESC' };
}

const ViaParent = ({ relation, parentId }: { relation: Relation & { via: NonNullable<Relation['via']> }; parentId: string | number }) => {
  const translate = useTranslate();
  const getLabel = useGetResourceLabel();
  const { data, isPending } = useGetList(relation.via.resource, {
    filter: { [relation.target]: parentId },
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'id', order: 'ASC' },
  });
  if (isPending) return null;
  const ids = idsOf(data);
  if (ids.length === 0) {
    return (
      <EmptyState
        title={translate('app.empty.title', { name: getLabel(relation.resource, 2).toLocaleLowerCase() })}
        hint={translate('app.empty.hint_needs_parent', { parent: getLabel(relation.via.resource, 1).toLocaleLowerCase() })}
      />
    );
  }
  return (
    <RelatedRecords
      resource={relation.resource}
      filter={{ [relation.via.key]: ids }}
      defaults={ids.length === 1 ? { [relation.via.key]: ids[0] } : {}}
    />
  );
};

const RelationContent = ({ relation }: { relation: Relation; label?: false }) => {
  const record = useRecordContext();
  if (!record) return null;
  if (relation.via) return <ViaParent relation={relation as any} parentId={record.id} />;
  return (
    <RelatedRecords
      resource={relation.resource}
      filter={{ [relation.target]: record.id }}
      defaults={{ [relation.target]: record.id }}
      sort={relation.sort}
    />
  );
};

/** A record's page: its details, then one tab per related resource the caller may read. */
export const RelationTabs = ({ resource, relations, extraTabs }: { resource: string; relations: Relation[]; extraTabs?: ReactNode }) => {
  const meta = useMeta();
  const declared = useMetaResource(resource);
  const translate = useTranslate();
  const getLabel = useGetResourceLabel();
  const record = useRecordContext();
  const readable = relations.filter(
    r => findResource(meta, r.resource) && (!r.via || findResource(meta, r.via.resource)) && (!r.programs || r.programs.includes(record?.program)),
  );
  return (
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label={translate('app.tabs.details')}>
        {declared ? showFields(declared).map(f => renderField(declared, f, meta, translate)) : null}
      </TabbedShowLayout.Tab>
      {readable.map(relation => (
        <TabbedShowLayout.Tab
          key={relation.path}
          label={relation.label ? translate(relation.label, { smart_count: 2 }) : getLabel(relation.resource, 2)}
          path={relation.path}
        >
          <RelationContent relation={relation} label={false} />
        </TabbedShowLayout.Tab>
      ))}
      {extraTabs}
      {HistoryTab()}
    </TabbedShowLayout>
  );
};
