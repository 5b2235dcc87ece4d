import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE } from '../problem-details';
import { MAX_URL_LENGTH } from './request-target';

interface ParserError extends Error {
  readonly code?: string;
  readonly rawPacket?: Buffer;
}

/** What Node's HTTP parser refused, as the problem a client reads (before any route runs). */
function problemOf(error: ParserError): { status: number; reason: string; type: string; detail: string } {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    // The limit covers the request line too: when that line alone is long, the URL is what is too long.
    const lineEnd = error.rawPacket?.indexOf('\r\n') ?? 0;
    const urlTooLong = lineEnd < 0 || lineEnd > MAX_URL_LENGTH;
    return !urlTooLong
      ? { status: 431, reason: 'Request Header Fields Too Large', type: '/problems/headers-too-large', detail: 'the request headers are larger than 16 KB' }
      : { status: 414, reason: 'URI Too Long', type: '/problems/uri-too-long', detail: 'the request URL is longer than 16 KB' };
  }
  if (error.code === 'HPE_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, reason: 'Request Timeout', type: '/problems/request-timeout', detail: 'the request was not received in time' };
  }
  return { status: 400, reason: 'Bad Request', type: '/problems/malformed-request', detail: 'the request is not valid HTTP/1.1' };
}

/**
 * Node answers requests its parser refuses (oversized headers, broken framing) with a bare
 * status line; this answers them as problem+json like every other error, then closes.
 */
export function answerClientErrorsAsProblems(server: Server): void {
  server.on('clientError', (error: ParserError, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const problem = problemOf(error);
    const body = JSON.stringify({ type: problem.type, title: problem.reason, status: problem.status, detail: problem.detail });
    socket.end(
      `HTTP/1.1 ${problem.status} ${problem.reason}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
