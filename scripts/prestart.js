// Builds the dashboard before `npm start` when dashboard/dist is missing or older than its sources.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const dashboard = path.join(root, 'dashboard');
const built = path.join(dashboard, 'dist', 'index.html');
// The dashboard also bundles the contract module it shares with the server, and the server's fiscal calendar.
const contract = path.join(root, 'contract');
const calendar = path.join(root, 'server', 'dates.ts');

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    const time = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

if (!fs.existsSync(path.join(dashboard, 'vite.config.ts'))) process.exit(0);
const newestSource = Math.max(newestMtime(dashboard), newestMtime(contract), fs.existsSync(calendar) ? fs.statSync(calendar).mtimeMs : 0);
const stale = !fs.existsSync(built) || fs.statSync(built).mtimeMs < newestSource;
if (stale) {
  console.log('Building the dashboard ...');
  // Always React's production build: under jest (NODE_ENV=test) vite would make a development
  // build, and every later `npm start` would serve it, since it is newer than the sources.
  const env = { ...process.env, NODE_ENV: 'production' };
  const result = spawnSync(process.execPath, [path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js'), 'build', '--config', 'dashboard/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error('The dashboard did not build; starting the API alone.');
  }
}
