import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorCode } from '../errors';

/**
 * Requests Node's HTTP parser refuses before Express sees them. Node answers those itself with
 * a status and no body (431 for an address and headers over its limit, 16 KB by default); this
 * answers them in the API's error shape instead, so a client reads a message.
 */
const HEADER_LIMIT_KB = 16;

function answerFor(code: string | undefined): [number, string, ErrorCode, string] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [
        431,
        'Request Header Fields Too Large',
        'headers_too_large',
        `The address and headers of a request may be at most ${HEADER_LIMIT_KB} KB together; send a long list filter as the body of POST /api/<resource>/search`,
      ];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'Request Timeout', 'request_timeout', 'The request took too long to arrive'];
    default:
      return [400, 'Bad Request', 'malformed_request', 'The request is not valid HTTP'];
  }
}

export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, reason, code, message] = answerFor(error.code);
    const body = JSON.stringify({ message, code, errors: {}, message_code: code, params: {}, field_codes: {} });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
