/**
 * Console and API details: API tokens too short to resist guessing are refused when the server
 * starts, and every JSON response is written by one serializer that escapes control
 * characters, invisible format characters, line and paragraph separators and lone surrogates
 * the same way, whichever route or error produced it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/adapters/http/http-server.js';
import { jsonText } from '../../src/adapters/shared/json-text.js';
import { silentLogger } from '../../src/core/logger.js';
import type { TestServer } from '../adapters/http/http-test-server.js';
import { startAmicus } from '../support/cli.js';
import { useIngestedFixture } from '../support/retrieval-fixtures.js';
import { temporaryDirectory } from '../support/temporary.js';
import { startApiSurface } from './surfaces.js';

/** Characters a client, log viewer or terminal must never meet raw in a JSON response. */
const invisible = [
  '\u0007',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u200b',
  '\u200e',
  '\u202e',
  '\u2028',
  '\u2029',
  '\ufeff',
];

/** True when the text holds any of them raw, or a raw lone surrogate. */
function holdsRawInvisible(text: string): boolean {
  return (
    invisible.some((character) => text.includes(character)) ||
    /\p{Cs}/u.test(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))
  );
}

describe('API tokens', () => {
  const application = useIngestedFixture('amicus-faults-tokens-');

  it('refuses tokens shorter than 16 characters at start, naming AMICUS_API_TOKENS but not the token', () => {
    const build = (apiTokens: string[]) => () =>
      createHttpServer({ ...application(), logger: silentLogger(), secrets: { apiTokens } });
    expect(build(['0123456789abcdef0123'])).not.toThrow();
    for (const tokens of [['short-token'], ['0123456789abcdef0123', 'Zq9'], ['0123456789 abcdef0123']]) {
      let error: unknown;
      try {
        build(tokens)();
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(tokens)).toMatchObject({
        code: 'config_invalid',
        location: 'AMICUS_API_TOKENS',
      });
      const message = (error as Error).message;
      expect(message).toContain('AMICUS_API_TOKENS');
      for (const token of tokens) expect(message).not.toContain(token);
    }
  });

  it('makes `amicus serve` exit 2 with that message', async () => {
    const data = application().config.dataDirectory;
    const child = startAmicus(['--data', data, 'serve', '--port', '0'], {
      env: { AMICUS_API_TOKENS: 'tooshort', AMICUS_CONFIG: '' },
      cwd: temporaryDirectory(),
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.resume();
    // A server that starts does not exit: it is stopped after a while and the test fails.
    const status = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 15_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    expect(status).toBe(2);
    expect(stderr).toMatch(
      /AMICUS_API_TOKENS: token 1 of 1 is 8 characters long; every token must be at least 16/,
    );
    expect(stderr).not.toContain('tooshort');
  });
});

describe('JSON responses', () => {
  const application = useIngestedFixture('amicus-faults-json-');
  let server: TestServer;
  beforeAll(async () => {
    server = await startApiSurface(application());
  });
  afterAll(() => server.close());

  async function rawJson(response: Response): Promise<{ text: string; value: unknown }> {
    expect(response.headers.get('content-type')).toContain('application/json');
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    return { text, value: JSON.parse(text) };
  }

  it('escapes every invisible character of a question echoed in an answer', async () => {
    const question = `What is a dwelling ${invisible.join(' ')} \ud800 here?`;
    const response = await fetch(`${server.baseUrl}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    });
    expect(response.status).toBe(200);
    const { text, value } = await rawJson(response);
    expect(holdsRawInvisible(text)).toBe(false);
    for (const character of invisible) {
      expect(text).toContain(`\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
    }
    expect(text).toContain('\\ud800');
    expect((value as { question: string }).question).toContain('\u2028');
  });

  it('escapes them in error messages too, including a surrogate pair cut in half', async () => {
    // Cut at 80 characters, the id in the message ends in the first half of the emoji.
    const id = `${'a'.repeat(40)}\u2028${'b'.repeat(38)}😀`;
    const response = await fetch(`${server.baseUrl}/api/passages/${encodeURIComponent(id)}`);
    expect(response.status).toBe(404);
    const { text, value } = await rawJson(response);
    expect(holdsRawInvisible(text)).toBe(false);
    expect(text).toContain('\\ud83d');
    expect((value as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('answers a passage id over the router limit in the one error shape', async () => {
    const response = await fetch(`${server.baseUrl}/api/passages/${'p'.repeat(600)}`);
    expect(response.status).toBe(414);
    const { value } = await rawJson(response);
    expect(value).toEqual({ error: { code: 'input_invalid', message: expect.stringMatching(/too long/) } });
  });

  it('writes the same escapes for the same characters, wherever they are', () => {
    const value = {
      a: `x${invisible.join('')}\ud800z\udc00y\ud83d\ude00`,
      b: ['\u2028'],
      c: 'plain "quoted" \\ text\n',
    };
    const text = jsonText(value);
    expect(JSON.parse(text)).toEqual(value);
    expect(holdsRawInvisible(text)).toBe(false);
    expect(text).toContain('\\u2028');
    // Lone surrogates are escaped; a whole pair is a character and stays.
    expect(text).toContain('\\ud800z\\udc00y😀');
    expect(text).toContain('\\n');
    // Emoji and ordinary non-ASCII text stay as they are.
    expect(jsonText({ text: 'Café 😀 § 2252' })).toBe('{"text":"Café 😀 § 2252"}');
  });
});
