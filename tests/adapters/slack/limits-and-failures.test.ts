import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { SlackConversation } from '../../../src/adapters/slack/ports.js';
import type { Answer } from '../../../src/answer/answer.js';
import type { ConversationRequest } from '../../../src/conversation/conversation.js';
import { AmicusError, ErrorCode } from '../../../src/core/errors.js';
import { fakeBotToken } from '../../support/fake-slack-api.js';
import { useIngestedFixture } from '../../support/retrieval-fixtures.js';
import { blocksOf, expectWellFormedMessage, textsOf } from './block-kit-inspection.js';
import {
  askerId,
  mentionEvent,
  publicChannel,
  type SlackHarness,
  startSlackHarness,
} from './slack-harness.js';

const question = 'How long does a landlord have to return a security deposit?';

/** A conversation whose answers wait until released, to hold the concurrency slots. */
class GatedConversation implements SlackConversation {
  private readonly gates: Array<() => void> = [];
  started = 0;

  constructor(private readonly inner: SlackConversation) {}

  async ask(request: ConversationRequest): Promise<Answer> {
    this.started += 1;
    await new Promise<void>((resolve) => this.gates.push(resolve));
    return this.inner.ask(request);
  }

  isKnownThread(thread: ConversationRequest['thread']): Promise<boolean> {
    return this.inner.isKnownThread(thread);
  }

  releaseAll(): void {
    for (const release of this.gates.splice(0)) release();
  }
}

