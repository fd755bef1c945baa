/**
 * HTTP/1.1 over a raw TCP socket, for what `fetch` hides: several requests on one keep-alive
 * connection, a body larger than the server accepts sent in full, and whether the server
 * answers the next request, closes the connection at once, or leaves it hanging.
 */
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/**
 * The bytes of one request, with Host and Content-Length filled in; with a
 * `transfer-encoding: chunked` header the body is sent as one chunk instead.
 */
export function encodeRequest(request: RawRequest, host: string): Buffer {
  const chunked = request.headers?.['transfer-encoding'] === 'chunked';
  const raw = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const body = chunked
    ? Buffer.concat([Buffer.from(`${raw.length.toString(16)}\r\n`), raw, Buffer.from('\r\n0\r\n\r\n')])
    : raw;
  const headers: Record<string, string> = {
    host,
    ...(request.body === undefined || chunked ? {} : { 'content-length': String(body.length) }),
    ...request.headers,
  };
  const head = [
    `${request.method} ${request.path} HTTP/1.1`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/**
 * One keep-alive connection. Responses are parsed as they arrive (Content-Length bodies only,
 * which is what every server under test sends); `next` waits for the next one.
 */
export class RawConnection {
  private buffer = Buffer.alloc(0);
  private readonly parsed: RawResponse[] = [];
  private readonly waiters: Array<() => void> = [];
  /** Set once the server ends or resets the connection. */
  closedAt: number | undefined;
  /** Write errors (EPIPE, ECONNRESET) are expected when the server stops reading. */
  writeError: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    readonly host: string,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    const closed = () => {
      this.closedAt ??= performance.now();
      this.wake();
    };
    socket.on('end', closed);
    socket.on('close', closed);
    socket.on('error', (error) => {
      this.writeError ??= error;
      closed();
    });
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        resolve(new RawConnection(socket, `127.0.0.1:${port}`)),
      );
      socket.once('error', reject);
    });
  }

  get closed(): boolean {
    return this.closedAt !== undefined;
  }

  /** Writes the request; a write the server refuses (it closed) is recorded, not thrown. */
  send(request: RawRequest): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) {
        resolve();
        return;
      }
      this.socket.write(encodeRequest(request, this.host), (error) => {
        if (error) this.writeError ??= error;
        resolve();
      });
    });
  }

  /** The next response, or undefined if the connection closed or `timeoutMs` passed first. */
  async next(timeoutMs: number): Promise<RawResponse | undefined> {
    const deadline = performance.now() + timeoutMs;
    while (this.parsed.length === 0 && !this.closed) {
      const left = deadline - performance.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.parsed.shift();
  }

  /** Waits until the server closes the connection; false if it is still open after `timeoutMs`. */
  async waitClosed(timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 20));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private parse(): void {
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine = '', ...lines] = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rest = this.buffer.subarray(end + 4);
      const body = headers['transfer-encoding'] === 'chunked' ? chunkedBody(rest) : lengthBody(rest, headers);
      if (body === undefined) return;
      this.buffer = rest.subarray(body.consumed);
      this.parsed.push({ status: Number(statusLine.split(' ')[1]), headers, body: body.text });
      this.wake();
    }
  }
}

interface ParsedBody {
  readonly text: string;
  readonly consumed: number;
}

function lengthBody(rest: Buffer, headers: Record<string, string>): ParsedBody | undefined {
  const length = Number(headers['content-length'] ?? 0);
  if (rest.length < length) return undefined;
  return { text: rest.subarray(0, length).toString('utf8'), consumed: length };
}

/** A chunked body when all of it has arrived, else undefined. */
function chunkedBody(rest: Buffer): ParsedBody | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n', offset);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(rest.subarray(offset, lineEnd).toString('latin1'), 16);
    const start = lineEnd + 2;
    if (size === 0) {
      if (rest.length < start + 2) return undefined;
      return { text: Buffer.concat(parts).toString('utf8'), consumed: start + 2 };
    }
    if (rest.length < start + size + 2) return undefined;
    parts.push(rest.subarray(start, start + size));
    offset = start + size + 2;
  }
}

/** One request on a fresh connection, and its response (undefined if none came in time). */
export async function exchangeOnce(
  port: number,
  request: RawRequest,
  timeoutMs = 60_000,
): Promise<RawResponse | undefined> {
  const connection = await RawConnection.open(port);
  try {
    await connection.send(request);
    return await connection.next(timeoutMs);
  } finally {
    connection.destroy();
  }
}

/**
 * What a client sees when it sends `first` and then, on the same connection once the first
 * response is in, `second`: the two responses (or undefined) and whether and when the server
 * closed the connection.
 */
export interface KeepAliveOutcome {
  readonly first: RawResponse | undefined;
  readonly second: RawResponse | undefined;
  /** Milliseconds from the first response to the close, when the server closed. */
  readonly closedAfterMs: number | undefined;
}

export async function sendTwice(
  port: number,
  first: RawRequest,
  second: RawRequest,
  timeoutMs = 2_000,
): Promise<KeepAliveOutcome> {
  const connection = await RawConnection.open(port);
  try {
    await connection.send(first);
    const firstResponse = await connection.next(timeoutMs);
    const answeredAt = performance.now();
    // A server that said `Connection: close` is given a moment to close before the next write.
    if (firstResponse?.headers.connection === 'close') await connection.waitClosed(500);
    if (!connection.closed) await connection.send(second);
    const secondResponse = connection.closed ? undefined : await connection.next(timeoutMs);
    return {
      first: firstResponse,
      second: secondResponse,
      closedAfterMs: connection.closedAt === undefined ? undefined : connection.closedAt - answeredAt,
    };
  } finally {
    connection.destroy();
  }
}
