import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app';
import { createKnex } from '../../server/db/knex';
import { createLogger } from '../../server/logger';

/**
 * The app alone in a process of its own, over the database named by DATABASE_URL, for tests that
 * measure the server's own memory: `node --import tsx test/helpers/appProcess.ts`. Prints
 * `listening <port>` when ready; stops when its standard input closes (the test ended or died).
 */
const knex = createKnex(process.env.DATABASE_URL!, { poolMax: 4 });
const app = createApp({ knex, dashboardDir: null, log: () => undefined, logger: createLogger('silent') });
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => {
  server.close();
  server.closeAllConnections();
  void knex.destroy().then(() => process.exit(0));
});
