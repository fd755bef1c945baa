/**
 * 60 questions at once on each surface — the HTTP API, Slack events and Discord interactions —
 * against the local fakes: none is dropped. Each gets an answer, or a reply that it was
 * rate-limited or queued out that says when to ask again. The bursts are shaped to hit the
 * limits on purpose: the API's from three clients (its queue holds 54), Slack's and Discord's
 * from ten users asking six each (the per-user allowance is five).
 */
import { describe, expect, it } from 'vitest';
import type { TestServer } from '../adapters/http/http-test-server.js';
import { useIngestedFixture } from '../support/retrieval-fixtures.js';
import { exchangeOnce } from './raw-http.js';
import {
  slackEventRequest,
  startApiSurface,
  startDiscordSurface,
  startSlackSurface,
  useSurface,
} from './surfaces.js';

const burst = 60;
const questions = [
  'How long does a landlord have to return a security deposit?',
  'What is a dwelling?',
  'When can a court appoint an attorney?',
  'What is the civil penalty for violating section 104?',
  'How much can a landlord charge as a security deposit?',
  'Can a tenant repair and deduct?',
];
const question = (index: number) => questions[index % questions.length] as string;

/** "try again in a minute", "wait about 12 seconds": a reply that says when to retry. */
const saysWhen =
  /(try again|ask again|wait)[^.]*\b(in a minute|in \d+ seconds?|about \d+ (seconds?|minutes?)|a second)\b/i;

/** The wait a message names, in seconds. */
function secondsSaid(message: string): number {
  if (/in a minute/.test(message)) return 60;
  return Number(/(\d+) seconds?/.exec(message)?.[1]);
}

