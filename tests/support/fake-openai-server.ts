/**
 * A local OpenAI-compatible HTTP server for tests: the real `openai` client (and LangChain on top
 * of it) talks to it over HTTP, so retries, headers, timeouts and parsing are exercised for real
 * and nothing reaches the internet. Tests script it: each route has a queue of replies, used one
 * per request; an empty queue falls back to a plausible default answer.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { OpenAIChatModel, type OpenAIChatModelOptions } from '../../src/llm/openai-chat-model.js';

export type FakeRoute = 'embeddings' | 'chat';

export interface FakeHttpReply {
  /** Default 200. A reply with neither `status` nor `body` means "the default answer". */
  readonly status?: number;
  /** Sent as JSON, except a string, which is sent verbatim (to test malformed bodies). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Wait this long before sending anything. The openai SDK's timeout covers only the wait for
   * the response headers, so this is what triggers a client timeout.
   */
  readonly delayMs?: number;
}

export interface FakeStreamReply {
  /** Server-sent events for a streamed chat completion; objects are JSON-encoded, strings sent as is. */
  readonly stream: readonly unknown[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly delayMs?: number;
  /** Cut the connection after this many events, without `[DONE]`: a model failing mid-stream. */
  readonly breakAfter?: number;
}

export type FakeReplyFunction = (
  requestBody: unknown,
  request: RecordedRequest,
) => FakeReply | Promise<FakeReply>;

export type FakeReply = FakeHttpReply | FakeStreamReply | FakeReplyFunction;

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly route: FakeRoute | undefined;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON, or the raw text when it is not JSON, or undefined when empty. */
  readonly body: unknown;
}

export interface FakeOpenAIServer {
  /** Ends with `/v1`, like the real API's base URL. */
  readonly baseURL: string;
  readonly apiKey: string;
  /** Every request received, in arrival order, including rejected ones. */
  readonly requests: readonly RecordedRequest[];
  requestsTo(route: FakeRoute): RecordedRequest[];
  enqueue(route: FakeRoute, ...replies: FakeReply[]): void;
  /** Replies still queued for a route. */
  pending(route: FakeRoute): number;
  /** The most requests in progress at once so far, for checking a client's concurrency limit. */
  readonly peakConcurrency: number;
  close(): Promise<void>;
}

export interface FakeOpenAIServerOptions {
  /** The key a request must send as `Authorization: Bearer <key>`; anything else gets a 401. */
  readonly apiKey?: string;
}

const routesByPath: Readonly<Record<string, FakeRoute>> = {
  '/v1/embeddings': 'embeddings',
  '/v1/chat/completions': 'chat',
};