describe('Slack limits and failures: the user is always told why', () => {
  const application = useIngestedFixture('amicus-slack-limits-');
  let harness: SlackHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  const disclaimer = () => application().config.deployment.disclaimer;

  it('rate-limits each user with a friendly private message, and lets them ask again after the refill', async () => {
    harness = await startSlackHarness({
      application: application(),
      settings: { rateLimit: { capacity: 1, refillPerMinute: 1 } },
    });
    await harness.sendEvent(mentionEvent(question));
    await harness.fake.waitForCall('chat.update');
    await harness.bot.whenIdle();
    harness.fake.reset();

    await harness.sendEvent(mentionEvent(question));
    const notice = await harness.fake.waitForCall('chat.postEphemeral');
    await harness.bot.whenIdle();
    expect(harness.fake.conversationCalls().map((call) => call.method)).toEqual(['chat.postEphemeral']);
    expect(notice.body).toMatchObject({ channel: publicChannel, user: askerId });
    expect(notice.body.text).toContain('please wait about 60 seconds');
    expectWellFormedMessage(notice, disclaimer());

    // Another user is not affected.
    harness.fake.reset();
    await harness.sendEvent(mentionEvent(question, { user: 'U0SOMEONE03' }));
    await harness.fake.waitForCall('chat.update');
    await harness.bot.whenIdle();

    harness.clock.advance(60_000);
    harness.fake.reset();
    await harness.sendEvent(mentionEvent(question));
    await harness.fake.waitForCall('chat.update');
    await harness.bot.whenIdle();
    expect(harness.fake.conversationCalls().map((call) => call.method)).toEqual([
      'chat.postMessage',
      'chat.update',
    ]);
  });

  it('when the composer throws, replaces the placeholder with the reason', async () => {
    harness = await startSlackHarness({
      application: application(),
      conversation: {
        ask: () =>
          Promise.reject(
            new AmicusError(ErrorCode.ProviderFailure, 'The model server answered 503 three times'),
          ),
        isKnownThread: async () => false,
      },
    });
    const event = mentionEvent(question);
    await harness.sendEvent(event);
    const update = await harness.fake.waitForCall('chat.update');
    await harness.bot.whenIdle();
    const calls = harness.fake.conversationCalls();
    expect(calls.map((call) => call.method)).toEqual(['chat.postMessage', 'chat.update']);
    expect(calls[0]?.body.thread_ts).toBe(event.ts);
    expect(update.body.ts).toBe(calls[0]?.response.ts);
    expectWellFormedMessage(update, disclaimer());
    const text = textsOf(blocksOf(update)).join('\n');
    expect(text).toContain(
      'Sorry, I could not answer that: the answer service failed (The model server answered 503 three times)',
    );
    expect(text).toMatch(/reference [0-9a-f]{8}/);
  });

  it('describes an unexpected error without internals', async () => {
    harness = await startSlackHarness({
      application: application(),
      conversation: {
        ask: () =>
          Promise.reject(new TypeError("Cannot read properties of undefined (reading '/srv/amicus/secret')")),
        isKnownThread: async () => false,
      },
    });
    await harness.sendEvent(mentionEvent(question));
    const update = await harness.fake.waitForCall('chat.update');
    const text = textsOf(blocksOf(update)).join('\n');
    expect(text).toContain('something unexpected went wrong on my side');
    expect(text).not.toContain('/srv/amicus');
  });

  it('tells the user when an answer takes too long', async () => {
    harness = await startSlackHarness({
      application: application(),
      conversation: { ask: () => new Promise<Answer>(() => undefined), isKnownThread: async () => false },
      bot: { answerTimeoutMs: 100 },
    });
    await harness.sendEvent(mentionEvent(question));
    const update = await harness.fake.waitForCall('chat.update');
    expect(update.body.text).toContain('took longer than');
  });

  it('queues questions beyond the concurrency limit, says so, and turns away what the queue cannot hold', async () => {
    const gated = new GatedConversation(application().conversation);
    harness = await startSlackHarness({
      application: application(),
      conversation: gated,
      settings: { concurrency: 1 },
      bot: { maxQueued: 1 },
    });
    const first = mentionEvent(question, { user: 'U0FIRST0001' });
    const second = mentionEvent(question, { user: 'U0SECOND002' });
    const third = mentionEvent(question, { user: 'U0THIRD0003' });
    await harness.sendEvent(first);
    await expect.poll(() => gated.started).toBe(1);
    await harness.sendEvent(second);
    const queued = await harness.fake.waitForCall('chat.update', 1);
    expect(queued.body.text).toContain('one question is ahead of yours');
    await harness.sendEvent(third);
    const turnedAway = await harness.fake.waitForCall('chat.update', 2);
    expect(turnedAway.body.text).toContain('too many questions are waiting');
    expectWellFormedMessage(turnedAway, disclaimer());

    gated.releaseAll();
    await expect.poll(() => gated.started).toBe(2);
    gated.releaseAll();
    await harness.fake.waitForCall('chat.update', 4);
    await harness.bot.whenIdle();
    const updates = harness.fake.callsTo('chat.update');
    const placeholders = harness.fake.callsTo('chat.postMessage');
    expect(placeholders.map((call) => call.body.thread_ts)).toEqual([first.ts, second.ts, third.ts]);
    // The queued question's placeholder got the answer in the end.
    expect(
      updates
        .slice(2)
        .map((call) => call.body.ts)
        .sort(),
    ).toEqual([placeholders[0]?.response.ts, placeholders[1]?.response.ts].sort());
    for (const update of updates.slice(2))
      expect(textsOf(blocksOf(update)).join('\n')).toContain('within 21 days');
  });

  it('when Slack refuses the answer, replaces the placeholder with the reason', async () => {
    harness = await startSlackHarness({ application: application() });
    harness.fake.failNext('chat.update', 'invalid_blocks');
    await harness.sendEvent(mentionEvent(question));
    const retried = await harness.fake.waitForCall('chat.update', 2);
    await harness.bot.whenIdle();
    expect(retried.body.text).toContain('Slack refused the formatting of the answer');
  });

  it('never logs the question or the token', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    harness = await startSlackHarness({ application: application(), bot: { logger } });
    const secretQuestion = 'Can my landlord Zebulon Quackenbush keep my deposit in Fresno?';
    await harness.sendEvent(mentionEvent(secretQuestion));
    await harness.fake.waitForCall('chat.update');
    await harness.bot.whenIdle();
    const log = lines.join('\n');
    expect(log).toContain('slack.answered');
    expect(log).toContain('"answerId"');
    expect(log).not.toContain('Quackenbush');
    expect(log).not.toContain(fakeBotToken);
  });
});
