/**
 * After a 4xx, a keep-alive connection either goes on working or is closed at once: a client
 * that sends its next request on it must never hang until a timeout resets it. The refused
 * requests here are the ones a server answers before (or without) reading the whole body:
 * too large, wrong path, wrong method.
 */
import { describe, expect, it } from 'vitest';
import { useIngestedFixture } from '../support/retrieval-fixtures.js';
import { type KeepAliveOutcome, type RawRequest, sendTwice } from './raw-http.js';
import {
  slackEventRequest,
  startApiSurface,
  startDiscordSurface,
  startSlackSurface,
  useSurface,
} from './surfaces.js';

/** Long enough to see a hang (Node's keep-alive timeout is 5 s), short enough for CI. */
const patienceMs = 1_500;

/** The connection went on working (the second request was answered) or was closed at once. */
function expectUsableOrClosed(
  outcome: KeepAliveOutcome,
  firstStatus: number,
  secondStatus: number,
  what: string,
): void {
  expect(outcome.first?.status).toBe(firstStatus);
  if (outcome.second !== undefined) {
    expect(outcome.second.status).toBe(secondStatus);
    console.info(`[faults] ${what}: the connection went on working`);
    return;
  }
  expect(outcome.first?.headers.connection).toBe('close');
  expect(outcome.closedAfterMs).toBeDefined();
  expect(outcome.closedAfterMs!).toBeLessThan(500);
  console.info(`[faults] ${what}: closed ${Math.round(outcome.closedAfterMs!)} ms after the response`);
}

const oversized = (size: number) => 'x'.repeat(size);

describe('keep-alive after a refused request', () => {
  const application = useIngestedFixture('amicus-faults-keepalive-');

  describe('the console and API server', () => {
    const serverSurface = useSurface(() => startApiSurface(application()));
    const health: RawRequest = { method: 'GET', path: '/healthz' };

    it('after a 413 for a body over http.bodyLimitBytes', async () => {
      const server = serverSurface();
      const big: RawRequest = {
        method: 'POST',
        path: '/api/ask',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: oversized(200_000) }),
      };
      expectUsableOrClosed(await sendTwice(server.port, big, health, patienceMs), 413, 200, 'API 413');
    });

    it('after a 404 with a body', async () => {
      const server = serverSurface();
      const lost: RawRequest = {
        method: 'POST',
        path: '/api/nowhere',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: oversized(8_000) }),
      };
      expectUsableOrClosed(
        await sendTwice(server.port, lost, health, patienceMs),
        404,
        200,
        'API 404 with a body',
      );
    });
  });

  describe('the Slack events endpoint', () => {
    const slackSurface = useSurface(() => startSlackSurface(application()));

    it('after a 413, and an event Slack retries because its ack was lost is answered once', async () => {
      const slack = slackSurface();
      const big: RawRequest = {
        method: 'POST',
        path: slack.path,
        headers: { 'content-type': 'application/json' },
        body: oversized(2 * 1024 * 1024),
      };
      const event = slackEventRequest(slack.path, 'What is a dwelling?');
      const outcome = await sendTwice(slack.port, big, event, patienceMs);
      expectUsableOrClosed(outcome, 413, 200, 'Slack 413');
      // Slack retries an event it has no ack for, on a new connection, with a new signature and
      // a retry number; when that ack is late too, it tries again.
      for (const retryNum of [1, 2]) {
        const retry = slackEventRequest(slack.path, 'What is a dwelling?', {
          eventId: event.eventId,
          retryNum,
        });
        const retried = await sendTwice(slack.port, retry, { method: 'GET', path: '/healthz' }, patienceMs);
        expect(retried.first?.status).toBe(200);
        expect(retried.second?.status).toBe(200);
      }
      await slack.harness.fake.waitForCall('chat.update');
      await slack.harness.bot.whenIdle();
      expect(slack.harness.fake.callsTo('chat.postMessage')).toHaveLength(1);
    });

    it('after a 404 with a body', async () => {
      const slack = slackSurface();
      const lost: RawRequest = {
        method: 'POST',
        path: '/elsewhere',
        headers: { 'content-type': 'application/json' },
        body: oversized(100_000),
      };
      expectUsableOrClosed(
        await sendTwice(slack.port, lost, { method: 'GET', path: '/healthz' }, patienceMs),
        404,
        200,
        'Slack 404 with a body',
      );
    });
  });

  describe('the Discord interactions endpoint', () => {
    const discordSurface = useSurface(() => startDiscordSurface(application()));

    it('after a 413', async () => {
      const discord = discordSurface();
      const big: RawRequest = {
        method: 'POST',
        path: discord.path,
        headers: { 'content-type': 'application/json' },
        body: oversized(1024 * 1024),
      };
      const ask = discord.askRequest('How long does a landlord have to return a security deposit?');
      const outcome = await sendTwice(discord.port, big, ask, patienceMs);
      expectUsableOrClosed(outcome, 413, 200, 'Discord 413');
    });

    it('after a 413 for a chunked body without a length', async () => {
      const discord = discordSurface();
      const big: RawRequest = {
        method: 'POST',
        path: discord.path,
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        body: oversized(1024 * 1024),
      };
      const ask = discord.askRequest('How long does a landlord have to return a security deposit?');
      expectUsableOrClosed(
        await sendTwice(discord.port, big, ask, patienceMs),
        413,
        200,
        'Discord 413, chunked',
      );
    });

    it('after a 405 and a 404 with a body', async () => {
      const discord = discordSurface();
      const ask = () => discord.askRequest('How long does a landlord have to return a security deposit?');
      const wrongMethod: RawRequest = { method: 'PUT', path: discord.path, body: oversized(100_000) };
      expectUsableOrClosed(
        await sendTwice(discord.port, wrongMethod, ask(), patienceMs),
        405,
        200,
        'Discord 405 with a body',
      );
      const wrongPath: RawRequest = { method: 'POST', path: '/elsewhere', body: oversized(100_000) };
      expectUsableOrClosed(
        await sendTwice(discord.port, wrongPath, ask(), patienceMs),
        404,
        200,
        'Discord 404 with a body',
      );
    });
  });
});
