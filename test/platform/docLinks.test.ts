import fs from 'node:fs';
import path from 'node:path';

/**
 * The project's documents stand alone: every link in a Markdown file of the project points at a file
 * of the repository (and, with an anchor, at a heading of it), and none reaches outside it.
 */
const ROOT = path.resolve(__dirname, '../..');
/** Installed packages, build output and dot-folders (.git, .data, .test-data) are not the project's documents. */
const NOT_DOCUMENTS = new Set(['node_modules', 'dist']);

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') || NOT_DOCUMENTS.has(entry.name) ? [] : markdownFiles(relative);
    return entry.name.endsWith('.md') ? [relative] : [];
  });
}

const documents = markdownFiles('.').map((file) => path.posix.normalize(file)).sort();

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const slugs = new Set<string>();
  for (const [, heading] of markdown.matchAll(/^#+\s+(.*)$/gm)) {
    slugs.add(heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-'));
  }
  return slugs;
}

function brokenLinks(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  const problems: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^(https?:|mailto:)/.test(target)) continue;
    const [relative, anchor] = target.split('#');
    const resolved = relative ? path.resolve(ROOT, path.dirname(file), relative) : path.join(ROOT, file);
    if (!resolved.startsWith(ROOT + path.sep)) problems.push(`${file} links to ${target}, outside the repository`);
    else if (!fs.existsSync(resolved)) problems.push(`${file} links to ${target}, which does not exist`);
    else if (anchor && !anchors(fs.readFileSync(resolved, 'utf8')).has(anchor)) problems.push(`${file} links to ${target}, which has no heading #${anchor}`);
  }
  for (const [mention] of text.matchAll(/\.\.\/shared\/[^\s`)]*|shared\/design\/[^\s`)]*/g)) {
    problems.push(`${file} refers to ${mention}, which is not part of the repository`);
  }
  return problems;
}

it('finds the Markdown files to check', () => {
  expect(documents).toEqual(expect.arrayContaining(['README.md', 'docs/domain.md', 'docs/api.md', 'dashboard/README.md', 'bench/README.md', 'test/e2e/README.md']));
});

it.each(documents)('%s links only to files of the repository', (file) => {
  expect(brokenLinks(file)).toEqual([]);
});