export async function startFakeOpenAIServer(
  options: FakeOpenAIServerOptions = {},
): Promise<FakeOpenAIServer> {
  const apiKey = options.apiKey ?? 'sk-fake-test-key-0123456789';
  const requests: RecordedRequest[] = [];
  const queues: Record<FakeRoute, FakeReply[]> = { embeddings: [], chat: [] };
  let active = 0;
  let peakConcurrency = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    active += 1;
    peakConcurrency = Math.max(peakConcurrency, active);
    // Aborts a pending delay when the client gives up (timeout) or the server closes.
    const disconnected = new AbortController();
    response.on('close', () => {
      active -= 1;
      disconnected.abort();
    });

    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const route = request.method === 'POST' ? routesByPath[path] : undefined;
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path,
      route,
      headers: request.headers,
      body: parseBody(await readBody(request)),
    };
    requests.push(recorded);

    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      const presented = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      // Like OpenAI, name the rejected key in the message, so callers' redaction gets tested.
      sendJson(response, 401, {
        error: {
          message: `Incorrect API key provided: ${presented}.`,
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      });
      return;
    }
    if (route === undefined) {
      sendJson(response, 404, {
        error: { message: `Unknown route ${request.method} ${path}`, type: 'not_found' },
      });
      return;
    }

    let reply = queues[route].shift() ?? {};
    while (typeof reply === 'function') reply = await reply(recorded.body, recorded);
    if (reply.delayMs !== undefined && reply.delayMs > 0) {
      try {
        await delay(reply.delayMs, undefined, { signal: disconnected.signal });
      } catch {
        return;
      }
    }
    if (response.destroyed) return;

    if ('stream' in reply) {
      sendStream(response, reply.stream, reply.headers, reply.breakAfter);
    } else if (reply.status === undefined && reply.body === undefined) {
      const fallback =
        route === 'embeddings' ? fakeEmbeddingsReply(recorded.body) : fakeChatReply(recorded.body);
      if ('stream' in fallback) sendStream(response, fallback.stream, reply.headers);
      else sendJson(response, fallback.status ?? 200, fallback.body, reply.headers);
    } else {
      sendJson(response, reply.status ?? 200, reply.body, reply.headers);
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A bug in a test's reply function: make it visible as a 500 rather than a hung request.
      if (!response.headersSent && !response.destroyed) {
        sendJson(response, 500, { error: { message: `Fake server failure: ${String(error)}` } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    requestsTo: (route) => requests.filter((request) => request.route === route),
    enqueue: (route, ...replies) => {
      queues[route].push(...replies);
    },
    pending: (route) => queues[route].length,
    get peakConcurrency() {
      return peakConcurrency;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets and requests parked in a delay would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

/**
 * A deterministic stand-in for an embedding: sha256 of the text, stretched to `dimensions`
 * values in [-1, 1]. Equal texts get equal vectors; different texts are almost orthogonal.
 */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block += 1) {
    const digest = createHash('sha256').update(`${block}\u0000${text}`).digest();
    for (let offset = 0; offset + 1 < digest.length && values.length < dimensions; offset += 2) {
      values.push(digest.readUInt16BE(offset) / 32767.5 - 1);
    }
  }
  return values;
}

/** The default embeddings answer: `fakeEmbedding` of each input, `dimensions` (or 8) long. */
export function fakeEmbeddingsReply(requestBody: unknown): FakeHttpReply {
  const body = asRecord(requestBody);
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : 8;
  // The SDK asks for base64 unless told otherwise (LangChain does not tell it), then decodes it.
  const base64 = body.encoding_format === 'base64';
  const data = inputs.map((input, index) => {
    const values = fakeEmbedding(typeof input === 'string' ? input : JSON.stringify(input), dimensions);
    const embedding = base64 ? Buffer.from(Float32Array.from(values).buffer).toString('base64') : values;
    return { object: 'embedding', index, embedding };
  });
  const tokens = inputs.reduce<number>((sum, input) => sum + String(input).split(/\s+/).length, 0);
  return {
    status: 200,
    body: {
      object: 'list',
      data,
      model: typeof body.model === 'string' ? body.model : 'fake-embedding',
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
}

/** The default chat answer: a fixed assistant message, streamed when the request asks for it. */
export function fakeChatReply(
  requestBody: unknown,
  content = 'Fake reply.',
): FakeHttpReply | FakeStreamReply {
  const body = asRecord(requestBody);
  const model = typeof body.model === 'string' ? body.model : 'fake-chat';
  const base = { id: 'chatcmpl-fake', created: 0, model };
  if (body.stream === true) {
    return {
      stream: [
        {
          ...base,
          object: 'chat.completion.chunk',
          choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: null }],
        },
        {
          ...base,
          object: 'chat.completion.chunk',
          choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
        },
      ],
    };
  }
  return {
    status: 200,
    body: {
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    },
  };
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(text);
}

function sendStream(
  response: ServerResponse,
  events: readonly unknown[],
  headers: Readonly<Record<string, string>> = {},
  breakAfter?: number,
): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  for (const [index, event] of events.entries()) {
    if (breakAfter !== undefined && index >= breakAfter) {
      // After the events written so far have gone out, the connection drops mid-reply.
      setTimeout(() => response.socket?.destroy(), 50);
      return;
    }
    response.write(`data: ${typeof event === 'string' ? event : JSON.stringify(event)}\n\n`);
  }
  response.end('data: [DONE]\n\n');
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Replies for chat tests: the content is JSON-encoded unless it is a string already. */
function chatContent(content: unknown): string {
  return typeof content === 'string' ? content : JSON.stringify(content);
}

/** A chat completion whose assistant message is `content` (JSON-encoded unless a string). */
export function chatReply(
  content: unknown,
  options: { readonly headers?: Readonly<Record<string, string>>; readonly delayMs?: number } = {},
): FakeHttpReply {
  const reply = fakeChatReply({}, chatContent(content)) as FakeHttpReply;
  return {
    ...reply,
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.delayMs === undefined ? {} : { delayMs: options.delayMs }),
  };
}

/** The same message streamed as server-sent events: a role chunk, `pieces` content deltas, a stop chunk. */
export function chatStreamReply(content: unknown, pieces = 4): FakeStreamReply {
  const text = chatContent(content);
  const size = Math.max(1, Math.ceil(text.length / pieces));
  const base = {
    id: 'chatcmpl-fake-stream',
    created: 0,
    model: 'fake-chat',
    object: 'chat.completion.chunk',
  };
  const deltas: unknown[] = [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
  ];
  for (let start = 0; start < text.length; start += size) {
    deltas.push({
      ...base,
      choices: [{ index: 0, delta: { content: text.slice(start, start + size) }, finish_reason: null }],
    });
  }
  deltas.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  return { stream: deltas };
}

/** An OpenAI-style error reply: `{ error: { message, type, code } }` with the given status. */
export function errorReply(
  status: number,
  message: string,
  options: { readonly headers?: Readonly<Record<string, string>>; readonly code?: string } = {},
): FakeHttpReply {
  return {
    status,
    body: { error: { message, type: 'invalid_request_error', param: null, code: options.code ?? null } },
    ...(options.headers === undefined ? {} : { headers: options.headers }),
  };
}

/** The system and user messages of a recorded chat request. */
export function chatMessages(request: RecordedRequest): { system: string; user: string } {
  const messages = asRecord(request.body).messages;
  const list = Array.isArray(messages) ? (messages as Array<{ role?: unknown; content?: unknown }>) : [];
  const text = (role: string) => {
    const content = list.find((message) => message.role === role)?.content;
    return typeof content === 'string' ? content : JSON.stringify(content ?? '');
  };
  return { system: text('system'), user: text('user') };
}

/**
 * The real `OpenAIChatModel` pointed at a fake server, with fast retries whose waits are
 * recorded instead of slept.
 */
export function chatModelFor(
  server: FakeOpenAIServer,
  overrides: Partial<OpenAIChatModelOptions> = {},
): { chatModel: OpenAIChatModel; sleeps: number[] } {
  const sleeps: number[] = [];
  const chatModel = new OpenAIChatModel({
    apiKey: server.apiKey,
    baseURL: server.baseURL,
    model: 'fake-chat',
    timeoutMs: 5_000,
    maxRetries: 2,
    retryBaseDelayMs: 1,
    sleep: async (milliseconds) => {
      sleeps.push(milliseconds);
    },
    ...overrides,
  });
  return { chatModel, sleeps };
}
