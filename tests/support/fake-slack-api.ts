/**
 * A local fake of the Slack Web API for tests: Bolt's real `WebClient` (pointed here through
 * `slackApiUrl`) and `respond()` (through `response_url`s that point here) talk to it over HTTP.
 * It implements the methods Amicus uses with realistic `ok: true` payloads and increasing `ts`
 * values (the streaming methods too: `chat.startStream` refuses a stream outside a thread, and
 * one in a channel without its recipient, as Slack does), records every call in order (method, parsed body with `blocks` and `view` decoded,
 * token), and can be told to fail a method with a Slack error code.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

export const fakeTeamId = 'T0AMICUS1';
export const fakeBotUserId = 'U0AMICUSBOT';
export const fakeBotId = 'B0AMICUSBOT';
export const fakeBotToken = 'xoxb-1111-2222-fakeslacktoken';
export const fakeAppToken = 'xapp-1-A0AMICUS-3333-fakeapptoken';

export interface RecordedSlackCall {
  /** The Web API method (`chat.postMessage`), or `response_url` for a POST to a response URL. */
  readonly method: string;
  /** Form or JSON fields; JSON-valued fields (`blocks`, `view`, `prompts`, `metadata`) parsed. */
  readonly body: Record<string, unknown>;
  /** The bearer token presented, if any. */
  readonly token: string | undefined;
  /** For `response_url` calls: the id in the URL path. */
  readonly responseUrlId?: string;
  /** What the fake answered. */
  readonly response: Record<string, unknown>;
}

