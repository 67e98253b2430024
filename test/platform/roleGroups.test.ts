import fs from 'node:fs';
import path from 'node:path';
import { ROLES } from '../../contract/enums';
import { CASE_MANAGERS, FRONT_LINE, GLOBAL_READERS, ORGANIZATION_ROLES, PLANNERS } from '../../server/access/roles';

/**
 * Role groups have one home, server/access/roles.ts: a list of two or more roles written out
 * anywhere else in server/ (an array, an `a || b` test, consecutive `case`s) is a second copy
 * that can drift from it.
 */
const SERVER = path.resolve(__dirname, '../../server');
const HOME = path.join(SERVER, 'access/roles.ts');
const role = `'(?:${ROLES.join('|')})'`;
const LIST_PATTERNS = [
  new RegExp(`\\[[^\\[\\]]*${role}[^\\[\\]]*${role}[^\\[\\]]*\\]`),
  new RegExp(`role\\s*===?\\s*${role}\\s*\\|\\|[^;\\n]*role\\s*===?\\s*${role}`),
  new RegExp(`case\\s+${role}:\\s*case\\s+${role}:`),
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

it('finds no list of roles written out in server/ outside access/roles.ts', () => {
  const copies = sourceFiles(SERVER)
    .filter((file) => file !== HOME)
    .flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return LIST_PATTERNS.map((pattern) => text.match(pattern)?.[0]).filter(Boolean).map((match) => `${path.relative(SERVER, file)}: ${match}`);
    });
  expect(copies).toEqual([]);
});

it('builds the wider groups from the narrower ones, in the order of ROLES', () => {
  expect(GLOBAL_READERS).toEqual(['system_admin', 'ministry_manager', 'ministry_finance']);
  expect(CASE_MANAGERS).toEqual(['system_admin', 'org_admin', 'program_manager']);
  expect(FRONT_LINE).toEqual(['system_admin', 'org_admin', 'program_manager', 'portal_worker']);
  expect(PLANNERS).toEqual(['system_admin', 'org_admin', 'program_manager', 'coordinator']);
  expect(ORGANIZATION_ROLES).toEqual(['org_admin', 'program_manager', 'portal_worker', 'coordinator']);
});
