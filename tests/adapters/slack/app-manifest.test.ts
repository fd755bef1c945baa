import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repositoryRoot } from '../../support/shared-data.js';

interface Manifest {
  features: {
    slash_commands: Array<{ command: string; url: string; should_escape: boolean }>;
    assistant_view?: { assistant_description: string };
    app_home: { messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

describe('slack-app-manifest.yml', () => {
  const manifest = parse(
    readFileSync(path.join(repositoryRoot, 'slack-app-manifest.yml'), 'utf8'),
  ) as Manifest;

  it('asks for the scopes the bot uses, and no more', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'app_mentions:read',
        'assistant:write',
        'channels:history',
        'chat:write',
        'commands',
        'groups:history',
        'im:history',
        'im:read',
        'im:write',
      ].sort(),
    );
  });

  it('subscribes to the events the bot handles', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      [
        'app_mention',
        'assistant_thread_context_changed',
        'assistant_thread_started',
        'message.channels',
        'message.groups',
        'message.im',
      ].sort(),
    );
  });

  it('declares /ask, interactivity and direct messages, all on the one events path', () => {
    expect(manifest.features.slash_commands.map((command) => command.command)).toEqual(['/ask']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
    expect(manifest.features.assistant_view?.assistant_description).toBeTruthy();
    for (const url of [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((command) => command.url),
    ]) {
      expect(url).toMatch(/^https:\/\/.+\/slack\/events$/);
    }
    expect(typeof manifest.settings.socket_mode_enabled).toBe('boolean');
  });
});
