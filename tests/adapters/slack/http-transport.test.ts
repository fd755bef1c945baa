import { describe, expect, it } from 'vitest';
import { SlackBot } from '../../../src/adapters/slack/slack-bot.js';
import { AmicusError } from '../../../src/core/errors.js';
import { fakeBotToken, startFakeSlackApi } from '../../support/fake-slack-api.js';
import { useIngestedFixture } from '../../support/retrieval-fixtures.js';
import {
  mentionEvent,
  signingSecret,
  slackSignature,
  standaloneBotParts,
  standaloneSettings,
  useSlackHarness,
} from './slack-harness.js';

describe('Slack HTTP mode: request verification', () => {
  const application = useIngestedFixture('amicus-slack-http-');
  const harness = useSlackHarness(application);

  const question = () =>
    JSON.stringify({
      type: 'event_callback',
      event_id: 'Ev0SIG',
      event: mentionEvent('What is a dwelling?'),
    });

  it('answers Slack’s URL verification challenge when it is signed', async () => {
    const body = JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'challenge-3f9a' });
    const response = await harness().post(body, 'application/json');
    expect(response.status).toBe(200);
    expect(response.text).toContain('challenge-3f9a');
  });

  it('rejects a request signed with another secret, and calls nothing', async () => {
    const body = question();
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await harness().post(body, 'application/json', {
      timestamp,
      signature: slackSignature('not-the-signing-secret', timestamp, body),
    });
    expect(response.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(harness().fake.conversationCalls()).toEqual([]);
  });

  it('rejects a request whose body was changed after signing', async () => {
    const body = question();
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = slackSignature(signingSecret, timestamp, body);
    const response = await harness().post(body.replace('dwelling', 'attorney'), 'application/json', {
      timestamp,
      signature,
    });
    expect(response.status).toBe(401);
  });

  it('rejects a missing or malformed signature', async () => {
    expect((await harness().post(question(), 'application/json', { signature: '' })).status).toBe(401);
    expect((await harness().post(question(), 'application/json', { signature: 'v1=abc' })).status).toBe(401);
  });

  it('rejects a correctly signed request with a timestamp older than five minutes', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const response = await harness().post(question(), 'application/json', { timestamp: stale });
    expect(response.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(harness().fake.conversationCalls()).toEqual([]);
  });

  it('rejects a correctly signed request replayed within the five minutes', async () => {
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T0AMICUS1',
      event_id: 'Ev0REPLAY',
      event: mentionEvent('What is a dwelling?'),
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await harness().post(body, 'application/json', { timestamp });
    expect(first.status).toBe(200);
    const replayed = await harness().post(body, 'application/json', { timestamp });
    expect(replayed.status).toBe(401);
    await harness().fake.waitForCall('chat.update');
    await harness().bot.whenIdle();
    expect(harness().fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('serves a health check and nothing else outside the events path', async () => {
    const base = harness().eventsUrl.replace('/slack/events', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/elsewhere`, { method: 'POST' })).status).toBe(404);
  });
});

describe('Slack bot configuration errors', () => {
  const settings = standaloneSettings;
  const base = standaloneBotParts;

  it('names the missing secret for each mode', () => {
    expect(
      () =>
        new SlackBot({
          ...base,
          settings,
          credentials: { botToken: undefined, signingSecret: 's', appToken: undefined },
        }),
    ).toThrow(/SLACK_BOT_TOKEN is not set/);
    expect(
      () =>
        new SlackBot({
          ...base,
          settings,
          credentials: { botToken: fakeBotToken, signingSecret: undefined, appToken: undefined },
        }),
    ).toThrow(/SLACK_SIGNING_SECRET is not set/);
    expect(
      () =>
        new SlackBot({
          ...base,
          settings: { ...settings, mode: 'socket' },
          credentials: { botToken: fakeBotToken, signingSecret: undefined, appToken: undefined },
        }),
    ).toThrow(/SLACK_APP_TOKEN is not set/);
  });

  it('reports a token Slack rejects when starting, as a configuration error', async () => {
    const fake = await startFakeSlackApi();
    try {
      fake.failNext('auth.test', 'invalid_auth');
      const bot = new SlackBot({
        ...base,
        settings: { ...settings, apiUrl: fake.apiUrl },
        credentials: { botToken: fakeBotToken, signingSecret, appToken: undefined },
        apiRetries: 0,
      });
      const failure = await bot.start().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(AmicusError);
      expect((failure as AmicusError).code).toBe('config_invalid');
      expect((failure as AmicusError).message).toContain('invalid_auth');
    } finally {
      await fake.close();
    }
  });
});
