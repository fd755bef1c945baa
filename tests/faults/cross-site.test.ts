/**
 * A web page open in a staff browser must not be able to drive a console that has no tokens:
 * the API takes only `application/json` (which a cross-site form or a no-CORS fetch cannot
 * send), and a foreign `Origin` or `Sec-Fetch-Site: cross-site` is refused unless
 * `http.corsOrigins` lists the origin. The console's own page, same-origin fetches and
 * clients that are not browsers (no Origin, no Sec-Fetch-Site) go on working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, type TestServer } from '../adapters/http/http-test-server.js';
import { useIngestedFixture } from '../support/retrieval-fixtures.js';
import { startApiSurface } from './surfaces.js';

const question = 'How long does a landlord have to return a security deposit?';
const foreign = 'https://attacker.example';
const listed = 'https://staff.example.org';

describe('cross-site requests to the API', () => {
  const application = useIngestedFixture('amicus-faults-cross-site-');
  let server: TestServer;
  let answerId: string;

  beforeAll(async () => {
    server = await startApiSurface(application(), { http: { corsOrigins: [listed] } });
    const response = await post('/api/ask', 'application/json', JSON.stringify({ question }));
    answerId = ((await response.json()) as { id: string }).id;
  });
  afterAll(() => server.close());

  function post(
    path: string,
    contentType: string | undefined,
    body: string,
    headers: Record<string, string> = {},
  ) {
    return fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...(contentType === undefined ? {} : { 'content-type': contentType }), ...headers },
      body,
    });
  }

  it.each([
    ['application/x-www-form-urlencoded', `question=${encodeURIComponent(question)}`],
    ['text/plain', JSON.stringify({ question })],
    [
      'multipart/form-data; boundary=x',
      `--x\r\nContent-Disposition: form-data; name="question"\r\n\r\n${question}\r\n--x--`,
    ],
    ['text/plain; charset=utf-8; application/json', JSON.stringify({ question })],
  ])('refuses %s on /api/ask with 415', async (contentType, body) => {
    const response = await post('/api/ask', contentType, body);
    expect(response.status).toBe(415);
    expect(await errorOf(response)).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('refuses a URL-encoded form on /api/feedback with 415, and records nothing', async () => {
    const response = await post(
      '/api/feedback',
      'application/x-www-form-urlencoded',
      new URLSearchParams({ answerId, rating: 'down', reason: 'forged' }).toString(),
    );
    expect(response.status).toBe(415);
    expect(await application().feedback.forAnswer(answerId)).toEqual([]);
  });

  it('refuses a foreign Origin with 403, whatever the content type', async () => {
    const response = await post('/api/ask', 'application/json', JSON.stringify({ question }), {
      origin: foreign,
    });
    expect(response.status).toBe(403);
    const error = await errorOf(response);
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain(foreign);
    expect(error.message).toContain('http.corsOrigins');
    const feedback = await post(
      '/api/feedback',
      'application/json',
      JSON.stringify({ answerId, rating: 'up' }),
      {
        origin: 'null',
      },
    );
    expect(feedback.status).toBe(403);
  });

  it('refuses a POST with Sec-Fetch-Site: cross-site or same-site from an origin that is not listed', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const response = await post('/api/ask', 'application/json', JSON.stringify({ question }), {
        'sec-fetch-site': site,
      });
      expect(response.status).toBe(403);
    }
    // Reading is safe: without CORS headers the other page cannot see the response.
    const read = await fetch(`${server.baseUrl}/api/sources`, {
      headers: { origin: foreign, 'sec-fetch-site': 'cross-site' },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses the no-JavaScript form posted from another site', async () => {
    const response = await post(
      '/answer',
      'application/x-www-form-urlencoded',
      `question=${encodeURIComponent(question)}`,
      {
        origin: foreign,
        'sec-fetch-site': 'cross-site',
      },
    );
    expect(response.status).toBe(403);
  });

  it('accepts an origin listed in http.corsOrigins, with the CORS headers', async () => {
    const response = await post('/api/ask', 'application/json', JSON.stringify({ question }), {
      origin: listed,
      'sec-fetch-site': 'cross-site',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(listed);
  });

  it('accepts the console itself, same-origin fetches and clients that are not browsers', async () => {
    const own = new URL(server.baseUrl).origin;
    const cases: Array<Record<string, string>> = [
      { origin: own, 'sec-fetch-site': 'same-origin' },
      { origin: own },
      { 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'none' },
      {},
    ];
    for (const headers of cases) {
      const response = await post(
        '/api/ask',
        'application/json; charset=utf-8',
        JSON.stringify({ question }),
        headers,
      );
      expect(response.status, JSON.stringify(headers)).toBe(200);
    }
    const form = await post(
      '/answer',
      'application/x-www-form-urlencoded',
      `question=${encodeURIComponent(question)}`,
      {
        origin: own,
        'sec-fetch-site': 'same-origin',
      },
    );
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toContain('text/html');
  });
});
