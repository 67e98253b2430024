import type { FieldType } from '../../contract/meta';
import { fieldMap, type FieldDescription } from '../resources/fields';
import { referencedResource, type FilterContext } from '../resources/listQuery';
import type { ResourceDeclaration } from '../resources/types';

/**
 * The fields a question may name, resolved against the declarations only: a field of the
 * resource, or `<reference>.<field>` one step through a reference the resource filters on.
 * Nothing the caller sends becomes SQL unless it is found here.
 */
export interface ResolvedField {
  /** as the spec names it: `gender`, `child_id.service_delivery_area` */
  path: string;
  /** the resource the field belongs to (the referenced one for a path) */
  owner: ResourceDeclaration;
  field: FieldDescription;
  /** the reference field of the question's resource the path goes through */
  via: string | null;
}

/** Groups: short texts (≤ 500 characters), yes/no and dates, besides enumerations and references of any type. */
const GROUPABLE_TYPES: readonly FieldType[] = ['string', 'boolean', 'date', 'datetime'];
export const DATE_TYPES: readonly FieldType[] = ['date', 'datetime'];
const NUMBER_TYPES: readonly FieldType[] = ['integer', 'number', 'money'];

export function resolveField(declaration: ResourceDeclaration, path: string, context: FilterContext): ResolvedField | null {
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(path)) return null;
  const [first, second] = path.split('.');
  if (second === undefined) {
    const field = fieldMap(declaration).get(first);
    return field && !field.write_only ? { path, owner: declaration, field, via: null } : null;
  }
  const target = referencedResource(declaration, first, context);
  const field = target ? fieldMap(target).get(second) : undefined;
  return target && field && !field.write_only ? { path, owner: target, field, via: first } : null;
}

/**
 * Whether the field can group a question: a category, reference or date the list filters on
 * (so each group opens its records). Numbers are measured, not grouped; long texts neither.
 */
export function isGroupable(resolved: ResolvedField): boolean {
  const { field, owner } = resolved;
  if (!owner.filters.includes(field.name)) return false;
  return field.enum !== null || field.reference !== null || GROUPABLE_TYPES.includes(field.type);
}

/** Numbers a question may add up, average or take the median of (not ids, references or versions). */
export function isMeasurableNumber(resolved: ResolvedField): boolean {
  const { field } = resolved;
  return resolved.via === null && NUMBER_TYPES.includes(field.type) && field.reference === null && !['id', 'version'].includes(field.name);
}

export function isDate(resolved: ResolvedField): boolean {
  return DATE_TYPES.includes(resolved.field.type);
}
