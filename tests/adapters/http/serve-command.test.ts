/** `amicus serve` through commander, in-process: it opens the application, listens, and stops cleanly. */
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StartedServer } from '../../../src/adapters/http/listen.js';
import { registerServeCommand, type ServeHooks } from '../../../src/adapters/http/serve-command.js';
import type { CliOutput } from '../../../src/adapters/shared/command-context.js';
import type { AmicusConfig } from '../../../src/core/config.js';
import { AmicusError } from '../../../src/core/errors.js';
import { ingestedFixture, suiteDirectory } from '../../support/retrieval-fixtures.js';

let suite: { directory: string; remove: () => void };
let config: AmicusConfig;

beforeAll(async () => {
  suite = suiteDirectory('amicus-serve-');
  const fixture = await ingestedFixture(path.join(suite.directory, 'fixture'));
  fixture.application.close();
  config = fixture.config;
});

afterAll(() => {
  vi.unstubAllEnvs();
  suite?.remove();
});

function recordingOutput(): CliOutput & { outLines: string[]; errorLines: string[] } {
  const outLines: string[] = [];
  const errorLines: string[] = [];
  return {
    outLines,
    errorLines,
    out: (text) => outLines.push(text),
    error: (text) => errorLines.push(text),
    isTerminal: false,
  };
}

async function serve(args: string[], hooks: ServeHooks, output = recordingOutput()) {
  const program = new Command('amicus').exitOverride();
  registerServeCommand(program, { output, loadConfig: () => config }, hooks);
  await program.parseAsync(['serve', ...args], { from: 'user' });
  return output;
}

describe('amicus serve', () => {
  it('serves the console and the API until stopped, and prints where', async () => {
    vi.stubEnv('AMICUS_API_TOKENS', '');
    vi.stubEnv('AMICUS_LOG_LEVEL', 'silent');
    let seen: StartedServer | undefined;
    const output = await serve(['--port', '0'], {
      stopped: async (server) => {
        seen = server;
        expect((await fetch(`${server.url}healthz`)).status).toBe(200);
        expect((await fetch(server.url)).status).toBe(200);
        expect((await fetch(`${server.url}api/sources`)).status).toBe(200);
      },
    });
    expect(seen?.host).toBe('127.0.0.1');
    expect(output.outLines.join('\n')).toContain(`Amicus staff console at ${seen?.url}`);
    // Stopped: the port no longer answers.
    await expect(fetch(`${seen?.url}healthz`)).rejects.toThrow();
  });

  it('refuses a wider host without tokens, with a warning', async () => {
    vi.stubEnv('AMICUS_API_TOKENS', '');
    vi.stubEnv('AMICUS_LOG_LEVEL', 'silent');
    let seen: StartedServer | undefined;
    const output = await serve(['--port', '0', '--host', '0.0.0.0'], {
      stopped: async (server) => {
        seen = server;
      },
    });
    expect(seen?.host).toBe('127.0.0.1');
    expect(output.errorLines.join('\n')).toContain('no API tokens are configured');
  });

  it('requires the token from AMICUS_API_TOKENS when set', async () => {
    vi.stubEnv('AMICUS_API_TOKENS', 'desk-token-0001-aaaa, desk-token-0002-bbbb');
    vi.stubEnv('AMICUS_LOG_LEVEL', 'silent');
    const output = await serve(['--port', '0'], {
      stopped: async (server) => {
        expect((await fetch(`${server.url}api/sources`)).status).toBe(401);
        const authorized = await fetch(`${server.url}api/sources`, {
          headers: { authorization: 'Bearer desk-token-0002-bbbb' },
        });
        expect(authorized.status).toBe(200);
      },
    });
    expect(output.outLines.join('\n')).toContain('API token required');
  });

  it('rejects a bad port as a usage error', async () => {
    await expect(serve(['--port', 'eighty'], {})).rejects.toSatisfy(
      (error) => error instanceof AmicusError && error.code === 'usage' && error.message.includes('--port'),
    );
  });
});
