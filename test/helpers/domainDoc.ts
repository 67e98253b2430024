import fs from 'node:fs';
import path from 'node:path';

/**
 * docs/domain.md as data: each `### \`table\`` section's column table, the roles table and the
 * CSP measures table. The page's own format is the contract: a column row is
 * `| \`name\` | type[ → table][, required] | \`value\` \`value\` … | rules |`.
 */
export const DOMAIN_DOC = path.resolve(__dirname, '../../docs/domain.md');

export interface DocColumn {
  type: string;
  required: boolean;
  references: string | null;
  values: string[];
}

export interface DomainDoc {
  tables: Map<string, Map<string, DocColumn>>;
  roles: string[];
  measures: string[];
  /** rows the parser could not read, as `line N: text` */
  unreadable: string[];
}

const COLUMN_HEADER = ['column', 'type', 'values', 'rules'];

function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((cell) => cell.trim());
}

const isSeparator = (line: string) => /^\|(\s*:?-+:?\s*\|)+$/.test(line.trim());
const backticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** `bigint → organizations, required` */
function parseType(cell: string): Omit<DocColumn, 'values'> | null {
  const match = /^([a-z]+(?:\(\d+,\d+\))?)(?:\s*→\s*([a-z_]+))?(,\s*required)?$/.exec(cell.replace(/`/g, '').trim());
  return match ? { type: match[1], references: match[2] ?? null, required: Boolean(match[3]) } : null;
}

export function parseDomainDoc(text: string): DomainDoc {
  const doc: DomainDoc = { tables: new Map(), roles: [], measures: [], unreadable: [] };
  let section: string | null = null;
  let header: string[] | null = null;
  text.split('\n').forEach((line, index) => {
    const heading = /^(#+)\s+(.*)$/.exec(line);
    if (heading) {
      const table = /^`([a-z_]+)`$/.exec(heading[2].trim());
      section = heading[1] === '###' && table ? table[1] : heading[2].trim();
      if (heading[1] === '###' && table) doc.tables.set(table[1], new Map());
      header = null;
      return;
    }
    if (!line.trim().startsWith('|')) {
      header = null;
      return;
    }
    if (isSeparator(line)) return;
    const row = cells(line);
    if (!header) {
      header = row;
      return;
    }
    const [first] = backticked(row[0]);
    if (section && doc.tables.has(section) && header.join() === COLUMN_HEADER.join()) {
      const type = parseType(row[1] ?? '');
      if (!first || !type) doc.unreadable.push(`line ${index + 1}: ${line.trim()}`);
      else doc.tables.get(section)!.set(first, { ...type, values: backticked(row[2] ?? '') });
    } else if (section === 'Roles' && header[0] === 'role' && first) {
      doc.roles.push(first);
    } else if (header[0] === 'key' && first && /performance measures/.test(section ?? '')) {
      doc.measures.push(first);
    }
  });
  return doc;
}

export function readDomainDoc(): DomainDoc {
  return parseDomainDoc(fs.readFileSync(DOMAIN_DOC, 'utf8'));
}