describe(`${burst} questions at once`, () => {
  const application = useIngestedFixture('amicus-faults-burst-');

  describe('on the HTTP API', () => {
    const tokens = ['burst-client-one-0001', 'burst-client-two-0002', 'burst-client-three-03'];

    async function askAll(server: TestServer, clients: readonly string[]) {
      return Promise.all(
        Array.from({ length: burst }, async (_, index) => {
          const response = await fetch(`${server.baseUrl}/api/ask`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${clients[index % clients.length]}`,
            },
            body: JSON.stringify({ question: question(index) }),
          });
          return {
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
            body: (await response.json()) as Record<string, unknown>,
          };
        }),
      );
    }

    /** Every response is an answer, or a refusal whose Retry-After and message agree on when. */
    function expectAnsweredOrToldWhen(responses: Awaited<ReturnType<typeof askAll>>) {
      const answered = responses.filter((response) => response.status === 200);
      const refused = responses.filter((response) => response.status !== 200);
      for (const response of answered) {
        expect(typeof response.body.id).toBe('string');
        expect(response.body.disclaimer).toBe(application().config.deployment.disclaimer);
      }
      for (const response of refused) {
        expect([429, 503]).toContain(response.status);
        const message = (response.body.error as { message: string }).message;
        expect(message).toMatch(saysWhen);
        expect(Number(response.retryAfter)).toBe(secondsSaid(message));
      }
      const sample = (refused[0]?.body.error as { message: string } | undefined)?.message;
      return { answered: answered.length, refused: refused.length, sample };
    }

    it('answers one client up to its allowance and tells it when to retry the rest', async () => {
      const server = await startApiSurface(application(), { apiTokens: tokens });
      try {
        const outcome = expectAnsweredOrToldWhen(await askAll(server, tokens.slice(0, 1)));
        // The allowance is 30 at once (http.rateLimit.capacity), refilled at 30 a minute.
        expect(outcome.answered).toBeGreaterThanOrEqual(30);
        expect(outcome.answered).toBeLessThanOrEqual(32);
        expect(outcome.answered + outcome.refused).toBe(burst);
        record('HTTP API, one client', outcome.answered, outcome.refused, outcome.sample);
      } finally {
        await server.close();
      }
    });

    it('queues what it cannot answer at once and tells the overflow when to retry', async () => {
      // A slow answer service: nothing finishes until every request has arrived.
      let open!: () => void;
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      const conversation = {
        ask: async (request: Parameters<ReturnType<typeof application>['conversation']['ask']>[0]) => {
          await gate;
          return application().conversation.ask(request);
        },
      };
      const server = await startApiSurface({ ...application(), conversation }, { apiTokens: tokens });
      try {
        const pending = askAll(server, tokens);
        await new Promise((resolve) => setTimeout(resolve, 500));
        try {
          // The no-JavaScript form meets the same full queue, and says so in its page.
          const form = await fetch(`${server.baseUrl}/answer`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ question: question(0), token: tokens[0] as string }).toString(),
          });
          expect(form.status).toBe(503);
          expect(form.headers.get('retry-after')).toBe('60');
          expect(await form.text()).toMatch(saysWhen);
        } finally {
          open();
        }
        const outcome = expectAnsweredOrToldWhen(await pending);
        // Three clients of 20 pass the rate limit; 4 answering and 50 waiting fill the queue.
        expect(outcome).toMatchObject({ answered: 54, refused: 6 });
        record('HTTP API, slow answers', outcome.answered, outcome.refused, outcome.sample);
      } finally {
        await server.close();
      }
    });
  });

  describe('on Slack events', () => {
    const slackSurface = useSurface(() => startSlackSurface(application()));

    it('acknowledges each event and answers it, or says when to ask again', async () => {
      const slack = slackSurface();
      const events = Array.from({ length: burst }, (_, index) =>
        slackEventRequest(slack.path, question(index), {
          user: `U0BURST${String(index % 10).padStart(4, '0')}`,
        }),
      );
      const acks = await Promise.all(events.map((event) => exchangeOnce(slack.port, event)));
      expect(acks.map((ack) => ack?.status)).toEqual(events.map(() => 200));
      const { fake, bot } = slack.harness;
      await fake.waitFor(() => outcomes().size === burst, 60_000);
      await bot.whenIdle();

      /** The last word each question's thread got: the placeholder's final edit, or an ephemeral notice. */
      function outcomes(): Map<string, { kind: 'answer' | 'notice'; text: string }> {
        const byThread = new Map<string, { kind: 'answer' | 'notice'; text: string }>();
        const placeholders = new Map<string, string>();
        for (const call of fake.calls) {
          const thread = call.body.thread_ts as string | undefined;
          if (call.method === 'chat.postMessage' && thread)
            placeholders.set(call.response.ts as string, thread);
          if (call.method === 'chat.postEphemeral' && thread)
            byThread.set(thread, { kind: 'notice', text: String(call.body.text) });
          if (call.method === 'chat.update') {
            const owner = placeholders.get(call.body.ts as string);
            const text = String(call.body.text);
            if (owner && !text.startsWith('Looking that up')) {
              byThread.set(owner, { kind: text.startsWith('Sorry') ? 'notice' : 'answer', text });
            }
          }
        }
        return byThread;
      }

      const final = outcomes();
      const threads = events.map((event) => JSON.parse(String(event.body)).event.ts as string);
      expect(threads.every((thread) => final.has(thread))).toBe(true);
      const notices = [...final.values()].filter((outcome) => outcome.kind === 'notice');
      for (const notice of notices) expect(notice.text).toMatch(saysWhen);
      // Ten users asking six each: the sixth of each is over the allowance of five.
      expect(notices.length).toBeGreaterThanOrEqual(10);
      const answers = [...final.values()].filter((outcome) => outcome.kind === 'answer');
      expect(answers.length + notices.length).toBe(burst);
      record('Slack events', answers.length, notices.length, notices[0]?.text);
    });
  });

  describe('on Discord interactions', () => {
    const discordSurface = useSurface(() => startDiscordSurface(application()));

    it('responds to each interaction and answers it, or says when to ask again', async () => {
      const discord = discordSurface();
      const users = Array.from(
        { length: 10 },
        (_, index) => `13000000000000${String(index).padStart(4, '0')}`,
      );
      const interactions = Array.from({ length: burst }, (_, index) =>
        discord.askRequest(question(index), { userId: users[index % users.length] as string }),
      );
      const responses = await Promise.all(
        interactions.map((interaction) => exchangeOnce(discord.port, interaction)),
      );
      expect(responses.map((response) => response?.status)).toEqual(interactions.map(() => 200));
      const bodies = responses.map(
        (response) => JSON.parse(response?.body ?? '{}') as { type: number; data?: { content?: string } },
      );
      const immediate = bodies.filter((body) => body.type === 4);
      for (const body of immediate) expect(body.data?.content).toMatch(saysWhen);
      const deferred = interactions.filter((_, index) => bodies[index]?.type === 5);
      expect(deferred.length + immediate.length).toBe(burst);

      await discord.fake.waitForCalls('PATCH', /\/messages\/@original$/, deferred.length, 60_000);
      await discord.endpoint.idle();
      let answers = 0;
      let notices = immediate.length;
      for (const interaction of deferred) {
        const token = interaction.interaction.token as string;
        const edits = discord.fake.calls.filter(
          (call) => call.method === 'PATCH' && call.path.includes(`/${token}/messages/@original`),
        );
        expect(edits.length, token).toBeGreaterThan(0);
        const body = edits.at(-1)?.body as { content?: string; embeds?: unknown[] };
        if ((body.embeds ?? []).length > 0) answers += 1;
        else {
          expect(body.content).toMatch(saysWhen);
          notices += 1;
        }
      }
      expect(notices).toBeGreaterThanOrEqual(10);
      expect(answers + notices).toBe(burst);
      record('Discord interactions', answers, notices, immediate[0]?.data?.content);
    });
  });
});

/** The outcome counts, printed for docs/reliability.md. */
function record(surface: string, answered: number, toldWhen: number, sample: string | undefined): void {
  console.info(
    `[faults] ${surface}: ${burst} at once → ${answered} answered, ${toldWhen} told when to retry, 0 dropped${sample ? ` ("${sample}")` : ''}`,
  );
}
