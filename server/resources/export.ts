import type { Knex } from 'knex';
import { titleRule } from '../../contract/titles';
import { idsInScope } from '../access/scope';
import { enumLabel, fieldLabel, qualifiedLabel, READABLE_PARAMETERS, readableOptions, valueLabelSql, type Language, type Readable } from '../exports/labels';
import { quoteIdentifier } from '../exports/copyQuery';
import type { Column, DownloadFormat } from '../exports/send';
import { titleSql } from '../questions/compile';
import { compileCheck } from '../validation';
import { listQueryForDownload, mayDo, type EngineDeps, type RequestInfo } from './engine';
import { CHILD_NAME, childNameFields, downloadChildName } from './childName';
import { describeFields, type FieldDescription } from './fields';
import { largeTextComputedFields, lengthField, previewField } from './largeText';
import type { ListParams } from './listQuery';
import type { ResourceDeclaration } from './types';

/**
 * A list's download as people read it (docs/exports.md): the list's own columns in the order
 * of the resource's fields, each reference followed by the title of the record it names
 * (`child_id`, `child_name`; `contract_id`, `contract_number`) when the caller may see that
 * record, each enumeration followed by its label (`status`, `status_label`) in the caller's
 * language, headers in that language (or the stable field names with `headers=fields`), and
 * the type of each date, instant and amount for the workbook's cells.
 *
 * Every readable value is SQL around the list's own query —
 *   select q.*, t0.title as child_name, case q.status when 'draft' then 'Draft' … end as status_label
 *   from (select l.*, row_number() over () as export_row from (<the list's query>) l) q
 *   left join (select children.id, <title> as title from children where <in the caller's scope>) t0 on t0.id = q.child_id
 *   order by q.export_row
 * — so the download still streams by COPY (server/exports/send.ts). The titles are hash-joined
 * (a correlated subquery per row took twice as long at a million rows), and so is the list's
 * `child_name` where a record has one child (childName.ts `downloadChildName`); the rows keep
 * the list's order by their number in it.
 */
export interface DownloadRequest extends Readable {
  format: DownloadFormat;
  bom: boolean;
}

const checkDownloadQuery = compileCheck<{ format: DownloadFormat; bom?: '0' | '1'; lang?: Language; headers?: Readable['headers'] }>({
  type: 'object',
  properties: {
    format: { enum: ['csv', 'xlsx'] },
    bom: { enum: ['0', '1'] },
    ...READABLE_PARAMETERS,
  },
  required: ['format'],
});

/** The download parameters of a list's query string (400 naming each bad one). */
export function parseDownloadRequest(query: Record<string, unknown>, acceptLanguage: string | undefined): DownloadRequest {
  const given = checkDownloadQuery(query);
  return { format: given.format, bom: given.bom === '1', ...readableOptions(given, acceptLanguage) };
}

const FORMATS: Partial<Record<FieldDescription['type'], Column['format']>> = { date: 'date', datetime: 'instant', money: 'money' };

/** The name of the column that titles a reference: `<field without _id or _code>_name` for a person or a name, else after its title field. */
function titleColumn(field: string, target: ResourceDeclaration, taken: ReadonlySet<string>): string {
  const base = field.replace(/_(id|code)$/, '');
  const rule = titleRule(describeFields(target).map((f) => f.name));
  const name =
    rule.kind === 'person' || (rule.kind === 'field' && (rule.field === 'name' || rule.field === 'full_name'))
      ? `${base}_name`
      : rule.kind === 'field'
        ? rule.field.startsWith(`${base}_`) ? rule.field : `${base}_${rule.field}`
        : `${base}_title`;
  return taken.has(name) ? `${field}_title` : name;
}

interface ReadableColumns {
  columns: Column[];
  /** the SQL of each added column, over the list's rows `q` and the joined titles */
  selects: Knex.Raw[];
  /** the titles of each referenced resource the caller may see (`(…) as t<i>`), and the field they title; the child's name too */
  titles: { alias: string; field: string; rows: Knex.Raw }[];
}

