import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonText } from './json-text.js';

/**
 * Responses for the plain `node:http` servers (the Slack receiver and the Discord interactions
 * endpoint). A server that refuses a request before reading its whole body (too large, wrong
 * path) leaves the rest of that body on the socket: kept alive, the connection then stalls,
 * and the client's next request on it hangs until a timeout resets it. So when the body was
 * not read to the end the response says `Connection: close` and the socket is closed as soon
 * as the response is out; a request whose body was read keeps its connection.
 */
export function sendPlain(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  content?: { readonly type: string; readonly text: string },
  headers: Readonly<Record<string, string>> = {},
  done?: () => void,
): void {
  const unread = !request.complete;
  const body = content === undefined ? '' : content.text;
  response.writeHead(status, {
    ...headers,
    ...(content === undefined ? {} : { 'content-type': content.type }),
    'content-length': String(Buffer.byteLength(body)),
    ...(unread ? { connection: 'close' } : {}),
  });
  response.end(body, () => {
    // Node ends the socket after a `Connection: close` response; destroying it also stops
    // reading the unread body, which no one will ever consume.
    if (unread) request.socket.destroy();
    done?.();
  });
}

export function sendJson(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
  done?: () => void,
): void {
  sendPlain(request, response, status, { type: 'application/json', text: jsonText(value) }, headers, done);
}

/**
 * The request body, or undefined as soon as it exceeds `limitBytes` (then nothing more is
 * read; answer with `sendPlain`, which closes the connection) or when the client goes away
 * before sending all of it.
 */
export function readLimitedBody(request: IncomingMessage, limitBytes: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanUp();
        request.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanUp();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    const onClose = () => {
      cleanUp();
      resolve(undefined);
    };
    const cleanUp = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}