export interface FakeSlackApi {
  /** The Web API base URL, for `slackApiUrl` (ends with `/api/`). */
  readonly apiUrl: string;
  /** Calls received, in order. */
  readonly calls: readonly RecordedSlackCall[];
  /** Calls other than `auth.test` (Bolt's token check), in order. */
  conversationCalls(): RecordedSlackCall[];
  callsTo(method: string): RecordedSlackCall[];
  /** A fresh response URL pointing at this fake. */
  responseUrl(id?: string): string;
  /** The next `times` calls of `method` answer `{ ok: false, error }`. */
  failNext(method: string, error: string, times?: number): void;
  /** Waits until `predicate` holds for the calls so far (default timeout 10 s). */
  waitFor(predicate: (calls: readonly RecordedSlackCall[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Waits for the n-th (1-based, default 1) call to `method` and returns it. */
  waitForCall(method: string, count?: number, timeoutMs?: number): Promise<RecordedSlackCall>;
  /** Makes `apps.connections.open` (Socket Mode) return this WebSocket URL. */
  setSocketModeUrl(url: string): void;
  /** Forgets the calls so far. */
  reset(): void;
  close(): Promise<void>;
}

const jsonFields = new Set([
  'blocks',
  'attachments',
  'view',
  'prompts',
  'metadata',
  'chunks',
  'loading_messages',
]);

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: RecordedSlackCall[] = [];
  const failures = new Map<string, { error: string; times: number }>();
  let tsCounter = 0;
  let responseUrlCounter = 0;
  const nextTs = () => {
    tsCounter += 1;
    return `1767225600.${String(tsCounter).padStart(6, '0')}`;
  };
  let baseUrl = '';
  let socketModeUrl: string | undefined;

  const respondTo = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    const failure = failures.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      return { ok: false, error: failure.error };
    }
    const channel = typeof body.channel === 'string' ? body.channel : undefined;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://amicus-test.slack.com/',
          team: 'Amicus Test',
          user: 'amicus',
          team_id: fakeTeamId,
          user_id: fakeBotUserId,
          bot_id: fakeBotId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        const ts = nextTs();
        return {
          ok: true,
          channel,
          ts,
          message: {
            type: 'message',
            user: fakeBotUserId,
            bot_id: fakeBotId,
            text: body.text,
            ts,
            ...(typeof body.thread_ts === 'string' ? { thread_ts: body.thread_ts } : {}),
          },
        };
      }
      case 'chat.update':
        return {
          ok: true,
          channel,
          ts: body.ts,
          text: body.text,
          message: { text: body.text, user: fakeBotUserId },
        };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'views.open':
        return {
          ok: true,
          view: { id: `V${String(calls.length).padStart(8, '0')}`, ...(body.view as object) },
        };
      case 'chat.getPermalink': {
        const ts = typeof body.message_ts === 'string' ? body.message_ts : '';
        if (channel === undefined || ts.length === 0) return { ok: false, error: 'invalid_arguments' };
        return {
          ok: true,
          channel,
          permalink: `https://amicus-test.slack.com/archives/${channel}/p${ts.replace('.', '')}`,
        };
      }
      case 'chat.delete':
        return { ok: true, channel, ts: body.ts };
      case 'chat.startStream': {
        // Streams are replies in a thread; outside a direct message Slack needs the recipient.
        if (typeof body.thread_ts !== 'string') return { ok: false, error: 'invalid_arguments' };
        if (
          !channel?.startsWith('D') &&
          (body.recipient_user_id === undefined || body.recipient_team_id === undefined)
        )
          return { ok: false, error: 'missing_recipient_user_id' };
        return { ok: true, channel, ts: nextTs() };
      }
      case 'chat.appendStream':
        return { ok: true, channel, ts: body.ts };
      case 'chat.stopStream':
        return {
          ok: true,
          channel,
          ts: body.ts,
          message: { text: body.markdown_text ?? '', user: fakeBotUserId },
        };
      case 'views.publish':
        return {
          ok: true,
          view: { id: `V${String(calls.length).padStart(8, '0')}`, ...(body.view as object) },
        };
      case 'assistant.threads.setStatus':
      case 'assistant.threads.setSuggestedPrompts':
      case 'assistant.threads.setTitle':
        return { ok: true };
      case 'conversations.replies':
        return { ok: true, messages: [], has_more: false };
      case 'apps.connections.open':
        return socketModeUrl === undefined
          ? { ok: false, error: 'not_allowed_token_type' }
          : { ok: true, url: socketModeUrl };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const text = await readBody(request);
    const body = parseBody(text, request.headers['content-type']);
    const authorization = request.headers.authorization;
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
    if (path.startsWith('/response/')) {
      const recorded = { ok: true };
      calls.push({
        method: 'response_url',
        body,
        token,
        responseUrlId: path.slice('/response/'.length),
        response: recorded,
      });
      sendJson(response, recorded);
      return;
    }
    if (!path.startsWith('/api/')) {
      response.writeHead(404);
      response.end();
      return;
    }
    const method = path.slice('/api/'.length);
    const reply = token === undefined ? { ok: false, error: 'not_authed' } : respondTo(method, body);
    calls.push({ method, body, token, response: reply });
    sendJson(response, reply);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  const waitFor = async (
    predicate: (recorded: readonly RecordedSlackCall[]) => boolean,
    timeoutMs = 10_000,
  ) => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(calls)) {
      if (Date.now() > deadline) {
        throw new Error(
          `Timed out waiting for Slack calls; received: ${calls.map((call) => call.method).join(', ') || 'none'}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  return {
    apiUrl: `${baseUrl}/api/`,
    calls,
    conversationCalls: () => calls.filter((call) => call.method !== 'auth.test'),
    callsTo: (method) => calls.filter((call) => call.method === method),
    responseUrl: (id) => {
      responseUrlCounter += 1;
      return `${baseUrl}/response/${id ?? `R${responseUrlCounter}`}`;
    },
    failNext: (method, error, times = 1) => {
      failures.set(method, { error, times });
    },
    waitFor,
    waitForCall: async (method, count = 1, timeoutMs) => {
      await waitFor(
        (recorded) => recorded.filter((call) => call.method === method).length >= count,
        timeoutMs,
      );
      return calls.filter((call) => call.method === method)[count - 1] as RecordedSlackCall;
    },
    setSocketModeUrl: (url) => {
      socketModeUrl = url;
    },
    reset: () => {
      calls.splice(0);
      failures.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseBody(text: string, contentType: string | undefined): Record<string, unknown> {
  if (text.length === 0) return {};
  if (contentType?.includes('application/json')) {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  }
  const form = parseQuery(text);
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    const single = Array.isArray(value) ? value[0] : value;
    if (single !== undefined && jsonFields.has(key)) {
      try {
        body[key] = JSON.parse(single);
        continue;
      } catch {
        // Not JSON after all: keep the text.
      }
    }
    body[key] = single;
  }
  return body;
}

function sendJson(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
