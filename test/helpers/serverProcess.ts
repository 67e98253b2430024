import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * The real processes, for tests of what happens around them: `server/index.ts` (as `npm start`
 * runs it, jobs off) and the command-line scripts, each with the test's environment on top of
 * this one's.
 */
export const ROOT = path.resolve(__dirname, '../..');
const READY = 'is running at';

export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  /** resolves when the server says it is running; rejects when it exits first or takes too long */
  ready: Promise<void>;
  exited: Promise<number | null>;
}

function collect(child: ChildProcess): () => string {
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return () => output;
}

/** `entry`: what node runs; server/index.ts through tsx, as `npm start` does, unless told otherwise (a compiled build). */
export function spawnServer(env: Record<string, string>, readyWithinMs = 60_000, entry: string[] = ['--import', 'tsx', 'server/index.ts']): ServerProcess {
  const child = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: { ...process.env, ...env, JOBS_ENABLED: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collect(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after ${readyWithinMs / 1000} s: ${output()}`)), readyWithinMs);
    const check = () => {
      if (!output().includes(READY)) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}: ${output()}`));
    });
  });
  ready.catch(() => undefined);
  return { child, output, ready, exited };
}

/** Sends the signal and waits for the exit code (SIGKILL after `withinMs`). */
export async function stopProcess(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM', withinMs = 30_000): Promise<number | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.child.exitCode;
  server.child.kill(signal);
  const timer = setTimeout(() => server.child.kill('SIGKILL'), withinMs);
  try {
    return await server.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `node --import tsx <args>` to its end (killed after `withinMs`). */
export function runNode(args: string[], env: Record<string, string>, withinMs = 60_000): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), withinMs);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output(), ms: Date.now() - started });
    });
  });
}
