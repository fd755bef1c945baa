import { describe, expect, it } from 'vitest';
import { checkAdmin, checkPlace, type DiscordSettings } from '../../../src/adapters/discord/access.js';
import { askCommand, readCommandOptions } from '../../../src/adapters/discord/commands.js';
import { FollowUpRegistry } from '../../../src/adapters/discord/follow-up-registry.js';
import { questionText } from '../../../src/adapters/discord/message-handler.js';
import { failureMessage, rateLimitedMessage } from '../../../src/adapters/discord/replies.js';
import { configSchema } from '../../../src/core/config.js';
import { AmicusError, ErrorCode } from '../../../src/core/errors.js';
import { QueueFullError } from '../../../src/core/rate-limits.js';

const defaults = configSchema.parse({}).discord;
const settings = (overrides: Partial<DiscordSettings> = {}): DiscordSettings => ({
  ...defaults,
  ...overrides,
});

describe('allowlists', () => {
  const place = { guildId: 'G1', channelId: 'C1', parentChannelId: null };

  it('allow everything by default, including direct messages', () => {
    expect(checkPlace(settings(), place)).toEqual({ allowed: true });
    expect(checkPlace(settings(), { guildId: null, channelId: 'D1', parentChannelId: null })).toEqual({
      allowed: true,
    });
  });

  it('refuse other guilds and channels, and count a thread as its parent channel', () => {
    expect(checkPlace(settings({ allowedGuilds: ['G2'] }), place)).toMatchObject({ allowed: false });
    expect(checkPlace(settings({ allowedChannels: ['C2'] }), place)).toMatchObject({ allowed: false });
    expect(
      checkPlace(settings({ allowedChannels: ['C2'] }), {
        guildId: 'G1',
        channelId: 'T1',
        parentChannelId: 'C2',
      }),
    ).toEqual({ allowed: true });
    expect(
      checkPlace(settings({ allowDirectMessages: false }), {
        guildId: null,
        channelId: 'D1',
        parentChannelId: null,
      }),
    ).toMatchObject({ allowed: false });
  });

  it('give admin commands only to the configured roles', () => {
    expect(checkAdmin(settings(), ['R1'])).toMatchObject({ allowed: false });
    expect(checkAdmin(settings({ adminRoleIds: ['R1'] }), ['R0', 'R1'])).toEqual({ allowed: true });
    expect(checkAdmin(settings({ adminRoleIds: ['R1'] }), ['R2'])).toMatchObject({ allowed: false });
  });
});

describe('slash command options', () => {
  it('are read with the types the command data declares', () => {
    const options = readCommandOptions(
      askCommand,
      new Map<string, string | boolean>([
        ['question', 'What is hearsay?'],
        ['private', true],
      ]),
    );
    expect(options).toEqual({ question: 'What is hearsay?', private: true, jurisdiction: undefined });
    const typed: { question: string; private: boolean | undefined; jurisdiction: string | undefined } =
      options;
    expect(typed.question).toBe('What is hearsay?');
  });

  it('reject a missing required option or a wrong type as input errors', () => {
    expect(() => readCommandOptions(askCommand, new Map())).toThrow(AmicusError);
    expect(() => readCommandOptions(askCommand, new Map([['question', 42]]))).toThrow(/wrong type/);
  });
});

describe('follow-up registry', () => {
  it('forgets the oldest answers beyond its capacity', () => {
    const registry = new FollowUpRegistry(2);
    for (const id of ['a', 'b', 'c']) {
      registry.remember(id, {
        followUps: [`${id}?`],
        threadId: `t-${id}`,
        ephemeral: false,
        jurisdiction: undefined,
      });
    }
    expect(registry.lookup('a', 0)).toBeUndefined();
    expect(registry.lookup('c', 0)).toEqual({
      question: 'c?',
      threadId: 't-c',
      ephemeral: false,
      jurisdiction: undefined,
    });
    expect(registry.lookup('c', 1)).toBeUndefined();
  });
});

describe('messages', () => {
  it('strip the bot mention from the question', () => {
    expect(questionText('<@123> What is  hearsay? <@!123>', '123')).toBe('What is hearsay?');
    expect(questionText('<@999> hi', '123')).toBe('<@999> hi');
  });

  it('explain failures in words, escaped', () => {
    expect(failureMessage(new QueueFullError(100), 'ref').content).toMatch(/queue is full/);
    expect(
      failureMessage(new AmicusError(ErrorCode.Timeout, 'no answer within 30 s from **the** model'), 'ref')
        .content,
    ).toBe(
      '⚠️ Sorry, I could not answer that: answering took too long (no answer within 30 s from \\*\\*the\\*\\* model). Please try again.',
    );
    expect(rateLimitedMessage(1).content).toMatch(/wait a second/);
    expect(rateLimitedMessage(30).allowed_mentions).toEqual({ parse: [] });
  });
});
