import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordRuntime } from '../../../src/adapters/discord/discord-runtime.js';
import {
  DiscordInteractionsEndpoint,
  discordPublicKey,
  verifyDiscordSignature,
} from '../../../src/adapters/discord/interactions-endpoint.js';
import { createDiscordRest } from '../../../src/adapters/discord/register-commands.js';
import type { Application } from '../../../src/application.js';
import { silentLogger } from '../../../src/core/logger.js';
import { FakeDiscord, snowflake } from '../../support/fake-discord.js';
import { ingestedFixture, suiteDirectory } from '../../support/retrieval-fixtures.js';
import { askInteraction, footerOf } from './harness.js';

const suite = suiteDirectory('amicus-discord-http-');
let application: Application;
let privateKey: KeyObject;
let publicKeyHex: string;

beforeAll(async () => {
  application = (await ingestedFixture(suite.directory)).application;
  const pair = generateKeyPairSync('ed25519');
  privateKey = pair.privateKey;
  const jwk = pair.publicKey.export({ format: 'jwk' });
  publicKeyHex = Buffer.from(jwk.x!, 'base64url').toString('hex');
});

afterAll(() => {
  application?.close();
  suite.remove();
});

let fake: FakeDiscord;
let endpoint: DiscordInteractionsEndpoint;
let url: string;

beforeEach(async () => {
  fake = await FakeDiscord.start();
  const config = { ...application.config, discord: { ...application.config.discord, restUrl: fake.restUrl } };
  const runtime = createDiscordRuntime({
    config,
    logger: silentLogger(),
    feedback: application.feedback,
    store: application.store,
    conversation: application.conversation,
  });
  endpoint = new DiscordInteractionsEndpoint(runtime.interactions, silentLogger(), {
    publicKey: publicKeyHex,
    rest: createDiscordRest(undefined, fake.restUrl),
    port: 0,
  });
  url = `${await endpoint.listen()}/interactions`;
});

afterEach(async () => {
  await endpoint.close();
  await fake.close();
});

function signed(body: unknown, options: { key?: KeyObject; timestamp?: string } = {}) {
  const text = JSON.stringify(body);
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + text), options.key ?? privateKey).toString('hex');
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-signature-ed25519': signature,
      'x-signature-timestamp': timestamp,
    },
    body: text,
  };
}

describe('the HTTP interactions endpoint', () => {
  it('refuses a request with a bad or missing signature with 401', async () => {
    const ping = { id: snowflake(), application_id: fake.applicationId, type: 1, token: 'token', version: 1 };
    const otherKey = generateKeyPairSync('ed25519').privateKey;
    const forged = await fetch(url, signed(ping, { key: otherKey }));
    expect(forged.status).toBe(401);
    const unsigned = await fetch(url, { method: 'POST', body: JSON.stringify(ping) });
    expect(unsigned.status).toBe(401);
    const tampered = signed(ping);
    const altered = await fetch(url, { ...tampered, body: tampered.body.replace('"type":1', '"type":2') });
    expect(altered.status).toBe(401);
    const stale = await fetch(url, signed(ping, { timestamp: String(Math.floor(Date.now() / 1000) - 3600) }));
    expect(stale.status).toBe(401);
  });

  it('answers PING with PONG', async () => {
    const response = await fetch(
      url,
      signed({ id: snowflake(), application_id: fake.applicationId, type: 1, token: 'token', version: 1 }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 1 });
  });

  it('defers /ask in the HTTP response, then edits the original through the webhook', async () => {
    const interaction = askInteraction(fake, 'How long does a landlord have to return a security deposit?');
    const response = await fetch(url, signed(interaction));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 5, data: { flags: 0 } });
    const [edit] = await fake.waitForCalls('PATCH', /\/messages\/@original$/);
    expect(edit?.path).toBe(`/webhooks/${fake.applicationId}/${interaction.token}/messages/@original`);
    expect(edit?.authorization).toBeUndefined();
    const body = edit!.body as Record<string, unknown>;
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(footerOf(body)).toContain(application.config.deployment.disclaimer);
  });

  it('refuses a malformed interaction with 400', async () => {
    const response = await fetch(url, signed({ type: 2 }));
    expect(response.status).toBe(400);
  });
});

describe('signature helpers', () => {
  it('check the key format and the signature', () => {
    expect(() => discordPublicKey('not-hex')).toThrow(/DISCORD_PUBLIC_KEY/);
    const key = discordPublicKey(publicKeyHex);
    const body = Buffer.from('{"type":1}');
    const signature = sign(null, Buffer.concat([Buffer.from('123'), body]), privateKey).toString('hex');
    expect(verifyDiscordSignature(key, signature, '123', body)).toBe(true);
    expect(verifyDiscordSignature(key, signature, '124', body)).toBe(false);
    expect(verifyDiscordSignature(key, undefined, '123', body)).toBe(false);
  });
});
