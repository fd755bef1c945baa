/**
 * Start-up and provider failures say what really happened: "could not reach X at <url>" when
 * nothing answers there (a closed port), "X rejected the credentials" when something answers
 * 401. Slack and Discord are started for real against a closed local port and a local server
 * that refuses every request; the model and embedding clients likewise.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDiscordCommand } from '../../src/adapters/discord/discord-command.js';
import { DiscordGatewayBot } from '../../src/adapters/discord/gateway-bot.js';
import { SlackBot } from '../../src/adapters/slack/slack-bot.js';
import { secretsWith } from '../../src/core/config.js';
import { AmicusError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { OpenAIEmbedder } from '../../src/retrieval/openai-embedder.js';
import { signingSecret, standaloneBotParts, standaloneSettings } from '../adapters/slack/slack-harness.js';
import { chatModelFor, startFakeOpenAIServer } from '../support/fake-openai-server.js';
import { fakeBotToken } from '../support/fake-slack-api.js';
import { useIngestedFixture } from '../support/retrieval-fixtures.js';

/** A port that was just free: nothing listens there. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Answers every request 401, as Slack, Discord or a model endpoint does for a bad token. */
async function refusingServer(): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    request.resume();
    response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
    response.end(JSON.stringify({ ok: false, error: 'invalid_auth', message: '401: Unauthorized', code: 0 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function failure(promise: Promise<unknown>): Promise<AmicusError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AmicusError);
  return error as AmicusError;
}

let refusing: Awaited<ReturnType<typeof refusingServer>>;
let nobody: number;
beforeAll(async () => {
  refusing = await refusingServer();
  nobody = await closedPort();
});
afterAll(() => refusing.close());

describe('Slack at start', () => {
  const slackBot = (apiUrl: string) =>
    new SlackBot({
      ...standaloneBotParts,
      settings: { ...standaloneSettings, apiUrl },
      credentials: { botToken: fakeBotToken, signingSecret, appToken: undefined },
      http: { host: '127.0.0.1', port: 0 },
      apiRetries: 0,
    });

  it('says it could not reach Slack when nothing answers at the API address', async () => {
    const apiUrl = `http://127.0.0.1:${nobody}/api/`;
    const error = await failure(slackBot(apiUrl).start());
    expect(error.message).toMatch(new RegExp(`^Could not reach Slack at ${apiUrl.replace(/[./]/g, '\\$&')}`));
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).not.toMatch(/token/i);
    expect(error.code).toBe('provider_failure');
  });

  it('says Slack rejected the bot token when it answers 401', async () => {
    const error = await failure(slackBot(`${refusing.url}/api/`).start());
    expect(error.message).toMatch(/^Slack rejected the bot token .*SLACK_BOT_TOKEN/);
    expect(error.code).toBe('config_invalid');
  });
});

describe('Discord at start', () => {
  const application = useIngestedFixture('amicus-faults-unreachable-');

  function gatewayBot(restUrl: string) {
    const config = { ...application().config, discord: { ...application().config.discord, restUrl } };
    return new DiscordGatewayBot(
      { ...application(), config, logger: silentLogger() },
      { readyTimeoutMs: 10_000 },
    );
  }

  it('says it could not reach Discord when nothing answers at the REST address', async () => {
    const restUrl = `http://127.0.0.1:${nobody}/api`;
    const error = await failure(gatewayBot(restUrl).start('some-token'));
    expect(error.message).toMatch(
      new RegExp(`^Could not reach Discord at ${restUrl.replace(/[./]/g, '\\$&')}`),
    );
    expect(error.message).not.toMatch(/token/i);
    expect(error.code).toBe('provider_failure');
  });

  it('says Discord rejected the bot token when it answers 401', async () => {
    const error = await failure(gatewayBot(`${refusing.url}/api`).start('some-token'));
    expect(error.message).toMatch(/^Discord rejected the bot token.*DISCORD_TOKEN/);
    expect(error.code).toBe('config_invalid');
  });

  it('says the same when registering slash commands', async () => {
    const register = async (restUrl: string) => {
      const program = new Command('amicus').exitOverride();
      const config = { ...application().config, discord: { ...application().config.discord, restUrl } };
      registerDiscordCommand(
        program,
        {
          output: { out: () => undefined, error: () => undefined, isTerminal: false },
          loadConfig: () => config,
        },
        { secrets: () => secretsWith({ discordToken: 'some-token' }) },
      );
      return failure(program.parseAsync(['discord', 'register'], { from: 'user' }));
    };
    expect((await register(`http://127.0.0.1:${nobody}/api`)).message).toMatch(
      /^Could not reach Discord at /,
    );
    expect((await register(`${refusing.url}/api`)).message).toMatch(/^Discord rejected the bot token/);
  });
});

describe('model and embedding endpoints', () => {
  const request = {
    system: 'You answer in JSON.',
    user: 'Say hello.',
    jsonSchema: { type: 'object' },
    schemaName: 'hello',
  };

  it('say they could not be reached at a closed port', async () => {
    const fake = await startFakeOpenAIServer();
    try {
      const baseURL = `http://127.0.0.1:${nobody}/v1`;
      const chat = chatModelFor(fake, { baseURL, maxRetries: 0 }).chatModel;
      expect((await failure(chat.complete(request))).message).toMatch(
        /^Cannot reach chat endpoint http:\/\/127\.0\.0\.1:\d+\/v1: .*ECONNREFUSED/,
      );
      const embedder = new OpenAIEmbedder({
        apiKey: 'sk-any',
        baseURL,
        model: 'fake-embed',
        dimensions: 8,
        batchSize: 2,
        concurrency: 1,
        maxRetries: 0,
      });
      expect((await failure(embedder.embedQuery('deposit'))).message).toMatch(
        /^Cannot reach embeddings endpoint http:\/\/127\.0\.0\.1:\d+\/v1: .*ECONNREFUSED/,
      );
    } finally {
      await fake.close();
    }
  });

  it('say the endpoint rejected the credentials when it answers 401, without the key', async () => {
    const fake = await startFakeOpenAIServer();
    try {
      const chat = chatModelFor(fake, { apiKey: 'sk-wrong-key-abcdef123456', maxRetries: 0 }).chatModel;
      const chatError = await failure(chat.complete(request));
      expect(chatError.message).toMatch(
        /^Chat endpoint http:\/\/127\.0\.0\.1:\d+\/v1 rejected the credentials \(HTTP 401.*\); check OPENAI_API_KEY/,
      );
      expect(chatError.message).not.toContain('sk-wrong-key-abcdef123456');
      const embedder = new OpenAIEmbedder({
        apiKey: 'sk-wrong-key-abcdef123456',
        baseURL: fake.baseURL,
        model: 'fake-embed',
        dimensions: 8,
        batchSize: 2,
        concurrency: 1,
        maxRetries: 0,
      });
      const embedError = await failure(embedder.embedQuery('deposit'));
      expect(embedError.message).toMatch(
        /^Embeddings endpoint http:\/\/127\.0\.0\.1:\d+\/v1 rejected the credentials \(HTTP 401.*\); check OPENAI_API_KEY/,
      );
    } finally {
      await fake.close();
    }
  });
});
