import { LONG_TEXT_LENGTH, SYSTEM_FIELDS, type FieldType, type MetaField } from '../../contract/meta';
import type { ResourceDeclaration } from './types';

/**
 * The fields of a resource as the API describes them, derived from the model's JSON schema
 * and the declaration. /api/meta, OpenAPI, filter parsing and input checks all read this.
 */
export type FieldDescription = MetaField;

/** numeric(12,2) columns: money travels as a number with at most two decimals. */
export function isMoneyField(name: string): boolean {
  return name === 'amount' || name.endsWith('_amount') || name.endsWith('_total');
}

interface JsonSchemaProperty {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  maxLength?: number;
}

function baseType(property: JsonSchemaProperty): string {
  const types = Array.isArray(property.type) ? property.type : [property.type ?? 'string'];
  return types.find((t) => t !== 'null') ?? 'string';
}

function fieldType(name: string, property: JsonSchemaProperty): FieldType {
  if (property.type === undefined && property.format === undefined && property.enum === undefined) return 'json';
  const type = baseType(property);
  if (type === 'object' || type === 'array') return 'json';
  if (type === 'boolean') return 'boolean';
  if (type === 'integer') return 'integer';
  if (type === 'number') return isMoneyField(name) ? 'money' : 'number';
  if (property.format === 'date') return 'date';
  if (property.format === 'date-time') return 'datetime';
  if (property.maxLength === undefined || property.maxLength > LONG_TEXT_LENGTH) return 'text';
  return 'string';
}

const cache = new WeakMap<ResourceDeclaration, FieldDescription[]>();

export function describeFields(declaration: ResourceDeclaration): FieldDescription[] {
  const cached = cache.get(declaration);
  if (cached) return cached;
  const schema = (declaration.model.jsonSchema ?? { properties: {} }) as {
    properties?: Record<string, JsonSchemaProperty>;
    required?: string[];
  };
  const properties: Record<string, JsonSchemaProperty> = {
    id: { type: 'integer' },
    ...(schema.properties ?? {}),
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  };
  if (declaration.versioned) properties.version = { type: 'integer' };
  for (const name of declaration.writeOnlyFields ?? []) properties[name] ??= { type: 'string', maxLength: 200 };

  const hidden = new Set(declaration.hiddenFields ?? []);
  const required = new Set(schema.required ?? []);
  const readOnly = new Set([...SYSTEM_FIELDS, ...(declaration.serverFields ?? []), ...(declaration.actionOnlyFields ?? [])]);
  const writeOnly = new Set(declaration.writeOnlyFields ?? []);
  const filters = new Set(declaration.filters);
  const sorts = new Set(declaration.sorts);

  const fields = Object.entries(properties)
    .filter(([name]) => !hidden.has(name))
    .map(([name, property]): FieldDescription => {
      const types = Array.isArray(property.type) ? property.type : [property.type];
      return {
        name,
        type: fieldType(name, property),
        required: required.has(name),
        nullable: types.includes('null'),
        max_length: property.maxLength ?? null,
        enum: property.enum ? (property.enum.filter((v) => v !== null) as string[]) : null,
        reference: declaration.references?.[name] ?? null,
        read_only: readOnly.has(name) || Boolean(declaration.readOnly),
        write_only: writeOnly.has(name),
        filterable: filters.has(name) || name === 'id',
        sortable: sorts.has(name) || name === 'id',
      };
    });
  // The id of a code-keyed lookup is its code, not a separate column.
  const idColumn = declaration.model.idColumn;
  const result = typeof idColumn === 'string' && idColumn !== 'id'
    ? fields.map((f) => (f.name === 'id' ? { ...f, type: 'string' as FieldType } : f))
    : fields;
  cache.set(declaration, result);
  return result;
}

export function fieldMap(declaration: ResourceDeclaration): Map<string, FieldDescription> {
  return new Map(describeFields(declaration).map((f) => [f.name, f]));
}

export const RANGE_TYPES: readonly FieldType[] = ['integer', 'number', 'money', 'date', 'datetime'];
