import { MEASURES } from '../../server/reports/cspMeasures';
import { readDomainDoc, type DocColumn, type DomainDoc } from '../helpers/domainDoc';
import { readCatalog, type Catalog, type CatalogColumn } from '../helpers/schemaCatalog';
import { useTestDatabase } from '../helpers/testDb';

/**
 * docs/domain.md is the data dictionary: it must name what the migrated schema has, and all of
 * it. Each test lists what is missing or different, saying on which side, so a failure reads
 * as the change to make (to the page, or to the migration).
 */
const db = useTestDatabase();
const DOC = 'docs/domain.md';
/** The conventional columns every table has; the page states them once, not per table. */
const CONVENTIONAL = ['id', 'created_at', 'updated_at'];

let doc: DomainDoc;
let catalog: Catalog;

beforeAll(async () => {
  doc = readDomainDoc();
  catalog = await readCatalog(db.knex);
});

const describeType = (c: { type: string; references: string | null; required: boolean }) =>
  `${c.type}${c.references ? ` → ${c.references}` : ''}${c.required ? ', required' : ''}`;

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/** Both sides' columns of every table both sides have. */
function pairedColumns(): [string, string, DocColumn, CatalogColumn][] {
  const pairs: [string, string, DocColumn, CatalogColumn][] = [];
  for (const [table, columns] of doc.tables) {
    for (const [name, documented] of columns) {
      const actual = catalog.get(table)?.get(name);
      if (actual) pairs.push([table, name, documented, actual]);
    }
  }
  return pairs;
}

it('can read every column row of the page', () => {
  expect(doc.unreadable).toEqual([]);
});

it('describes exactly the tables of the schema', () => {
  const problems = [
    ...[...doc.tables.keys()].filter((t) => !catalog.has(t)).map((t) => `${DOC} describes table \`${t}\`, which the migrated schema does not have`),
    ...[...catalog.keys()].filter((t) => !doc.tables.has(t)).map((t) => `the migrated schema has table \`${t}\`, which ${DOC} does not describe`),
  ];
  expect(problems).toEqual([]);
});

it('names exactly the columns of each table', () => {
  const problems: string[] = [];
  for (const [table, columns] of doc.tables) {
    const actual = catalog.get(table);
    if (!actual) continue;
    for (const name of columns.keys()) {
      if (!actual.has(name)) problems.push(`${DOC} names column \`${table}.${name}\`, which the migrated schema does not have`);
    }
    for (const [name, column] of actual) {
      if (!columns.has(name) && !CONVENTIONAL.includes(name)) {
        problems.push(`the migrated schema has column \`${table}.${name}\` (${describeType(column)}), which ${DOC} does not name`);
      }
    }
  }
  expect(problems).toEqual([]);
});

it('gives each column its type, whether it is required, and what it references', () => {
  const problems = pairedColumns()
    .filter(([, , documented, actual]) => describeType(documented) !== describeType(actual))
    .map(([table, name, documented, actual]) => `\`${table}.${name}\`: ${DOC} says "${describeType(documented)}", the migrated schema has "${describeType(actual)}"`);
  expect(problems).toEqual([]);
});

it('lists the values of each enumeration exactly as its check constraint does', () => {
  const problems = pairedColumns()
    .filter(([, , documented, actual]) => !sameSet(documented.values, actual.values ?? []))
    .map(([table, name, documented, actual]) => {
      const allowed = actual.values ?? [];
      const notInSchema = documented.values.filter((v) => !allowed.includes(v));
      const notInDoc = allowed.filter((v) => !documented.values.includes(v));
      return (
        `\`${table}.${name}\`: ${DOC} lists [${documented.values.join(' ')}], check ${table}_${name}_check allows [${allowed.join(' ')}]` +
        (notInSchema.length ? `; not allowed by the schema: ${notInSchema.join(' ')}` : '') +
        (notInDoc.length ? `; missing from the page: ${notInDoc.join(' ')}` : '')
      );
    });
  expect(problems).toEqual([]);
});

it('holds the conventions it states: created_at and updated_at everywhere, and an id wherever there is no code', () => {
  const problems: string[] = [];
  for (const [table, columns] of catalog) {
    for (const name of ['created_at', 'updated_at']) {
      if (columns.get(name)?.type !== 'timestamptz' || !columns.get(name)?.required) problems.push(`\`${table}\` has no required timestamptz \`${name}\``);
    }
    if (!columns.has('id') && !columns.has('code')) problems.push(`\`${table}\` has neither \`id\` nor \`code\``);
  }
  expect(problems).toEqual([]);
});

it('describes the roles users.role allows, each once', () => {
  const allowed = catalog.get('users')?.get('role')?.values ?? [];
  const problems = [
    ...doc.roles.filter((r) => !allowed.includes(r)).map((r) => `${DOC} describes role \`${r}\`, which users_role_check does not allow`),
    ...allowed.filter((r) => !doc.roles.includes(r)).map((r) => `users_role_check allows role \`${r}\`, which ${DOC} does not describe`),
    ...doc.roles.filter((r, i) => doc.roles.indexOf(r) !== i).map((r) => `${DOC} describes role \`${r}\` twice`),
  ];
  expect(problems).toEqual([]);
});

it('lists the CSP performance measures the report computes, in its order', () => {
  const computed = MEASURES.map((m) => m.key as string);
  const problems = [
    ...doc.measures.filter((k) => !computed.includes(k)).map((k) => `${DOC} lists measure \`${k}\`, which server/reports/cspMeasures.ts does not compute`),
    ...computed.filter((k) => !doc.measures.includes(k)).map((k) => `server/reports/cspMeasures.ts computes measure \`${k}\`, which ${DOC} does not list`),
  ];
  if (!problems.length && doc.measures.join() !== computed.join()) {
    problems.push(`${DOC} lists the measures in another order than the report: ${doc.measures.join(', ')}`);
  }
  expect(problems).toEqual([]);
});
