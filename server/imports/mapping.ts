import type { ImportMapping, ImportRowError, ImportTarget } from '../../contract/imports';
import { ValidationError, type FieldErrors } from '../errors';
import { say } from '../messages';
import { describeFields, type FieldDescription } from '../resources/fields';
import { humanise } from '../resources/meta';
import type { ResourceDeclaration } from '../resources/types';
import { textProblem } from '../wellFormed';
import { cellError } from './cellError';
import type { Cell } from './read';

/**
 * Which column of a file goes to which field, and a row's cells as the body of a single create:
 * numbers, booleans and dates in the types the API takes, an empty cell as not sent (the
 * field's default applies, a required field is "is required"). A reference column holds the
 * referenced record's id, or — mapped to `<field>.<natural key>` — its natural key (a contract
 * number, an email), looked up in the importer's scope (naturalKeys.ts).
 */
export interface ColumnPlan {
  column: string;
  index: number;
  field: FieldDescription;
  /** the natural key a reference is named by, else null */
  naturalKey: string | null;
}

/** A field's cell that names a record by natural key, left for naturalKeys.ts to turn into an id. */
export interface KeyedCell {
  field: string;
  column: string;
  resource: string;
  key: string;
  value: string;
}

export interface RowBody {
  body: Record<string, unknown>;
  keyed: KeyedCell[];
  errors: ImportRowError[];
}

/** The fields a column may go to: what a create may set, and references by their resource's natural key. */
export function importTargets(declaration: ResourceDeclaration, resources: readonly ResourceDeclaration[]): ImportTarget[] {
  const targets: ImportTarget[] = [];
  for (const field of describeFields(declaration)) {
    if (field.name === 'id' || (field.read_only && !field.write_only)) continue;
    targets.push({ target: field.name, field: field.name, natural_key: null, required: field.required });
    const referenced = field.reference ? resources.find((r) => r.name === field.reference) : undefined;
    if (referenced?.naturalKey) {
      targets.push({ target: `${field.name}.${referenced.naturalKey.field}`, field: field.name, natural_key: referenced.naturalKey.field, required: field.required });
    }
  }
  return targets;
}

/** "Birth date", "birth-date", "BirthDate" and "birth_date" are one name. */
const normalised = (name: string) => name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '');

/** The names a column may carry for a target: the field's name and label; for a natural key, `<reference>_<key>` (`contract_number`, `assigned_to_email`). */
function namesOf(target: ImportTarget): string[] {
  if (!target.natural_key) return [target.field, humanise(target.field)];
  const base = target.field.replace(/_id$/, '');
  const name = target.natural_key.startsWith(base) ? target.natural_key : `${base}_${target.natural_key}`;
  return [name, humanise(name), target.target];
}

/**
 * Each column's target: the caller's earlier mapping of a column of that name when it still
 * fits, else the target whose name or label it carries; a field gets one column at most, the
 * id column before a natural key.
 */
export function suggestMapping(columns: readonly string[], targets: readonly ImportTarget[], saved: ImportMapping = {}): ImportMapping {
  const byName = new Map<string, ImportTarget>();
  for (const target of [...targets].sort((a, b) => Number(a.natural_key !== null) - Number(b.natural_key !== null))) {
    for (const name of namesOf(target)) if (!byName.has(normalised(name))) byName.set(normalised(name), target);
  }
  const mapping = new Map<string, string | null>();
  const taken = new Set<string>();
  const assign = (column: string, target: ImportTarget | undefined) => {
    if (!target || taken.has(target.field) || mapping.has(column)) return;
    taken.add(target.field);
    mapping.set(column, target.target);
  };
  const named = columns.filter(Boolean);
  for (const column of named) {
    if (!(column in saved)) continue;
    if (saved[column] === null) mapping.set(column, null);
    else assign(column, targets.find((t) => t.target === saved[column]));
  }
  for (const byKey of [false, true]) {
    for (const column of named) {
      const target = byName.get(normalised(column));
      if (target && (target.natural_key !== null) === byKey) assign(column, target);
    }
  }
  return Object.fromEntries(named.map((column) => [column, mapping.get(column) ?? null]));
}

