/**
 * How failures inside the application reach an HTTP client: each AmicusError code maps to its
 * status, every body has the `{ error: { code, message } }` shape, and server-side failures say
 * nothing about paths or internals. Hand-written fakes stand in for the application.
 */
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../../src/answer/answer.js';
import type { ConversationRequest } from '../../../src/conversation/conversation.js';
import { loadConfig } from '../../../src/core/config.js';
import { AmicusError, type ErrorCode } from '../../../src/core/errors.js';
import type { Feedback } from '../../../src/store/feedback-store.js';
import { errorOf, postJson, type ServerBase, startTestServer, type TestServer } from './http-test-server.js';

class ScriptedConversation {
  readonly requests: ConversationRequest[] = [];
  failure: unknown;
  answer: Answer | undefined;

  async ask(request: ConversationRequest): Promise<Answer> {
    this.requests.push(request);
    if (this.failure !== undefined) throw this.failure;
    if (this.answer === undefined) throw new Error('no scripted answer');
    return this.answer;
  }
}

class RecordingFeedback {
  readonly recorded: Feedback[] = [];
  async record(feedback: Feedback): Promise<void> {
    this.recorded.push(feedback);
  }
}

const unreadableStore = {
  getById: () => {
    throw new AmicusError('store_failure', 'SQLITE_CANTOPEN: /srv/secret/path/amicus.db');
  },
  getCollection: () => undefined,
  listCollections: () => {
    throw new Error('disk I/O error at /srv/secret/path');
  },
  passageCount: () => {
    throw new Error('disk I/O error');
  },
};

const config = loadConfig({ environment: {}, workingDirectory: tmpdir(), dataDirectory: tmpdir() });

function sampleAnswer(overrides: Partial<Answer> = {}): Answer {
  return {
    id: 'answer-1',
    question: 'What is the deposit limit?',
    kind: 'answer',
    checkedOn: '2026-01-02',
    summary: [{ text: 'A deposit may not exceed one month of rent.', citations: [1] }],
    sections: [],
    gaps: [],
    limitations: '',
    followUps: [],
    sources: [
      {
        n: 1,
        label: 'Cal. Civ. Code § 1950.5(c)',
        title: 'Security deposits',
        url: 'javascript:alert(1)',
        collection: 'ca-tenant-guide',
        sourceType: 'guide',
        jurisdiction: 'US-CA',
        asOf: '2025-01-01',
        passageId: 'p1',
        vetted: true,
        vettedBy: 'Staff attorney',
        vettedOn: '2025-02-01',
      },
    ],
    related: [],
    referrals: [],
    privateReply: false,
    generatedBy: 'extractive',
    disclaimer: config.deployment.disclaimer,
    ...overrides,
  };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(conversation: ScriptedConversation, feedback = new RecordingFeedback()) {
  const base: ServerBase = { config, conversation, feedback, store: unreadableStore };
  server = await startTestServer(base);
  return server;
}

describe('errors from the application', () => {
  const cases: Array<[ErrorCode, number]> = [
    ['not_found', 404],
    ['index_mismatch', 503],
    ['store_failure', 503],
    ['provider_failure', 502],
    ['provider_output_invalid', 502],
    ['input_invalid', 400],
    ['usage', 400],
    ['timeout', 504],
    ['rate_limited', 429],
  ];

  for (const [code, status] of cases) {
    it(`maps ${code} to ${status}`, async () => {
      const conversation = new ScriptedConversation();
      conversation.failure = new AmicusError(code, `failure ${code} at /srv/secret/path`);
      const running = await start(conversation);
      const response = await postJson(`${running.baseUrl}/api/ask`, { question: 'Anything?' });
      expect(response.status).toBe(status);
      const error = await errorOf(response);
      expect(error.code).toBe(code);
      if (status >= 500) expect(error.message).not.toContain('/srv/secret');
    });
  }

  it('answers 500 with a generic message for an unexpected error, and counts the failure', async () => {
    const conversation = new ScriptedConversation();
    conversation.failure = new TypeError('Cannot read properties of undefined (reading "x") at /srv/secret');
    const running = await start(conversation);
    const response = await postJson(`${running.baseUrl}/api/ask`, { question: 'Anything?' });
    expect(response.status).toBe(500);
    const error = await errorOf(response);
    expect(error.code).toBe('internal');
    expect(error.message).not.toContain('/srv/secret');
    expect(running.metrics.render()).toContain('amicus_answer_failures_total{code="internal"} 1');
  });

  it('says the store is unavailable on /healthz when it cannot be read', async () => {
    const running = await start(new ScriptedConversation());
    const response = await fetch(`${running.baseUrl}/healthz`);
    expect(response.status).toBe(503);
    const payload = (await response.json()) as { status: string };
    expect(payload.status).toBe('unavailable');
    expect(JSON.stringify(payload)).not.toContain('/srv/secret');
  });

  it('keeps store failures on passages in the error shape without the path', async () => {
    const running = await start(new ScriptedConversation());
    const response = await fetch(`${running.baseUrl}/api/passages/p1`);
    expect(response.status).toBe(503);
    const error = await errorOf(response);
    expect(error.code).toBe('store_failure');
    expect(error.message).not.toContain('/srv/secret');
  });
});

describe('what the API passes to the application', () => {
  it('scopes threads to the client, so one client cannot continue another client’s thread', async () => {
    const conversation = new ScriptedConversation();
    conversation.answer = sampleAnswer();
    const running = await start(conversation);
    const response = await postJson(`${running.baseUrl}/api/ask`, {
      question: '  What is the deposit limit?  ',
      jurisdiction: 'US-CA',
      threadId: 'thread-7',
    });
    expect(response.status).toBe(200);
    const request = conversation.requests[0]!;
    expect(request.question).toBe('What is the deposit limit?');
    expect(request.jurisdiction).toBe('US-CA');
    expect(request.thread.surface).toBe('http');
    expect(request.thread.threadId).toMatch(/^ip:.+\/thread-7$/);
  });

  it('never sends a non-http link in the reply text', async () => {
    const conversation = new ScriptedConversation();
    conversation.answer = sampleAnswer();
    const running = await start(conversation);
    const response = await postJson(`${running.baseUrl}/api/ask`, { question: 'What is the deposit limit?' });
    const payload = (await response.json()) as { replyText: string };
    expect(payload.replyText).toContain('[1]');
    expect(payload.replyText).not.toContain('javascript:');
  });

  it('records feedback for the http surface with the client as the user', async () => {
    const feedback = new RecordingFeedback();
    const running = await start(new ScriptedConversation(), feedback);
    const response = await postJson(`${running.baseUrl}/api/feedback`, {
      answerId: 'answer-1',
      rating: 'up',
    });
    expect(response.status).toBe(201);
    expect(feedback.recorded).toEqual([
      { answerId: 'answer-1', rating: 'up', surface: 'http', userId: expect.stringMatching(/^ip:/) },
    ]);
  });

  it('refuses an answer that breaks the answer schema rather than sending it', async () => {
    const conversation = new ScriptedConversation();
    conversation.answer = sampleAnswer({ disclaimer: '' });
    const running = await start(conversation);
    const response = await postJson(`${running.baseUrl}/api/ask`, { question: 'What is the deposit limit?' });
    expect(response.status).toBe(500);
  });
});
