import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for ICM on 127.0.0.1: it answers each request by the next behaviour of a script
 * and, like a real idempotent endpoint, creates one case record per Idempotency-Key, answering
 * a repeated key with the reference it gave the first time.
 *
 *   fail  503 without processing
 *   slow  processes the request, then answers after `slowMs` (longer than the sender waits)
 *   ok    processes (or recognises) the request and answers 201 { reference }
 *   bad   400 without processing
 */
export type Behaviour = 'fail' | 'slow' | 'ok' | 'bad';

export interface ReceivedRequest {
  key: string | undefined;
  topic: string | undefined;
  contentType: string | undefined;
  body: any;
}

export interface IcmReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** idempotency key -> the reference of the one record created for it */
  records: Map<string, string>;
  /** behaviours for the next requests; when empty, `fallback` answers */
  script: Behaviour[];
  fallback: Behaviour;
  close(): Promise<void>;
}

export async function startIcmReceiver(options: { slowMs?: number; delayMs?: number } = {}): Promise<IcmReceiver> {
  const slowMs = options.slowMs ?? 1000;
  const timers = new Set<NodeJS.Timeout>();
  const receiver: IcmReceiver = {
    url: '',
    requests: [],
    records: new Map(),
    script: [],
    fallback: 'ok',
    close: async () => undefined,
  };
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const process = (key: string): string => {
    if (!receiver.records.has(key)) receiver.records.set(key, `ICM-${receiver.records.size + 1}`);
    return receiver.records.get(key)!;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const key = req.headers['idempotency-key'] as string | undefined;
      receiver.requests.push({
        key,
        topic: req.headers['x-message-topic'] as string | undefined,
        contentType: req.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'),
      });
      const behaviour = receiver.script.shift() ?? receiver.fallback;
      const answer = (status: number, body: unknown) => {
        if (res.destroyed) return;
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (behaviour === 'fail') return answer(503, { error: 'maintenance' });
      if (behaviour === 'bad') return answer(400, { error: 'answers missing' });
      const reference = process(key ?? 'no-key');
      if (behaviour === 'slow') return later(slowMs, () => answer(201, { reference }));
      return later(options.delayMs ?? 0, () => answer(201, { reference }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/case-notes`;
  receiver.close = async () => {
    for (const timer of timers) clearTimeout(timer);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}