/** The columns that carry a field, checked: every named column exists, every target is one, no field twice. */
export function planColumns(declaration: ResourceDeclaration, targets: readonly ImportTarget[], columns: readonly string[], mapping: ImportMapping): ColumnPlan[] {
  const fields = new Map(describeFields(declaration).map((f) => [f.name, f]));
  const errors: FieldErrors = {};
  const used = new Map<string, string>();
  const plan: ColumnPlan[] = [];
  for (const [column, target] of Object.entries(mapping)) {
    const index = columns.indexOf(column);
    if (index < 0) {
      errors[column] = say('field_not_a_column');
      continue;
    }
    if (target === null || target === '') continue;
    const found = targets.find((t) => t.target === target);
    if (!found) {
      errors[column] = say('field_not_import_target', { target, resource: declaration.name });
      continue;
    }
    if (used.has(found.field)) {
      errors[column] = say('field_already_from_column', { field: found.field, column: used.get(found.field)! });
      continue;
    }
    used.set(found.field, column);
    plan.push({ column, index, field: fields.get(found.field)!, naturalKey: found.natural_key });
  }
  if (Object.keys(errors).length) {
    throw new ValidationError(say('mapping_invalid', { problems: Object.entries(errors).map(([column, problem]) => `"${column}" ${problem.text}`).join('; '), fields: Object.keys(errors).join(', ') }), errors);
  }
  return plan;
}

/** A parsed `mapping` form field: an object of column names to targets (or null to leave a column out). */
export function parseMapping(text: string | undefined): ImportMapping | null {
  if (text === undefined || text.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError(say('mapping_not_json'), { mapping: say('field_not_json') });
  }
  const valid =
    value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((target) => target === null || typeof target === 'string');
  if (!valid) throw new ValidationError(say('mapping_shape'), { mapping: say('field_mapping_shape') });
  return value as ImportMapping;
}

function isoDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'oui', 'vrai']);
const FALSE = new Set(['false', 'no', 'n', '0', 'non', 'faux']);

/**
 * A cell as the value a JSON body would carry for the field; a cell that cannot be one is
 * passed on as its text, for the engine's validation to name the problem in its own words.
 */
function fieldValue(field: FieldDescription, cell: Exclude<Cell, null>): unknown {
  const text = cell instanceof Date ? null : String(cell).trim();
  switch (field.type) {
    case 'integer':
    case 'number':
    case 'money': {
      if (typeof cell === 'number') return cell;
      const number = text !== null && text !== '' ? Number(text) : NaN;
      return Number.isFinite(number) ? number : text;
    }
    case 'boolean':
      if (typeof cell === 'boolean') return cell;
      if (TRUE.has(text!.toLowerCase())) return true;
      if (FALSE.has(text!.toLowerCase())) return false;
      return text;
    case 'date':
      return cell instanceof Date ? isoDate(cell) : text;
    case 'datetime':
      return cell instanceof Date ? cell.toISOString() : text;
    case 'json':
      try {
        return JSON.parse(text!);
      } catch {
        return text;
      }
    default:
      if (cell instanceof Date) return isoDate(cell);
      // Text keeps its spaces inside; around it they are a spreadsheet's, not the user's.
      return typeof cell === 'string' ? cell.trim() : String(cell);
  }
}

/** A data row's cells as a create's body, the natural keys to look up, and the cells refused on the way. */
export function rowBody(row: number, cells: readonly Cell[], plan: readonly ColumnPlan[]): RowBody {
  const body: Record<string, unknown> = {};
  const keyed: KeyedCell[] = [];
  const errors: ImportRowError[] = [];
  for (const { column, index, field, naturalKey } of plan) {
    const cell = cells[index] ?? null;
    if (cell === null || (typeof cell === 'string' && cell.trim() === '')) continue;
    if (typeof cell === 'string') {
      const problem = textProblem(cell);
      if (problem) {
        errors.push(cellError(row, field.name, column, problem));
        continue;
      }
    }
    if (naturalKey) {
      const value = cell instanceof Date ? isoDate(cell) : String(cell).trim();
      keyed.push({ field: field.name, column, resource: field.reference!, key: naturalKey, value });
      continue;
    }
    body[field.name] = fieldValue(field, cell);
  }
  return { body, keyed, errors };
}
