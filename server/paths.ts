import fs from 'node:fs';
import path from 'node:path';

/**
 * The project's folder, whether this runs from server/ (tsx) or compiled from dist/server/
 * (`npm run build`): the nearest folder above this file with a package.json. Files that are not
 * compiled (the built dashboard) are found from here.
 */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

export const PROJECT_ROOT = findRoot(__dirname);