function readableColumns(deps: EngineDeps, declaration: ResourceDeclaration, request: RequestInfo, options: DownloadRequest): ReadableColumns {
  const { knex } = deps;
  const label = (field: string) => fieldLabel(options.language, declaration.name, field);
  const header = (key: string, text: string) => (options.headers === 'fields' ? key : text);
  const fields = describeFields(declaration).filter((f) => !f.write_only && f.type !== 'json' && !(f.name in (declaration.largeText ?? {})));
  const taken = new Set([...fields.map((f) => f.name), ...largeTextComputedFields(declaration)]);
  const columns: Column[] = [];
  const selects: Knex.Raw[] = [];
  const titles: ReadableColumns['titles'] = [];

  for (const field of fields) {
    const target = field.reference ? deps.resources?.find((r) => r.name === field.reference) : undefined;
    const labelled = field.enum && field.enum.length > 0;
    const qualifier = target ? (target.model.idColumn === 'id' ? 'id' : 'code') : labelled ? 'code' : null;
    const text = qualifier ? qualifiedLabel(options.language, label(field.name), qualifier) : label(field.name);
    columns.push({ key: field.name, header: header(field.name, text), format: FORMATS[field.type] });

    if (target) {
      const key = titleColumn(field.name, target, taken);
      taken.add(key);
      columns.push({ key, header: header(key, label(field.name)) });
      if (!mayDo(target, request.user, 'read')) {
        selects.push(knex.raw(`null::text as ${quoteIdentifier(key)}`));
        continue;
      }
      const table = quoteIdentifier(target.model.tableName);
      const id = `${table}.${quoteIdentifier(target.model.idColumn as string)}`;
      const visible = idsInScope(knex, target.model, target.scope, request.user);
      const alias = `t${titles.length}`;
      titles.push({
        alias,
        field: field.name,
        rows: knex.raw(
          `(select ${id} as id, ${titleSql(target)} as title from ${table}${visible ? ` where ${id} in (${visible.sql})` : ''}) as ${quoteIdentifier(alias)}`,
          visible ? ([...visible.bindings] as Knex.RawBinding[]) : [],
        ),
      });
      selects.push(knex.raw(`${alias}.title as ${quoteIdentifier(key)}`));
    } else if (labelled) {
      const key = `${field.name}_label`;
      taken.add(key);
      columns.push({ key, header: header(key, label(field.name)) });
      const labels = valueLabelSql(`q.${quoteIdentifier(field.name)}`, field.enum!, (value) => enumLabel(options.language, declaration.name, field.name, value));
      selects.push(knex.raw(`${labels.sql} as ${quoteIdentifier(key)}`, labels.bindings));
    }
  }
  for (const field of Object.keys(declaration.largeText ?? {})) {
    columns.push({ key: previewField(field), header: header(previewField(field), qualifiedLabel(options.language, label(field), 'preview')) });
    columns.push({ key: lengthField(field), header: header(lengthField(field), qualifiedLabel(options.language, label(field), 'length')) });
  }
  // the list's child name (a check-in's, a referral's children); a `child_id` already has its title column of that name
  const name = childNameFields(declaration).some((field) => !taken.has(field)) ? downloadChildName(declaration, knex, request.user) : null;
  if (name && 'join' in name) {
    const alias = `t${titles.length}`;
    titles.push({ alias, field: name.join.field, rows: knex.raw(`(${name.join.sql}) as ${quoteIdentifier(alias)}`, name.join.bindings as Knex.RawBinding[]) });
    selects.push(knex.raw(`${alias}.title as ${quoteIdentifier(CHILD_NAME)}`));
  } else if (name) {
    selects.push(knex.raw(`${name.select.sql} as ${quoteIdentifier(CHILD_NAME)}`, name.select.bindings as Knex.RawBinding[]));
  }
  if (name) columns.push({ key: CHILD_NAME, header: header(CHILD_NAME, label(CHILD_NAME)) });
  return { columns, selects, titles };
}

/** The rows and columns of a list's download, through the caller's scope like the list itself. */
export function listDownload(deps: EngineDeps, declaration: ResourceDeclaration, request: RequestInfo, params: ListParams, options: DownloadRequest) {
  const { knex } = deps;
  const { columns, selects, titles } = readableColumns(deps, declaration, request, options);
  const list = listQueryForDownload(deps, declaration, request, params, { childName: false }).toKnexQuery();
  const numbered = knex.select(knex.raw('l.*'), knex.raw('row_number() over () as export_row')).from(list.as('l'));
  const query = knex.select([knex.raw('q.*'), ...selects]).from(numbered.as('q'));
  for (const { alias, field, rows } of titles) query.leftJoin(rows as never, `${alias}.id`, `q.${field}`);
  return { query: query.orderBy('q.export_row'), columns };
}
