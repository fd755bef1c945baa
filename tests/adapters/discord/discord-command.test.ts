import { generateKeyPairSync, sign } from 'node:crypto';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slashCommands } from '../../../src/adapters/discord/commands.js';
import { registerDiscordCommand } from '../../../src/adapters/discord/discord-command.js';
import type { Application } from '../../../src/application.js';
import { type AmicusConfig, type Secrets, secretsWith } from '../../../src/core/config.js';
import { FakeDiscord } from '../../support/fake-discord.js';
import { ingestedFixture, suiteDirectory } from '../../support/retrieval-fixtures.js';
import { footerOf } from './harness.js';

const suite = suiteDirectory('amicus-discord-cli-');
let application: Application;
let fake: FakeDiscord;

beforeAll(async () => {
  application = (await ingestedFixture(suite.directory)).application;
});

afterAll(() => {
  application?.close();
  suite.remove();
});

beforeEach(async () => {
  fake = await FakeDiscord.start();
});

afterEach(async () => {
  await fake.close();
});

interface Run {
  readonly output: string[];
  readonly errors: string[];
  readonly done: Promise<unknown>;
}

function run(
  args: string[],
  options: { secrets?: Partial<Secrets>; untilStopped?: () => Promise<unknown> } = {},
): Run {
  const output: string[] = [];
  const errors: string[] = [];
  const config: AmicusConfig = {
    ...application.config,
    discord: { ...application.config.discord, restUrl: fake.restUrl },
  };
  const program = new Command('amicus').exitOverride().configureOutput({
    writeOut: (text) => output.push(text),
    writeErr: (text) => errors.push(text),
  });
  registerDiscordCommand(
    program,
    {
      output: { out: (text) => output.push(text), error: (text) => errors.push(text), isTerminal: false },
      loadConfig: () => config,
    },
    {
      secrets: () => secretsWith(options.secrets ?? {}),
      untilStopped: options.untilStopped ?? (() => Promise.resolve()),
    },
  );
  return { output, errors, done: program.parseAsync(args, { from: 'user' }) };
}

describe('amicus discord register', () => {
  it('PUTs the slash commands to one guild with the bot token', async () => {
    const { output, done } = run(['discord', 'register', '--guild', fake.guildId], {
      secrets: { discordToken: 'register-token', discordApplicationId: fake.applicationId },
    });
    await done;
    const [put] = fake.callsTo('PUT', /commands$/);
    expect(put?.path).toBe(`/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`);
    expect(put?.authorization).toBe('Bot register-token');
    expect(put?.body).toEqual(JSON.parse(JSON.stringify(slashCommands)));
    const commands = put!.body as Array<{
      name: string;
      description: string;
      options: Array<{ name: string }>;
    }>;
    expect(commands.map((command) => command.name)).toEqual(['ask', 'amicus-sources']);
    expect(commands[0]?.options.map((option) => option.name)).toEqual([
      'question',
      'private',
      'jurisdiction',
    ]);
    for (const command of commands) expect(command.description.length).toBeLessThanOrEqual(100);
    expect(output.join('')).toContain(`Registered /ask, /amicus-sources in server ${fake.guildId}.`);
  });

  it('registers globally, finding the application id from the token when it is not set', async () => {
    const { output, done } = run(['discord', 'register'], { secrets: { discordToken: 'register-token' } });
    await done;
    expect(fake.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'GET /applications/@me',
      `PUT /applications/${fake.applicationId}/commands`,
    ]);
    expect(output.join('')).toContain('globally');
  });

  it('needs DISCORD_TOKEN', async () => {
    const { done } = run(['discord', 'register']);
    await expect(done).rejects.toMatchObject({ code: 'config_invalid', location: 'DISCORD_TOKEN' });
    expect(fake.calls).toEqual([]);
  });
});

describe('amicus discord', () => {
  it('connects to the gateway, answers, and stops when asked to', async () => {
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const { output, done } = run(['discord'], {
      secrets: { discordToken: 'gateway-token' },
      untilStopped: () => stopped,
    });
    await fake.waitFor(() => output.some((line) => line.includes('connected to Discord as Amicus')));
    expect(fake.identifies[0]).toMatchObject({ token: 'gateway-token' });
    fake.slashCommand({
      name: 'ask',
      options: [
        { name: 'question', type: 3, value: 'How long does a landlord have to return a security deposit?' },
      ],
    });
    const [edit] = await fake.waitForCalls('PATCH', /\/messages\/@original$/);
    expect(footerOf(edit!.body as Record<string, unknown>)).toContain(
      application.config.deployment.disclaimer,
    );
    stop();
    await done;
  });

  it('serves the HTTP interactions endpoint with `discord interactions`', async () => {
    const pair = generateKeyPairSync('ed25519');
    const publicKey = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const { output, done } = run(['discord', 'interactions', '--port', '0'], {
      secrets: { discordPublicKey: publicKey },
      untilStopped: () => stopped,
    });
    const url = await fake.waitFor(
      () => /listening on (http:\/\/\S+\/interactions)/.exec(output.join(''))?.[1],
    );
    const body = JSON.stringify({
      id: '1',
      application_id: fake.applicationId,
      type: 1,
      token: 't',
      version: 1,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), pair.privateKey).toString('hex'),
        'x-signature-timestamp': timestamp,
      },
      body,
    });
    expect(await response.json()).toEqual({ type: 1 });
    stop();
    await done;
  });

  it('needs DISCORD_TOKEN, and DISCORD_PUBLIC_KEY for the HTTP endpoint', async () => {
    await expect(run(['discord']).done).rejects.toMatchObject({
      code: 'config_invalid',
      location: 'DISCORD_TOKEN',
    });
    await expect(run(['discord', 'interactions', '--port', '0']).done).rejects.toMatchObject({
      code: 'config_invalid',
      location: 'DISCORD_PUBLIC_KEY',
    });
  });
});
