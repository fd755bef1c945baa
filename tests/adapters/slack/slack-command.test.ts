import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import type { CliOutput } from '../../../src/adapters/shared/command-context.js';
import { registerSlackCommand } from '../../../src/adapters/slack/slack-command.js';
import type { AmicusConfig } from '../../../src/core/config.js';
import {
  type FakeSlackApi,
  fakeAppToken,
  fakeBotToken,
  startFakeSlackApi,
} from '../../support/fake-slack-api.js';
import { fixtureConfig, ingestedFixture, suiteDirectory } from '../../support/retrieval-fixtures.js';
import { blocksOf, expectWellFormedMessage, textsOf } from './block-kit-inspection.js';
import { mentionEvent, signingSecret, slackSignature } from './slack-harness.js';

const environmentNames = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'] as const;

/** `amicus slack` on a commander program of our own, the way the CLI will wire it. */
function runSlackCommand(config: AmicusConfig, argv: string[]) {
  const lines: string[] = [];
  const output: CliOutput = {
    out: (text) => lines.push(text),
    error: (text) => lines.push(text),
    isTerminal: false,
  };
  let stop: () => void = () => undefined;
  const stopWhen = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const program = new Command('amicus').exitOverride();
  registerSlackCommand(program, { output, loadConfig: () => config }, { stopWhen });
  const running = program.parseAsync(['slack', ...argv], { from: 'user' });
  const waitForLine = async (pattern: RegExp): Promise<string> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const line = lines.find((candidate) => pattern.test(candidate));
      if (line) return line;
      if (Date.now() > deadline)
        throw new Error(`no output line matching ${pattern}; got ${lines.join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { lines, running, stop, waitForLine };
}

describe('amicus slack', () => {
  const suite = suiteDirectory('amicus-slack-command-');
  let config: AmicusConfig;
  let fake: FakeSlackApi;
  const saved = new Map<string, string | undefined>();

  beforeAll(async () => {
    const { application } = await ingestedFixture(suite.directory);
    application.close();
    config = fixtureConfig(path.join(suite.directory, 'data'));
    for (const name of environmentNames) saved.set(name, process.env[name]);
    process.env.SLACK_BOT_TOKEN = fakeBotToken;
    process.env.SLACK_SIGNING_SECRET = signingSecret;
    process.env.SLACK_APP_TOKEN = fakeAppToken;
  });
  afterAll(() => {
    for (const name of environmentNames) {
      const value = saved.get(name);
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    suite.remove();
  });
  afterEach(async () => {
    await fake?.close();
  });

  it('runs in HTTP mode on the given port and answers a signed mention', async () => {
    fake = await startFakeSlackApi();
    const command = runSlackCommand(
      { ...config, slack: { ...config.slack, mode: 'http', apiUrl: fake.apiUrl } },
      ['--port', '0', '--host', '127.0.0.1'],
    );
    const line = await command.waitForLine(/listening for Slack on/);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/slack\/events)/.exec(line)?.[1];
    expect(url).toBeDefined();
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T0AMICUS1',
      event_id: 'Ev0COMMAND1',
      event: mentionEvent('How long does a landlord have to return a security deposit?'),
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(url as string, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(signingSecret, timestamp, body),
      },
      body,
    });
    expect(response.status).toBe(200);
    const update = await fake.waitForCall('chat.update');
    expectWellFormedMessage(update, config.deployment.disclaimer);
    command.stop();
    await command.running;
    expect(command.lines.at(-1)).toContain('finishing the answers under way');
  });

  it('runs in Socket Mode: connects with the app token, acknowledges envelopes and answers', async () => {
    fake = await startFakeSlackApi();
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as { port: number };
    fake.setSocketModeUrl(`ws://127.0.0.1:${port}/link/?ticket=test`);
    const received: Array<Record<string, unknown>> = [];
    const connected = new Promise<WebSocket>((resolve) => {
      server.on('connection', (socket) => {
        socket.on('message', (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
        socket.send(
          JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0AMICUS' } }),
        );
        resolve(socket);
      });
    });
    const command = runSlackCommand(
      { ...config, slack: { ...config.slack, mode: 'http', apiUrl: fake.apiUrl } },
      ['--mode', 'socket'],
    );
    try {
      const socket = await connected;
      await command.waitForLine(/connected to Slack in Socket Mode/);
      const open = fake.callsTo('apps.connections.open')[0];
      expect(open?.token).toBe(fakeAppToken);

      const event = mentionEvent('How long does a landlord have to return a security deposit?');
      socket.send(
        JSON.stringify({
          envelope_id: 'envelope-event-1',
          type: 'events_api',
          accepts_response_payload: false,
          retry_attempt: 0,
          retry_reason: '',
          payload: { type: 'event_callback', team_id: 'T0AMICUS1', event_id: 'Ev0SOCKET1', event },
        }),
      );
      const update = await fake.waitForCall('chat.update');
      expect(received.find((message) => message.envelope_id === 'envelope-event-1')).toBeDefined();
      expect(fake.callsTo('chat.postMessage')[0]?.body.thread_ts).toBe(event.ts);
      expect(update.token).toBe(fakeBotToken);
      expectWellFormedMessage(update, config.deployment.disclaimer);

      const responseUrl = fake.responseUrl('socket-ask');
      socket.send(
        JSON.stringify({
          envelope_id: 'envelope-command-1',
          type: 'slash_commands',
          accepts_response_payload: true,
          payload: {
            token: 'unused',
            team_id: 'T0AMICUS1',
            channel_id: 'C0PUBLIC001',
            user_id: 'U0ASKER0001',
            command: '/ask',
            text: 'What is a dwelling?',
            response_url: responseUrl,
            trigger_id: '1.2.socket',
            api_app_id: 'A0AMICUS',
          },
        }),
      );
      const answer = await fake.waitForCall('response_url');
      const acknowledgement = received.find((message) => message.envelope_id === 'envelope-command-1');
      expect(acknowledgement?.payload).toMatchObject({ response_type: 'ephemeral' });
      expect(JSON.stringify(acknowledgement?.payload)).toContain('Looking that up in the vetted sources');
      expect(textsOf(blocksOf(answer)).join('\n')).toMatch(/dwelling/i);
    } finally {
      command.stop();
      await command.running;
      server.clients.forEach((client) => {
        client.terminate();
      });
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses to start without the tokens its mode needs', async () => {
    const saved = process.env.SLACK_APP_TOKEN;
    delete process.env.SLACK_APP_TOKEN;
    try {
      const command = runSlackCommand({ ...config, slack: { ...config.slack, mode: 'socket' } }, []);
      await expect(command.running).rejects.toThrow(/SLACK_APP_TOKEN is not set/);
    } finally {
      process.env.SLACK_APP_TOKEN = saved;
    }
  });
});
