import { runnableJobs } from '../../contract/jobs';
import type { ContractProgram } from '../../contract/enums';
import type { Meta, MetaField, MetaResource } from '../../contract/meta';
import { REPORTS } from '../reports/registry';
import type { CurrentUser } from '../access/roles';
import { describeActionInput } from './actionInput';
import type { BooleanDefaults } from './booleanDefaults';
import { CHILD_NAME, childNameFields } from './childName';
import { mayDo } from './engine';
import { RANGE_TYPES, describeFields } from './fields';
import type { ResourceDeclaration } from './types';

/** The machine-readable description of the resources a user may read (served at /api/meta). */
export function humanise(name: string): string {
  const text = name.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The child's name as a row carries it: shown first, searched by `q`, never written. */
const CHILD_NAME_FIELD: MetaField = {
  name: CHILD_NAME,
  type: 'string',
  required: false,
  nullable: true,
  max_length: null,
  enum: null,
  reference: null,
  read_only: true,
  write_only: false,
  filterable: false,
  sortable: false,
};

/** The fields /api/meta describes: the columns, and the child's name after the id where the rows carry it. */
function metaFields(declaration: ResourceDeclaration, defaults: BooleanDefaults): MetaField[] {
  const filters = (declaration.referenceFilters ?? {}) as Record<string, MetaField['reference_filter']>;
  const table = declaration.model.tableName;
  const fields = describeFields(declaration).map((f) => {
    const withFilter = filters[f.name] ? { ...f, reference_filter: filters[f.name] } : f;
    const fallback = defaults.get(`${table}.${f.name}`);
    return fallback === undefined ? withFilter : { ...withFilter, default: fallback };
  });
  if (!declaration.child) return fields;
  return [...fields.filter((f) => f.name === 'id'), CHILD_NAME_FIELD, ...fields.filter((f) => f.name !== 'id')];
}

export function describeResource(declaration: ResourceDeclaration, user: CurrentUser, defaults: BooleanDefaults = new Map()): MetaResource {
  const fields = metaFields(declaration, defaults);
  return {
    name: declaration.name,
    label: humanise(declaration.name),
    id_field: declaration.model.idColumn as string,
    fields,
    filters: ['id', ...declaration.filters],
    range_filters: fields.filter((f) => f.filterable && RANGE_TYPES.includes(f.type)).map((f) => f.name),
    sorts: ['id', ...declaration.sorts],
    search: [...(declaration.search ?? []), ...childNameFields(declaration)],
    default_sort: declaration.defaultSort ?? ['id', 'ASC'],
    permissions: {
      read: mayDo(declaration, user, 'read'),
      create: mayDo(declaration, user, 'create'),
      update: mayDo(declaration, user, 'update'),
      delete: mayDo(declaration, user, 'delete'),
    },
    writable_fields: declaration.writableByRole?.[user.role] ?? null,
    versioned: Boolean(declaration.versioned),
    archivable: Boolean(declaration.archivable),
    read_only: Boolean(declaration.readOnly),
    attachments: Boolean(declaration.attachments),
    locked_statuses: declaration.lockedStatuses ?? null,
    programs: declaration.programs ?? null,
    actions: (declaration.actions ?? []).map((action) => ({
      name: action.name,
      label: action.label,
      allowed: action.roles.includes(user.role),
      from_status: action.fromStatus ?? null,
      checked: Boolean(action.accepted),
      input: describeActionInput(declaration, action),
    })),
  };
}

export function describeResources(resources: readonly ResourceDeclaration[], user: CurrentUser, programs: ContractProgram[], defaults: BooleanDefaults = new Map()): Meta {
  return {
    user: { id: user.id, role: user.role, organization_id: user.organization_id },
    resources: resources.filter((r) => mayDo(r, user, 'read')).map((r) => describeResource(r, user, defaults)),
    jobs: runnableJobs(user.role),
    programs,
    reports: [...REPORTS.values()].map((r) => ({ name: r.name, title: r.title, programs: r.programs ?? null })),
  };
}
