/**
 * A model's answer streamed into Slack: the real Bolt app against the fake Slack Web API, the
 * real application with its LLM composer, and the real `openai` client against the scripted
 * OpenAI-compatible server, which streams the draft as server-sent events.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shortDisclaimer } from '../../../src/adapters/slack/answer-blocks.js';
import type { Application } from '../../../src/application.js';
import {
  chatMessages,
  chatStreamReply,
  errorReply,
  type FakeOpenAIServer,
  type FakeReply,
  type FakeReplyFunction,
  type RecordedRequest,
  startFakeOpenAIServer,
} from '../../support/fake-openai-server.js';
import type { RecordedSlackCall } from '../../support/fake-slack-api.js';
import { ingestedFixture, openFixtureApplication, suiteDirectory } from '../../support/retrieval-fixtures.js';
import { blocksOf, textsOf } from './block-kit-inspection.js';
import {
  directChannel,
  mentionEvent,
  messageEvent,
  type SlackHarness,
  startSlackHarness,
} from './slack-harness.js';

const question = 'How long does a landlord have to return a security deposit?';
const returned =
  'The landlord must return the security deposit, or an itemized statement of deductions, within 21 days after the tenant moves out.';
/** States a figure the passage does not hold: the verifier drops it, so it must never be shown. */
const invented = 'A landlord who keeps the deposit must also pay every tenant a penalty of 900 dollars.';
const deductions =
  'Deductions are limited to unpaid rent, cleaning to the level at move-in, and repair of damage beyond ordinary wear and tear.';
const receipts = 'Receipts must be attached for any deduction above one hundred twenty-five dollars.';

/** The markdown a stream call carries: the SDK's `ChatStreamer` sends it as `markdown_text` chunks. */
function streamedText(call: RecordedSlackCall): string {
  const chunks = Array.isArray(call.body.chunks)
    ? (call.body.chunks as Array<{ type: string; text?: string }>)
    : [];
  const fromChunks = chunks
    .filter((chunk) => chunk.type === 'markdown_text')
    .map((chunk) => chunk.text ?? '');
  return [...fromChunks, typeof call.body.markdown_text === 'string' ? call.body.markdown_text : ''].join('');
}

/** The prompt number of the passage on returning deposits. */
function depositPassage(request: RecordedRequest): number {
  const user = chatMessages(request).user;
  for (const match of user.matchAll(/<passage n="(\d+)"[^>]*>\n([\s\S]*?)\n<\/passage>/g)) {
    if (match[2]!.includes('within 21 days')) return Number(match[1]);
  }
  throw new Error('the prompt holds no passage on returning deposits');
}

/**
 * The chat replies of one question: the policy's second opinion gets the server's default reply,
 * the answer request gets `reply`, and any further answer request (a repair) `then`.
 */
function script(server: FakeOpenAIServer, reply: FakeReplyFunction, then?: FakeReply): void {
  let answered = false;
  const route: FakeReplyFunction = (body, request) => {
    const schema = (body as { response_format?: { json_schema?: { name?: string } } }).response_format
      ?.json_schema?.name;
    if (schema === 'amicus_answer' && !answered) {
      answered = true;
      if (then) server.enqueue('chat', then);
      return reply(body, request);
    }
    server.enqueue('chat', route);
    return {};
  };
  server.enqueue('chat', route);
}

function draft(n: number) {
  return {
    summary: [
      { text: returned, citations: [n] },
      { text: invented, citations: [n] },
    ],
    sections: [
      {
        heading: 'What the landlord may deduct',
        sentences: [
          { text: deductions, citations: [n] },
          { text: receipts, citations: [n] },
        ],
      },
    ],
    gaps: ['Available sources do not mention deposits in commercial leases.'],
    followUps: ['How much may a landlord charge as a security deposit?'],
  };
}

