import net from 'node:net';

/**
 * A server speaking just enough of the PostgreSQL protocol to end a client's handshake, for
 * what a real server does too rarely to test against it: each connection's first message (the
 * client's startup) is answered as `answer` says for that connection (counted from 1).
 *
 * - 'accept': AuthenticationOk and ReadyForQuery; the next message (a Terminate) ends it.
 * - 'acceptThenTerminate': the same, then, in the same write, the FATAL "terminating connection
 *   due to administrator command" of a PostgreSQL stopping, and the socket ends. pg parses the
 *   whole read at once, so it emits that error before the `connect()` that ReadyForQuery
 *   resolved returns to its caller.
 */
type Answer = 'accept' | 'acceptThenTerminate';

export interface FakePostgres {
  port: number;
  /** a connection string to it; any user and password are accepted */
  url: string;
  /** how many connections it has received */
  connections(): number;
  close(): Promise<void>;
}

function message(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), length, body]);
}

const int32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
};

const fields = (pairs: [string, string][]) => Buffer.concat([...pairs.map(([code, text]) => Buffer.from(`${code}${text}\0`)), Buffer.from('\0')]);

const HANDSHAKE = Buffer.concat([
  message('R', int32(0)), // AuthenticationOk
  message('Z', Buffer.from('I')), // ReadyForQuery: the connection is made
]);

const SHUTDOWN = message('E', fields([['S', 'FATAL'], ['V', 'FATAL'], ['C', '57P01'], ['M', 'terminating connection due to administrator command']]));

export async function startFakePostgres(answer: (connection: number) => Answer = () => 'acceptThenTerminate'): Promise<FakePostgres> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections += 1;
    const answered = answer(connections);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => {
      if (answered === 'accept') {
        socket.write(HANDSHAKE);
        socket.once('data', () => socket.end());
      } else {
        socket.write(Buffer.concat([HANDSHAKE, SHUTDOWN]));
        socket.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    url: `postgres://portal:secret@127.0.0.1:${port}/portal`,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
