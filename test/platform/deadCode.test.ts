import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * No dead code: knip (configured in knip.json, run by `npm run deadcode`) follows the imports
 * from every entry point — the server, scripts, benchmarks, migrations, seeds, the dashboard
 * and the tests — and lists the files nothing imports and the exports nothing uses.
 */
const ROOT = path.resolve(__dirname, '../..');

interface KnipReport {
  files: string[];
  issues: { file: string; exports?: { name: string }[] }[];
}

jest.setTimeout(120_000);

it('leaves no file unimported and no export unused', async () => {
  const knip = path.join(ROOT, 'node_modules', '.bin', 'knip');
  const run = await promisify(execFile)(knip, ['--no-progress', '--include', 'files,exports', '--reporter', 'json', '--no-exit-code'], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const report = JSON.parse(run.stdout) as KnipReport;
  const unusedExports = report.issues.flatMap((issue) => (issue.exports ?? []).map((unused) => `${issue.file}: ${unused.name}`));
  expect({ unusedFiles: report.files, unusedExports }).toEqual({ unusedFiles: [], unusedExports: [] });
});
