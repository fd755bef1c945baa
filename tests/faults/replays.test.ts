/**
 * A captured, correctly signed request must not be answered twice. Discord: each interaction
 * id is answered once within the 15 minutes its token lives. Slack: a timestamp more than five
 * minutes off the server's clock, in either direction, is refused, and a signature is
 * remembered for as long as its timestamp is acceptable, so it cannot come back once the
 * memory is gone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useIngestedFixture } from '../support/retrieval-fixtures.js';
import { exchangeOnce } from './raw-http.js';
import {
  type DiscordSurface,
  type SlackSurface,
  slackEventRequest,
  startDiscordSurface,
  startSlackSurface,
} from './surfaces.js';

const minutes = (count: number) => count * 60 * 1000;

describe('replays', () => {
  const application = useIngestedFixture('amicus-faults-replays-');

  describe('the Discord interactions endpoint', () => {
    let now: number;
    let discord: DiscordSurface;
    beforeEach(async () => {
      now = Date.now();
      discord = await startDiscordSurface(application(), { now: () => now });
    });
    afterEach(() => discord.close());

    it('answers an interaction id once: the same signed /ask sent again is refused', async () => {
      const ask = discord.askRequest('How long does a landlord have to return a security deposit?');
      expect((await exchangeOnce(discord.port, ask))?.status).toBe(200);
      const replayed = await exchangeOnce(discord.port, ask);
      expect(replayed?.status).toBe(401);
      expect(replayed?.body).toContain('already');
      await discord.fake.waitForCalls('PATCH', /\/messages\/@original$/);
      await discord.endpoint.idle();
      expect(discord.fake.calls.filter((call) => /\/messages\/@original$/.test(call.path))).toHaveLength(1);
    });

    it('still refuses the id, freshly signed, until its 15 minutes are over', async () => {
      const id = '1300000000000000001';
      const first = discord.askRequest('What is a dwelling?', { id });
      expect((await exchangeOnce(discord.port, first))?.status).toBe(200);
      now += minutes(14);
      const again = discord.askRequest('What is a dwelling?', { id, timestamp: Math.floor(now / 1000) });
      expect((await exchangeOnce(discord.port, again))?.status).toBe(401);
      now += minutes(2);
      const later = discord.askRequest('What is a dwelling?', { id, timestamp: Math.floor(now / 1000) });
      expect((await exchangeOnce(discord.port, later))?.status).toBe(200);
      await discord.endpoint.idle();
    });

    it('refuses a timestamp more than five minutes off in either direction', async () => {
      const seconds = Math.floor(now / 1000);
      for (const offset of [-301, 301, 86_400]) {
        const ask = discord.askRequest('What is a dwelling?', { timestamp: seconds + offset });
        expect((await exchangeOnce(discord.port, ask))?.status, `offset ${offset}`).toBe(401);
      }
    });
  });

  describe('the Slack events endpoint', () => {
    let now: number;
    let slack: SlackSurface;
    beforeEach(async () => {
      now = Date.now();
      slack = await startSlackSurface(application(), {
        bot: { http: { host: '127.0.0.1', port: 0, clock: () => now } },
      });
    });
    afterEach(() => slack.close());

    const seconds = () => Math.floor(now / 1000);

    it('refuses a timestamp more than five minutes in the future or the past', async () => {
      for (const offset of [86_400, 301, -301]) {
        const event = slackEventRequest(slack.path, 'What is a dwelling?', { timestamp: seconds() + offset });
        expect((await exchangeOnce(slack.port, event))?.status, `offset ${offset}`).toBe(401);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(slack.harness.fake.conversationCalls()).toEqual([]);
    });

    it('accepts a timestamp a little off, and remembers its signature for the whole window', async () => {
      const event = slackEventRequest(slack.path, 'What is a dwelling?', { timestamp: seconds() + 290 });
      expect((await exchangeOnce(slack.port, event))?.status).toBe(200);
      await slack.harness.fake.waitForCall('chat.update');
      // Nine and a half minutes on, the timestamp is still within five minutes of the clock.
      now += minutes(9.5);
      expect((await exchangeOnce(slack.port, event))?.status).toBe(401);
      now += minutes(1);
      expect((await exchangeOnce(slack.port, event))?.status).toBe(401);
      await slack.harness.bot.whenIdle();
      expect(slack.harness.fake.callsTo('chat.postMessage')).toHaveLength(1);
    });
  });
});
