import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startProxy, type RunningProxy } from '../../scripts/cluster/proxy';

/**
 * The local cluster's proxy (scripts/cluster/proxy.ts) in front of two small HTTP servers whose
 * readiness the test sets: round robin, an instance out after three failed checks and back after
 * one good one, overloaded instances still used when none passes, a refused GET sent on.
 */
interface FakeInstance {
  name: string;
  server: http.Server;
  url: string;
  ready: number;
}

const CHECK_MS = 40;
let instances: FakeInstance[];
let proxy: RunningProxy;

async function fakeInstance(name: string): Promise<FakeInstance> {
  const instance = { name, ready: 200 } as FakeInstance;
  instance.server = http.createServer((req, res) => {
    if (req.url === '/api/health/ready') {
      res.writeHead(instance.ready, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ from: name }));
  });
  await new Promise<void>((resolve) => instance.server.listen(0, '127.0.0.1', resolve));
  instance.url = `http://127.0.0.1:${(instance.server.address() as AddressInfo).port}`;
  return instance;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for the rotation to become `names` (checks run every CHECK_MS; a busy machine delays them). */
async function rotationBecomes(names: string[], withinMs = 5_000): Promise<void> {
  for (const deadline = Date.now() + withinMs; JSON.stringify(proxy.healthy()) !== JSON.stringify(names); await sleep(10)) {
    if (Date.now() > deadline) throw new Error(`the rotation is ${JSON.stringify(proxy.healthy())}, not ${JSON.stringify(names)}`);
  }
}

async function servedBy(count: number): Promise<(string | null)[]> {
  const answers: (string | null)[] = [];
  for (let i = 0; i < count; i += 1) {
    const res = await fetch(`${proxy.url}/api/anything`);
    answers.push(res.status === 200 ? res.headers.get('x-served-by') : String(res.status));
    await res.arrayBuffer();
  }
  return answers;
}

beforeEach(async () => {
  instances = [await fakeInstance('A'), await fakeInstance('B')];
  proxy = await startProxy({ port: 0, backends: instances.map(({ name, url }) => ({ name, url })), checkEveryMs: CHECK_MS });
});

afterEach(async () => {
  await proxy.stop();
  await Promise.all(instances.map((i) => new Promise((resolve) => i.server.close(resolve))));
});

it('sends requests to the instances in turn', async () => {
  expect(proxy.healthy()).toEqual(['A', 'B']);
  expect(new Set(await servedBy(4))).toEqual(new Set(['A', 'B']));
  const answers = await servedBy(4);
  expect(answers.filter((name) => name === 'A')).toHaveLength(2);
});

it('takes an instance out after three failed checks, not one, and back after one good check', async () => {
  instances[1].ready = 503;
  await sleep(CHECK_MS * 1.5);
  expect(proxy.healthy()).toEqual(['A', 'B']);
  await rotationBecomes(['A']);
  expect(await servedBy(4)).toEqual(['A', 'A', 'A', 'A']);
  instances[1].ready = 200;
  await rotationBecomes(['A', 'B']);
});

it('still uses instances that fail their checks but accept connections when none passes', async () => {
  for (const instance of instances) instance.ready = 503;
  await rotationBecomes([]);
  expect(new Set(await servedBy(4))).toEqual(new Set(['A', 'B']));
});

it('sends a GET on to the other instance when one refuses the connection, and answers 503 when none is left', async () => {
  await new Promise((resolve) => instances[1].server.close(resolve));
  expect(await servedBy(4)).toEqual(['A', 'A', 'A', 'A']);
  await new Promise((resolve) => instances[0].server.close(resolve));
  const res = await fetch(`${proxy.url}/api/anything`);
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('2');
  expect(await res.json()).toEqual({ message: 'No server instance is available right now; try again in a moment', code: 'no_instance' });
  instances = [];
});
