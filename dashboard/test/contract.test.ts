import fs from 'node:fs';
import path from 'node:path';
import * as enums from '../../contract/enums';
import { JOB_NAMES } from '../../contract/jobs';

/** The contract module is bundled by the dashboard as it is: it may import only its own files. */
const CONTRACT = path.resolve(__dirname, '..', '..', 'contract');

function specifiers(source: string): string[] {
  return [...source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    m => m[1] ?? m[2] ?? m[3],
  );
}

describe('the contract module', () => {
  const files = fs.readdirSync(CONTRACT).filter(name => name.endsWith('.ts'));

  it.each(files)('%s imports nothing outside the module', file => {
    const outside = specifiers(fs.readFileSync(path.join(CONTRACT, file), 'utf8')).filter(
      spec => !/^\.\/[\w-]+$/.test(spec) || !files.includes(`${spec.slice(2)}.ts`),
    );
    expect(outside).toEqual([]);
  });

  it('finds every kind of import, so none slips past', () => {
    const source = "import type { Knex } from 'knex';\nimport { ROLES } from './enums';\nexport { today } from '../server/dates';\nconst fs = require('node:fs');";
    expect(specifiers(source)).toEqual(['knex', './enums', '../server/dates', 'node:fs']);
  });
});

/** The enumerations of contract/enums.ts (ROLES among them), and the job names. */
const LISTS = [...Object.values(enums as Record<string, unknown>).filter((value): value is readonly string[] => Array.isArray(value)), JOB_NAMES];

/** Array literals of two or more quoted strings that all belong to one enumeration: a restated list. */
function restatedLists(source: string): string[] {
  const found: string[] = [];
  for (const [literal] of source.matchAll(/\[\s*'[^']*'(?:\s*,\s*'[^']*')+\s*,?\s*\]/g)) {
    const values = [...literal.matchAll(/'([^']*)'/g)].map(m => m[1]);
    if (LISTS.some(members => values.every(value => members.includes(value)))) found.push(literal);
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'i18n' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('the dashboard', () => {
  it('restates no enumeration: it imports them from the contract', () => {
    const src = path.resolve(__dirname, '..', 'src');
    const restated = sourceFiles(src).flatMap(file => restatedLists(fs.readFileSync(file, 'utf8')).map(list => `${path.relative(src, file)}: ${list}`));
    expect(restated).toEqual([]);
  });

  it('would see a list of programmes or of roles written out', () => {
    expect(restatedLists("const PROGRAMS = ['CSP', 'SHSS'] as const;\nconst EDIT_ANY = ['system_admin', 'org_admin', 'program_manager'];\nconst UNITS = ['B', 'kB'];")).toEqual([
      "['CSP', 'SHSS']",
      "['system_admin', 'org_admin', 'program_manager']",
    ]);
  });
});
