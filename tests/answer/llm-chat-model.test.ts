/**
 * The chat-model implementations against the local fake server: the `openai` SDK one (retries,
 * Retry-After, response-format fallback, streaming, key redaction) and the LangChain adapter
 * with the real `ChatOpenAI`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChatOpenAI } from '@langchain/openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { llmDraftJsonSchema, llmDraftSchemaName } from '../../src/answer/llm/llm-output.js';
import { AmicusError, ErrorCode } from '../../src/core/errors.js';
import { LangChainChatModel } from '../../src/llm/langchain-chat-model.js';
import { OpenAIChatModel, type OpenAIChatModelOptions } from '../../src/llm/openai-chat-model.js';
import {
  chatMessages,
  chatModelFor,
  chatReply,
  chatStreamReply,
  errorReply,
  type FakeOpenAIServer,
  startFakeOpenAIServer,
} from '../support/fake-openai-server.js';

let server: FakeOpenAIServer;

beforeEach(async () => {
  server = await startFakeOpenAIServer();
});

afterEach(async () => {
  await server.close();
});

const schemaRequest = {
  system: 'You answer in JSON.',
  user: 'Say hello as {"greeting": "…"}.',
  jsonSchema: llmDraftJsonSchema,
  schemaName: llmDraftSchemaName,
};

function model(overrides: Partial<OpenAIChatModelOptions> = {}) {
  const { chatModel, sleeps } = chatModelFor(server, overrides);
  return { chat: chatModel, sleeps };
}

async function rejection(promise: Promise<unknown>): Promise<AmicusError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AmicusError);
  return error as AmicusError;
}

describe('OpenAIChatModel', () => {
  it('sends the system and user messages with a strict JSON Schema and returns the content and usage', async () => {
    const { chat } = model();
    server.enqueue('chat', chatReply('{"greeting": "hello"}'));
    const reply = await chat.complete(schemaRequest);

    expect(reply).toEqual({
      content: '{"greeting": "hello"}',
      usage: { promptTokens: 1, completionTokens: 1 },
    });
    expect(chat.id).toBe(`openai:${new URL(server.baseURL).host}:fake-chat`);
    const [sent] = server.requestsTo('chat');
    expect(sent!.body).toEqual({
      model: 'fake-chat',
      messages: [
        { role: 'system', content: schemaRequest.system },
        { role: 'user', content: schemaRequest.user },
      ],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'amicus_answer', schema: llmDraftJsonSchema, strict: true },
      },
    });
  });

  it('asks for JSON mode when the request has no schema', async () => {
    const { chat } = model();
    server.enqueue('chat', chatReply('{}'));
    await chat.complete({ system: 's', user: 'u', schemaName: 'plain' });
    expect(server.requestsTo('chat')[0]!.body).toMatchObject({ response_format: { type: 'json_object' } });
  });

  it('steps down to JSON mode and then to no response_format as the server rejects each', async () => {
    const { chat, sleeps } = model();
    server.enqueue(
      'chat',
      errorReply(
        400,
        "'response_format.type' : value is not one of the allowed values ['text','json_object']",
      ),
      errorReply(400, 'response_format json_object is not supported by this backend'),
      chatReply('{"ok": true}'),
    );
    expect((await chat.complete(schemaRequest)).content).toBe('{"ok": true}');
    expect(chat.responseFormat).toBe('none');
    expect(sleeps).toEqual([]);
    const bodies = server.requestsTo('chat').map((sent) => sent.body as Record<string, unknown>);
    expect(bodies.map((body) => (body.response_format as { type?: string } | undefined)?.type)).toEqual([
      'json_schema',
      'json_object',
      undefined,
    ]);
  });

  it('does not retry a 400 that is not about the response format', async () => {
    const { chat, sleeps } = model();
    server.enqueue('chat', errorReply(400, "Unknown parameter: 'foo'."));
    const error = await rejection(chat.complete(schemaRequest));
    expect(error.code).toBe(ErrorCode.ProviderFailure);
    expect(error.message).toMatch(/failed with HTTP 400: Unknown parameter: 'foo'\. \(1 attempt\)$/);
    expect(sleeps).toEqual([]);
    expect(server.requestsTo('chat')).toHaveLength(1);
  });

  it('honours retry-after-ms and Retry-After, capped by maxRetryDelayMs', async () => {
    const { chat, sleeps } = model({ maxRetryDelayMs: 10_000 });
    server.enqueue(
      'chat',
      errorReply(429, 'Slow down', { headers: { 'retry-after-ms': '250' } }),
      errorReply(503, 'Overloaded', { headers: { 'retry-after': '60' } }),
      chatReply('{}'),
    );
    await chat.complete(schemaRequest);
    expect(sleeps).toEqual([250, 10_000]);
  });

  it('reports a timeout with its own error code after the retries', async () => {
    const { chat, sleeps } = model({ timeoutMs: 100, maxRetries: 1 });
    server.enqueue('chat', chatReply('{}', { delayMs: 2_000 }), chatReply('{}', { delayMs: 2_000 }));
    const error = await rejection(chat.complete(schemaRequest));
    expect(error.code).toBe(ErrorCode.Timeout);
    expect(error.message).toMatch(/timed out after 100 ms \(2 attempts\)$/);
    expect(sleeps).toHaveLength(1);
  });

  it('times out a stream that stalls after its headers', async () => {
    // Headers and one delta arrive at once, then nothing: the SDK's timeout (which covers only
    // the headers) cannot catch this; the whole-reply deadline must.
    const stalling = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(
        `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content: '{' }, finish_reason: null }] })}\n\n`,
      );
    });
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = stalling.address() as AddressInfo;
      const { chat } = model({
        baseURL: `http://127.0.0.1:${port}/v1`,
        timeoutMs: 150,
        maxRetries: 0,
        stream: true,
      });
      const started = Date.now();
      const error = await rejection(chat.complete(schemaRequest));
      expect(error.code).toBe(ErrorCode.Timeout);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      stalling.closeAllConnections();
      await new Promise((resolve) => stalling.close(resolve));
    }
  });

  it('assembles a streamed reply from its deltas', async () => {
    const { chat } = model({ stream: true });
    server.enqueue('chat', chatStreamReply('{"greeting": "hello, streamed world"}', 5));
    const reply = await chat.complete(schemaRequest);
    expect(reply.content).toBe('{"greeting": "hello, streamed world"}');
    expect(server.requestsTo('chat')[0]!.body).toMatchObject({ stream: true });
  });

  it('redacts the API key from an authentication failure and does not retry it', async () => {
    const { chat, sleeps } = model({ apiKey: 'sk-wrong-key-abcdef123456' });
    const error = await rejection(chat.complete(schemaRequest));
    expect(error.code).toBe(ErrorCode.ProviderFailure);
    expect(error.message).toContain('HTTP 401');
    expect(error.message).not.toContain('sk-wrong-key-abcdef123456');
    expect(sleeps).toEqual([]);
  });

  it('names an unreachable server after retrying the connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const { chat, sleeps } = model({ baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 1 });
    const error = await rejection(chat.complete(schemaRequest));
    expect(error.code).toBe(ErrorCode.ProviderFailure);
    expect(error.message).toMatch(
      new RegExp(
        `^Cannot reach chat endpoint http://127\\.0\\.0\\.1:${port}/v1: .*ECONNREFUSED.* \\(2 attempts\\)$`,
      ),
    );
    expect(sleeps).toHaveLength(1);
  });

  it('requires an API key when no client is given', () => {
    expect(() => new OpenAIChatModel({ model: 'fake-chat' })).toThrow(/OPENAI_API_KEY/);
  });
});

describe('LangChainChatModel', () => {
  it('adapts a real ChatOpenAI pointed at the fake server', async () => {
    const langChainModel = new ChatOpenAI({
      model: 'fake-chat',
      apiKey: server.apiKey,
      configuration: { baseURL: server.baseURL },
      maxRetries: 0,
    });
    const chat = new LangChainChatModel({ model: langChainModel, id: 'langchain:openai:fake-chat' });
    server.enqueue('chat', chatReply('{"greeting": "hello from LangChain"}'));
    const reply = await chat.complete(schemaRequest);

    expect(reply).toEqual({
      content: '{"greeting": "hello from LangChain"}',
      usage: { promptTokens: 1, completionTokens: 1 },
    });
    expect(chat.id).toBe('langchain:openai:fake-chat');
    const [sent] = server.requestsTo('chat');
    expect(chatMessages(sent!)).toEqual({ system: schemaRequest.system, user: schemaRequest.user });
  });

  it('turns a provider failure into a ProviderFailure without the key', async () => {
    const langChainModel = new ChatOpenAI({
      model: 'fake-chat',
      apiKey: 'sk-langchain-wrong-key-987654',
      configuration: { baseURL: server.baseURL },
      maxRetries: 0,
    });
    const chat = new LangChainChatModel({ model: langChainModel });
    const error = await rejection(chat.complete(schemaRequest));
    expect(error.code).toBe(ErrorCode.ProviderFailure);
    expect(error.message).toMatch(/^LangChain chat model langchain:ChatOpenAI failed: /);
    expect(error.message).not.toContain('sk-langchain-wrong-key-987654');
  });
});
