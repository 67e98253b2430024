import type { Knex } from 'knex';

/**
 * Column and constraint shapes shared by the migrations. Knex does not load this folder as a
 * migration (it has no .ts extension of its own); once a migration has shipped, a change here
 * must not change what that migration creates.
 */

/** `id bigint generated always as identity primary key`, docs/domain.md's convention. */
export function identity(table: Knex.CreateTableBuilder): void {
  table.specificType('id', 'bigint generated always as identity primary key');
}

export function timestamps(knex: Knex, table: Knex.CreateTableBuilder): void {
  table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
}

/** Optimistic concurrency for tables users edit concurrently. */
export function version(table: Knex.CreateTableBuilder): void {
  table.integer('version').notNullable().defaultTo(1);
}

export interface ForeignKeyOptions {
  nullable?: boolean;
  /** false when a composite index already starts with this column */
  index?: boolean;
  /** referenced column, `id` unless a lookup's `code` */
  column?: string;
}

/** A bigint foreign key to `<refTable>.id`, ON DELETE RESTRICT, indexed. */
export function foreignKey(
  table: Knex.CreateTableBuilder,
  tableName: string,
  column: string,
  refTable: string,
  options: ForeignKeyOptions = {},
): void {
  const builder = table.bigInteger(column);
  if (options.nullable) builder.nullable();
  else builder.notNullable();
  table
    .foreign(column, `${tableName}_${column}_foreign`)
    .references(options.column ?? 'id')
    .inTable(refTable)
    .onDelete('RESTRICT');
  if (options.index !== false) table.index([column], `${tableName}_${column}_index`);
}

/** A text foreign key to a lookup table's `code`, ON DELETE RESTRICT, indexed. */
export function lookupKey(
  table: Knex.CreateTableBuilder,
  tableName: string,
  column: string,
  refTable: string,
  options: { nullable?: boolean } = {},
): void {
  const builder = table.text(column);
  if (options.nullable) builder.nullable();
  else builder.notNullable();
  table.foreign(column, `${tableName}_${column}_foreign`).references('code').inTable(refTable).onDelete('RESTRICT');
  table.index([column], `${tableName}_${column}_index`);
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A named check constraint `<table>_<column>_check`, so the error middleware can name the field.
 * Several rules on one column go into one predicate.
 */
export function check(table: Knex.CreateTableBuilder, tableName: string, column: string, predicate: string): void {
  table.check(predicate, [], `${tableName}_${column}_check`);
}

/** An enumeration as a check constraint; a nullable column also accepts null. */
export function enumCheck(
  table: Knex.CreateTableBuilder,
  tableName: string,
  column: string,
  values: readonly string[],
  options: { nullable?: boolean; extra?: string } = {},
): void {
  const list = `"${column}" in (${values.map(literal).join(', ')})`;
  let predicate = options.nullable ? `("${column}" is null or ${list})` : list;
  if (options.extra) predicate = `${predicate} and (${options.extra})`;
  check(table, tableName, column, predicate);
}

/** A long free text limited to `max` characters (plan texts: 4000). */
export function limitedText(table: Knex.CreateTableBuilder, tableName: string, column: string, max: number): void {
  table.text(column).nullable();
  check(table, tableName, column, `char_length("${column}") <= ${max}`);
}

/** A date that must be the first day of a month (check-in months, payment service months). */
export function firstOfMonthCheck(table: Knex.CreateTableBuilder, tableName: string, column: string): void {
  check(table, tableName, column, `extract(day from "${column}") = 1`);
}

/** `end` ≥ `start` when both are set. */
export function dateOrderCheck(table: Knex.CreateTableBuilder, tableName: string, start: string, end: string): void {
  check(table, tableName, end, `"${end}" is null or "${start}" is null or "${end}" >= "${start}"`);
}

export function money(table: Knex.CreateTableBuilder, column: string): Knex.ColumnBuilder {
  return table.decimal(column, 12, 2);
}
