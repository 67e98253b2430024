import { spawn } from 'node:child_process';
import readline from 'node:readline';
import type { TopologyOptions } from '../../scripts/cluster/topology';
import { ROOT } from './serverProcess';

/**
 * The local cluster (primary, standby, instances, proxy) in a child process running
 * test/helpers/clusterDriver.ts, driven by one JSON line per command.
 */
export interface ClusterInfo {
  proxy: string;
  primary: string;
  standby: string | null;
  instances: { name: string; url: string; pid: number }[];
}

export interface RunningCluster extends ClusterInfo {
  stopStandby(): Promise<void>;
  /** the instance's exit code */
  stopInstance(name: string): Promise<number | null>;
  healthy(): Promise<string[]>;
  output(): string;
  stop(): Promise<void>;
}

export async function startCluster(options: Omit<TopologyOptions, 'log' | 'instanceLog'>, readyWithinMs = 240_000): Promise<RunningCluster> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/clusterDriver.ts', JSON.stringify(options)], {
    cwd: ROOT,
    env: process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (withinMs: number): Promise<Record<string, unknown>> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`The cluster did not answer within ${withinMs / 1000} s:\n${output.slice(-4000)}`)), withinMs);
    });
    const gone = exited.then((code) => Promise.reject(new Error(`The cluster exited (code ${code}):\n${output.slice(-4000)}`)));
    try {
      const line = await Promise.race([lines.next(), late, gone]);
      // stdout can close a moment before 'exit' fires: that is the driver ending too
      if (line.done) throw new Error(`The cluster closed its output (exit code ${await exited}):\n${output.slice(-4000)}`);
      return JSON.parse(line.value as string);
    } finally {
      clearTimeout(timer);
    }
  };
  const command = async (value: Record<string, unknown>) => {
    child.stdin.write(`${JSON.stringify(value)}\n`);
    return (await nextLine(60_000)).result;
  };
  let info: ClusterInfo;
  try {
    info = (await nextLine(readyWithinMs)) as unknown as ClusterInfo;
  } catch (error) {
    child.kill('SIGTERM');
    await exited;
    throw error;
  }
  return {
    ...info,
    stopStandby: async () => void (await command({ do: 'stop-standby' })),
    stopInstance: async (name) => (await command({ do: 'stop-instance', name })) as number | null,
    healthy: async () => (await command({ do: 'healthy' })) as string[],
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
