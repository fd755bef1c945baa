import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { repositoryRoot } from '../../support/shared-data.js';

/**
 * The manifest is checked against a zod schema derived from `@slack/web-api`'s own manifest
 * types (the ones `apps.manifest.validate` takes): `objectOf<T>()` accepts only T's keys, each
 * with a schema whose output is T's type for it, so a misspelt or made-up field
 * (`agent_descripton`, `assistant_view.agent_description`) does not compile, and an unknown key
 * in the YAML fails at run time (strict objects).
 */
type SlackManifest = webApi.AppsManifestValidateArguments['manifest'];
/** The manifest's named fields (its type also allows any other key, which would check nothing). */
type NamedFields<T> = { [K in keyof T as string extends K ? never : K]: T[K] };
type Features = NonNullable<SlackManifest['features']>;
type Settings = NonNullable<SlackManifest['settings']>;
type EventSubscriptions = NonNullable<Settings['event_subscriptions']>;
type OAuthConfig = NonNullable<SlackManifest['oauth_config']>;
type SlackScopes = NonNullable<OAuthConfig['scopes']>;
type BotEvent = NonNullable<EventSubscriptions['bot_events']>[number];
/**
 * The types' scope list lacks `assistant:write`, which Slack's reference gives for
 * `assistant.threads.setStatus` and `setSuggestedPrompts`; it is the one name added here.
 */
type BotScope = NonNullable<SlackScopes['bot']>[number] | 'assistant:write';
type Scopes = Omit<SlackScopes, 'bot'> & { bot?: BotScope[] };
type Manifest = Omit<NamedFields<SlackManifest>, 'oauth_config'> & {
  oauth_config?: Omit<OAuthConfig, 'scopes'> & { scopes?: Scopes };
};

/** Optional fields take `.exactOptional()` (the tsconfig's `exactOptionalPropertyTypes`). */
type Shape<T> = { [K in keyof T]-?: z.ZodType<T[K]> };

function objectOf<T>() {
  return <S extends Partial<Shape<T>>>(shape: S & Record<Exclude<keyof S, keyof T>, never>) =>
    z.strictObject(shape);
}

/** Events the bot handles (each must be a Slack event name, per the types). */
const handledEvents = [
  'app_mention',
  'message.channels',
  'message.groups',
  'message.im',
  'app_home_opened',
  'app_context_changed',
] as const satisfies readonly BotEvent[];

const usedScopes = [
  'app_mentions:read',
  'assistant:write',
  'channels:history',
  'chat:write',
  'commands',
  'groups:history',
  'im:history',
  'im:read',
  'im:write',
] as const satisfies readonly BotScope[];

const eventsUrl = z.string().regex(/^https:\/\/.+\/slack\/events$/);

const manifestSchema = objectOf<Manifest>()({
  _metadata: objectOf<NonNullable<Manifest['_metadata']>>()({
    major_version: z.literal(2),
    minor_version: z.number().int().exactOptional(),
  }),
  display_information: objectOf<Manifest['display_information']>()({
    name: z.string().min(1).max(35),
    description: z.string().max(140),
    long_description: z.string().max(4000),
    background_color: z.string().regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i),
  }),
  features: objectOf<Features>()({
    app_home: objectOf<NonNullable<Features['app_home']>>()({
      home_tab_enabled: z.literal(true),
      messages_tab_enabled: z.literal(true),
      messages_tab_read_only_enabled: z.literal(false),
    }),
    bot_user: objectOf<NonNullable<Features['bot_user']>>()({
      display_name: z.string().min(1).max(80),
      always_online: z.boolean(),
    }),
    agent_view: objectOf<NonNullable<Features['agent_view']>>()({
      agent_description: z.string().min(1).max(300),
      suggested_prompts: z
        .array(objectOf<{ title: string; message: string }>()({ title: z.string(), message: z.string() }))
        .max(4)
        .exactOptional(),
    }),
    slash_commands: z
      .array(
        objectOf<NonNullable<Features['slash_commands']>[number]>()({
          command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
          url: eventsUrl,
          description: z.string().min(1).max(2000),
          usage_hint: z.string().max(1000),
          should_escape: z.boolean(),
        }),
      )
      .length(1),
  }),
  oauth_config: objectOf<NonNullable<Manifest['oauth_config']>>()({
    scopes: objectOf<Scopes>()({ bot: z.array(z.enum(usedScopes)) }),
  }),
  settings: objectOf<Settings>()({
    event_subscriptions: objectOf<EventSubscriptions>()({
      request_url: eventsUrl,
      bot_events: z.array(z.enum(handledEvents)),
    }),
    interactivity: objectOf<NonNullable<Settings['interactivity']>>()({
      is_enabled: z.literal(true),
      request_url: eventsUrl,
    }),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }),
});

// What the schema accepts is a manifest, as @slack/web-api types it.
const _accepted: (value: z.output<typeof manifestSchema>) => Manifest = (value) => value;

describe('slack-app-manifest.yml', () => {
  const manifest = manifestSchema.parse(
    parse(readFileSync(path.join(repositoryRoot, 'slack-app-manifest.yml'), 'utf8')),
  );

  it('uses the agent messaging experience, not the assistant view new apps can no longer choose', () => {
    expect(manifest.features.agent_view.agent_description).toMatch(/not legal advice/);
    expect('assistant_view' in manifest.features).toBe(false);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('asks for the scopes the bot uses, and no more', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...usedScopes].sort());
  });

  it('subscribes to the events of the agent experience and the ones the bot handles', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...handledEvents].sort());
    // app_home_opened (tab "messages") takes the place of assistant_thread_started.
    expect(manifest.settings.event_subscriptions.bot_events).not.toContain('assistant_thread_started');
  });

  it('declares /ask, interactivity and direct messages, all on the one events path', () => {
    expect(manifest.features.slash_commands.map((command) => command.command)).toEqual(['/ask']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('rejects a misspelt field and a field of the other experience', () => {
    const good = parse(readFileSync(path.join(repositoryRoot, 'slack-app-manifest.yml'), 'utf8'));
    const misspelt = structuredClone(good);
    misspelt.features.agent_view = { agent_descripton: 'typo' };
    expect(manifestSchema.safeParse(misspelt).success).toBe(false);
    const mixed = structuredClone(good);
    mixed.features.agent_view = { assistant_description: 'wrong experience' };
    expect(manifestSchema.safeParse(mixed).success).toBe(false);
    const unknownEvent = structuredClone(good);
    unknownEvent.settings.event_subscriptions.bot_events.push('assistant_thread_started');
    expect(manifestSchema.safeParse(unknownEvent).success).toBe(false);
  });
});

void _accepted;