describe('Slack: a model answer streamed sentence by sentence after the verifier', () => {
  const suite = suiteDirectory('amicus-slack-stream-');
  let server: FakeOpenAIServer;
  let offline: Application;
  let application: Application;
  let harness: SlackHarness | undefined;

  beforeAll(async () => {
    server = await startFakeOpenAIServer();
    const ingested = await ingestedFixture(suite.directory);
    offline = ingested.application;
    application = openFixtureApplication(
      {
        ...ingested.config,
        dataDirectory: path.join(suite.directory, 'data'),
        llm: {
          ...ingested.config.llm,
          model: 'fake-chat',
          baseURL: server.baseURL,
          timeoutMs: 5_000,
          maxRetries: 0,
        },
      },
      { secrets: { ...offline.secrets, openaiApiKey: server.apiKey } },
    );
  });
  afterAll(async () => {
    application?.close();
    offline?.close();
    await server?.close();
    suite.remove();
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  const disclaimer = () => application.config.deployment.disclaimer;

  it('in a channel: startStream with the recipient, one append per verified sentence, stopStream with the rest', async () => {
    script(server, (_body, request) => chatStreamReply(draft(depositPassage(request)), 40));
    harness = await startSlackHarness({ application });
    const mention = mentionEvent(question);
    await harness.sendEvent(mention);
    await harness.fake.waitForCall('chat.stopStream');
    await harness.bot.whenIdle();

    const calls = harness.fake.conversationCalls();
    const methods = calls.map((call) => call.method);
    // The placeholder, the stream (three verified sentences), then the placeholder goes.
    expect(methods).toEqual([
      'chat.postMessage',
      'chat.startStream',
      'chat.appendStream',
      'chat.appendStream',
      'chat.stopStream',
      'chat.delete',
    ]);
    const [placeholder, start, ...rest] = calls;
    expect(start!.body).toMatchObject({
      channel: mention.channel,
      thread_ts: mention.ts,
      recipient_user_id: mention.user,
      recipient_team_id: 'T0AMICUS1',
    });
    const first = streamedText(start!);
    // The first chunk opens with the disclaimer's short form.
    expect(first.startsWith(`_${shortDisclaimer(disclaimer()).slice(0, 30)}`)).toBe(true);
    expect(first).toContain('within 21 days');
    const appended = rest.filter((call) => call.method === 'chat.appendStream').map(streamedText);
    expect(appended[0]).toContain('What the landlord may deduct');
    expect(appended[0]).toContain('Deductions are limited');
    expect(appended[1]).toContain('Receipts must be attached');
    const streamed = [first, ...appended].join('');
    expect(streamed).not.toContain('900');
    expect(streamed).not.toContain('penalty');
    // Citations link to their source with the answer's numbers.
    expect(first).toMatch(/\[\\\[1\\\]\]\(/);

    const stop = calls.find((call) => call.method === 'chat.stopStream')!;
    expect(stop.body.ts).toBe(start!.response.ts);
    const stopText = textsOf(blocksOf(stop)).join('\n');
    expect(stopText).toContain('Sources');
    expect(stopText).toContain('commercial leases');
    expect(stopText).toContain('How much may a landlord charge');
    expect(stopText).not.toContain('within 21 days');
    expect(blocksOf(stop).at(-1)?.block_id).toBe('amicus_disclaimer');
    expect(stopText).toContain(disclaimer().slice(0, 60));
    expect(JSON.stringify(blocksOf(stop))).toContain('feedback_buttons');
    expect(calls.at(-1)!.body).toMatchObject({ channel: mention.channel, ts: placeholder!.response.ts });
  });

  it('a model failing mid-stream ends the stream with the extractive answer, marked as such', async () => {
    script(
      server,
      (_body, request) => ({ ...chatStreamReply(draft(depositPassage(request)), 40), breakAfter: 14 }),
      errorReply(500, 'no repair either'),
    );
    harness = await startSlackHarness({ application });
    const event = messageEvent(question, { channel: directChannel, channelType: 'im' });
    await harness.sendEvent(event);
    await harness.fake.waitForCall('chat.stopStream');
    await harness.bot.whenIdle();

    const methods = harness.fake.conversationCalls().map((call) => call.method);
    expect(methods[0]).toBe('assistant.threads.setStatus');
    expect(methods[1]).toBe('chat.startStream');
    expect(methods.at(-1)).toBe('chat.stopStream');
    const start = harness.fake.callsTo('chat.startStream')[0]!;
    // In a direct message the stream needs no recipient.
    expect(start.body).not.toHaveProperty('recipient_user_id');
    expect(streamedText(start)).toContain(shortDisclaimer(disclaimer()).slice(0, 40));
    const streamed = [start, ...harness.fake.callsTo('chat.appendStream')].map(streamedText).join('');
    expect(streamed).not.toContain('900');
    const stop = harness.fake.callsTo('chat.stopStream')[0]!;
    expect(streamedText(stop)).toMatch(/extractive answer/);
    const text = textsOf(blocksOf(stop)).join('\n');
    expect(text).toContain('21 days');
    expect(text).toContain('Sources');
    expect(blocksOf(stop).at(-1)?.block_id).toBe('amicus_disclaimer');
    expect(text).toContain(disclaimer().slice(0, 60));
  });

  it('an extractive answer (no model) is posted whole, never streamed', async () => {
    harness = await startSlackHarness({ application: offline });
    await harness.sendEvent(mentionEvent(question));
    await harness.fake.waitForCall('chat.update');
    await harness.bot.whenIdle();
    expect(harness.fake.callsTo('chat.startStream')).toHaveLength(0);
  });
});
