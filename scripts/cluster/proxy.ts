import http from 'node:http';
import { Readable } from 'node:stream';
import { createProxyServer } from 'http-proxy-3';

/**
 * The round-robin HTTP proxy in front of the local cluster's instances (`npm run cluster`), on
 * http-proxy-3. In production a load balancer does this job (HAProxy, nginx: docs/deploy.md).
 *
 * Each instance's `/api/health/ready` is asked every `checkEveryMs` (1 s); an instance that fails
 * three checks in a row (not 200 within 2 s: its readiness check waits for a pooled connection,
 * so one slow answer under load is not an outage) leaves the rotation until one succeeds again,
 * like HAProxy's `fall 3 rise 1`. When no instance passes its checks but some still accept
 * connections (all of them overloaded, not gone), requests go to those rather than nowhere. A request whose instance
 * refuses or drops the connection before answering marks it down at once; a GET or HEAD (no
 * body to send again) is then tried on the next instance. With none in rotation the answer is
 * 503 `{ message, code: "no_instance" }` with Retry-After. Answers carry `X-Served-By: <name>`.
 */
export interface Backend {
  name: string;
  url: string;
}

export interface RunningProxy {
  url: string;
  /** the names of the instances in rotation now */
  healthy(): string[];
  /** limits the rotation to these instances (the benchmark's one-instance runs); all when empty */
  use(names: string[]): void;
  stop(): Promise<void>;
}

const HEALTH_PATH = '/api/health/ready';
const HEALTH_TIMEOUT_MS = 2_000;
const FALL = 3;
/** errors that mean the instance never answered: nothing of the request was handled */
const NOT_ANSWERED = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

export async function startProxy(options: {
  port: number;
  host?: string;
  backends: Backend[];
  checkEveryMs?: number;
  log?: (line: string) => void;
}): Promise<RunningProxy> {
  const log = options.log ?? (() => undefined);
  const host = options.host ?? '127.0.0.1';
  const up = new Map(options.backends.map((b) => [b.name, false]));
  const failedChecks = new Map(options.backends.map((b) => [b.name, FALL]));
  /** instances whose last check or request found no one listening */
  const refused = new Set<string>();
  let allowed: Set<string> | null = null;
  let next = 0;
  const agent = new http.Agent({ keepAlive: true });
  const proxy = createProxyServer({ xfwd: true, agent, proxyTimeout: 0 });

  const mark = (backend: Backend, healthy: boolean, why: string) => {
    if (up.get(backend.name) === healthy) return;
    up.set(backend.name, healthy);
    log(healthy ? `[proxy] instance ${backend.name} (${backend.url}) is in the rotation` : `[proxy] instance ${backend.name} left the rotation (${why})`);
  };
  const allowedBackends = () => options.backends.filter((b) => !allowed || allowed.has(b.name));
  const inRotation = () => allowedBackends().filter((b) => up.get(b.name));
  const pick = (except: Set<string>) => {
    const healthy = inRotation();
    const candidates = (healthy.length ? healthy : allowedBackends().filter((b) => !refused.has(b.name))).filter((b) => !except.has(b.name));
    if (!candidates.length) return null;
    next = (next + 1) % candidates.length;
    return candidates[next];
  };

  const check = async (backend: Backend) => {
    let failure: string | null;
    try {
      const res = await fetch(new URL(HEALTH_PATH, backend.url), { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      await res.arrayBuffer();
      failure = res.status === 200 ? null : `health ${res.status}`;
    } catch (error) {
      failure = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    }
    if (failure === 'ECONNREFUSED') refused.add(backend.name);
    else refused.delete(backend.name);
    const failed = failure === null ? 0 : failedChecks.get(backend.name)! + 1;
    failedChecks.set(backend.name, failed);
    if (failure === null) mark(backend, true, '');
    else if (failed >= FALL) mark(backend, false, `${failed} failed health checks, the last ${failure}`);
  };
  const checkAll = () => Promise.all(options.backends.map(check));
  await checkAll();
  const timer = setInterval(() => void checkAll(), options.checkEveryMs ?? 1_000);
  timer.unref();

  proxy.on('proxyRes', (proxyRes, req) => {
    proxyRes.headers['x-served-by'] = (req as http.IncomingMessage & { servedBy?: string }).servedBy ?? '';
  });

  const send = (req: http.IncomingMessage & { servedBy?: string }, res: http.ServerResponse, tried: Set<string>) => {
    const backend = pick(tried);
    if (!backend) {
      if (res.headersSent) return void res.destroy();
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2' });
      res.end(JSON.stringify({ message: 'No server instance is available right now; try again in a moment', code: 'no_instance' }));
      return;
    }
    tried.add(backend.name);
    req.servedBy = backend.name;
    const retryable = req.method === 'GET' || req.method === 'HEAD';
    proxy.web(req, res, { target: backend.url, ...(tried.size > 1 ? { buffer: Readable.from([]) } : {}) }, (error) => {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'ECONNREFUSED') refused.add(backend.name);
      if (NOT_ANSWERED.has(code)) {
        failedChecks.set(backend.name, FALL);
        mark(backend, false, code);
      }
      if (!res.headersSent && retryable && NOT_ANSWERED.has(code)) return send(req, res, tried);
      if (res.headersSent) return void res.destroy();
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `The server instance did not answer (${code || 'error'})`, code: 'bad_gateway' }));
    });
  };

  const server = http.createServer((req, res) => send(req, res, new Set()));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    healthy: () => inRotation().map((b) => b.name),
    use: (names) => {
      allowed = names.length ? new Set(names) : null;
    },
    stop: async () => {
      clearInterval(timer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      agent.destroy();
      proxy.close();
    },
  };
}
