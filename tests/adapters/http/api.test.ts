/**
 * The HTTP API over real HTTP: the server listens on 127.0.0.1 and an ephemeral port and the
 * tests use `fetch`, so routing, body parsing, limits, headers and the error shape are
 * exercised as a client meets them.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskResponse } from '../../../src/adapters/http/answer-payload.js';
import { answerSchema } from '../../../src/answer/answer.js';
import type { Application } from '../../../src/application.js';
import { ingestedFixture, suiteDirectory } from '../../support/retrieval-fixtures.js';
import {
  errorOf,
  postJson,
  recordingLogger,
  type ServerBase,
  startTestServer,
  type TestServer,
} from './http-test-server.js';

const depositQuestion = 'How long does a landlord have to return a security deposit?';

let suite: { directory: string; remove: () => void };
let application: Application;
let base: ServerBase;

beforeAll(async () => {
  suite = suiteDirectory('amicus-http-');
  ({ application } = await ingestedFixture(path.join(suite.directory, 'fixture')));
  base = application;
});

afterAll(() => {
  application?.close();
  suite?.remove();
});

async function withServer<T>(
  options: Parameters<typeof startTestServer>[1],
  run: (server: TestServer) => Promise<T>,
): Promise<T> {
  const server = await startTestServer(base, options);
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

async function ask(server: TestServer, body: unknown, headers: Record<string, string> = {}) {
  const response = await postJson(`${server.baseUrl}/api/ask`, body, headers);
  return { response, payload: (await response.json()) as AskResponse };
}

describe('the good path', () => {
  let server: TestServer;
  let answered: AskResponse;

  beforeAll(async () => {
    server = await startTestServer(base);
    const { response, payload } = await ask(server, { question: depositQuestion });
    expect(response.status).toBe(200);
    answered = payload;
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers with the answer JSON of GUIDE §1, the disclaimer and the console fields', () => {
    const parsed = answerSchema.safeParse(answered);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(answered.kind).toBe('answer');
    expect(answered.disclaimer).toBe(application.config.deployment.disclaimer);
    expect(answered.sources.length).toBeGreaterThan(0);
    for (const field of ['question', 'checkedOn', 'summary', 'sections', 'gaps', 'limitations', 'followUps'])
      expect(answered).toHaveProperty(field);
    expect(answered.threadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answered.outline.at(-1)).toEqual({
      role: 'disclaimer',
      kind: 'disclaimer',
      text: answered.disclaimer,
    });
    expect(answered.replyText).toContain('[1]');
    expect(answered.replyText.trimEnd().endsWith(answered.disclaimer)).toBe(true);
  });

  it('sends the security headers and no-store on API responses', async () => {
    const response = await fetch(`${server.baseUrl}/api/sources`);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps a thread the client names, and filters by jurisdiction', async () => {
    const { response, payload } = await ask(server, {
      question: 'What must a landlord do before evicting for unpaid rent?',
      jurisdiction: 'US-CA',
      threadId: 'desk-1',
    });
    expect(response.status).toBe(200);
    expect(payload.threadId).toBe('desk-1');
    for (const source of payload.sources) expect(['US-CA', 'US-federal']).toContain(source.jurisdiction);
  });

  it('lists sources with their vetting and jurisdictions, without server paths', async () => {
    const response = await fetch(`${server.baseUrl}/api/sources`);
    expect(response.status).toBe(200);
    const payload = (await response.json()) as {
      jurisdictions: string[];
      collections: Array<Record<string, unknown>>;
      deployment: { disclaimer: string };
    };
    expect(payload.jurisdictions).toEqual(['US-CA', 'US-federal']);
    expect(payload.collections.map((collection) => collection.id).sort()).toEqual([
      'ca-tenant-guide',
      'test-title-99',
    ]);
    for (const collection of payload.collections) {
      expect(collection).toHaveProperty('vettedBy');
      expect(collection).toHaveProperty('vettedOn');
      expect(collection).toHaveProperty('asOf');
      expect(collection).not.toHaveProperty('sourcePath');
    }
    expect(payload.deployment.disclaimer).toBe(application.config.deployment.disclaimer);
  });

  it('returns a cited passage with its metadata and the words that support the sentence', async () => {
    const source = answered.sources[0]!;
    const sentence = answered.summary.find((candidate) => candidate.citations.includes(source.n))!.text;
    const response = await fetch(
      `${server.baseUrl}/api/passages/${encodeURIComponent(source.passageId)}?sentence=${encodeURIComponent(sentence)}`,
    );
    expect(response.status).toBe(200);
    const payload = (await response.json()) as {
      passage: { id: string; text: string; label: string; asOf: string; url: string | null };
      collection: { vettedBy: string | null; vettedOn: string | null };
      support: { match: string; highlights: Array<{ start: number; end: number }> };
    };
    const stored = application.store.getById(source.passageId)!;
    expect(payload.passage.text).toBe(stored.text);
    expect(payload.passage.label).toBe(source.label);
    expect(payload.passage.asOf).toBe(source.asOf);
    expect(payload.collection).toHaveProperty('vettedBy');
    expect(payload.support.match).toBe('quote');
    const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
    for (const { start, end } of payload.support.highlights) {
      expect(squash(sentence)).toContain(squash(stored.text.slice(start, end)));
    }
  });

  it('answers 404 with the error shape for an unknown passage', async () => {
    const response = await fetch(`${server.baseUrl}/api/passages/p0000000000000000000`);
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toMatchObject({ code: 'not_found' });
  });

  it('stores feedback against the answer, with the user hashed', async () => {
    const response = await postJson(`${server.baseUrl}/api/feedback`, {
      answerId: answered.id,
      rating: 'down',
      reason: 'Cites the wrong subsection',
    });
    expect(response.status).toBe(201);
    const stored = await application.feedback.forAnswer(answered.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      rating: 'down',
      surface: 'http',
      reason: 'Cites the wrong subsection',
    });
    expect(stored[0]?.userHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refuses feedback with a bad rating, naming the field', async () => {
    const response = await postJson(`${server.baseUrl}/api/feedback`, {
      answerId: answered.id,
      rating: 'meh',
    });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'input_invalid', field: 'rating' });
  });

  it('reports health with the passage count, without a token', async () => {
    const response = await fetch(`${server.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    const payload = (await response.json()) as { status: string; passages: number };
    expect(payload.status).toBe('ok');
    expect(payload.passages).toBe(application.store.passageCount());
  });

  it('exposes Prometheus metrics: requests by route and status, answers by kind, latency, rate limits', async () => {
    const response = await fetch(`${server.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    expect(text).toContain('# TYPE amicus_http_requests_total counter');
    expect(text).toMatch(/amicus_http_requests_total\{method="POST",route="\/api\/ask",status="200"\} [1-9]/);
    expect(text).toMatch(
      /amicus_http_requests_total\{method="GET",route="\/api\/passages\/:id",status="404"\} 1/,
    );
    expect(text).toMatch(/amicus_answers_total\{kind="answer"\} [1-9]/);
    expect(text).toContain('# TYPE amicus_answer_duration_seconds histogram');
    expect(text).toMatch(/amicus_answer_duration_seconds_bucket\{le="\+Inf"\} [1-9]/);
    expect(text).toMatch(/amicus_answer_duration_seconds_count [1-9]/);
    expect(text).toContain('amicus_rate_limited_total 0');
    expect(text).toMatch(/amicus_passages [1-9]/);
  });

  it('serves the console page and its files from this origin, without a token', async () => {
    const page = await fetch(`${server.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('<script src="/console.js" defer></script>');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    for (const [file, type] of [
      ['/console.js', 'text/javascript'],
      ['/console.css', 'text/css'],
      ['/favicon.svg', 'image/svg+xml'],
    ] as const) {
      const asset = await fetch(`${server.baseUrl}${file}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toContain(type);
    }
    expect((await fetch(`${server.baseUrl}/../package.json`)).status).toBe(404);
  });

  it('answers the no-JavaScript form with an escaped HTML page that ends with the disclaimer', async () => {
    const response = await fetch(`${server.baseUrl}/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ question: `${depositQuestion} <script>alert(1)</script>` }).toString(),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('class="disclaimer"');
  });
});

describe('bad requests', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(base, { http: { bodyLimitBytes: 1024 } });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers 400 with a JSON error naming the problem for bad JSON', async () => {
    const response = await postJson(`${server.baseUrl}/api/ask`, '{"question": "unterminated');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/json');
    const error = await errorOf(response);
    expect(error.code).toBe('input_invalid');
    expect(error.message).toMatch(/not valid JSON: .+/);
  });

  it('answers 400 for an empty JSON body', async () => {
    const response = await postJson(`${server.baseUrl}/api/ask`, '');
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('input_invalid');
  });

  it('answers 413 with a JSON error for a body over the limit', async () => {
    const response = await postJson(`${server.baseUrl}/api/ask`, { question: 'x'.repeat(4000) });
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({ code: 'payload_too_large' });
  });

  it('names the field that fails validation', async () => {
    const missing = await postJson(`${server.baseUrl}/api/ask`, { jurisdiction: 'US-CA' });
    expect(missing.status).toBe(400);
    expect(await errorOf(missing)).toMatchObject({ code: 'input_invalid', field: 'question' });

    const badJurisdiction = await postJson(`${server.baseUrl}/api/ask`, {
      question: depositQuestion,
      jurisdiction: '<US-CA>',
    });
    expect(badJurisdiction.status).toBe(400);
    expect(await errorOf(badJurisdiction)).toMatchObject({ field: 'jurisdiction' });

    const unknown = await postJson(`${server.baseUrl}/api/ask`, {
      question: depositQuestion,
      juridiction: 'US',
    });
    expect(unknown.status).toBe(400);
    expect((await errorOf(unknown)).message).toContain('juridiction');

    const notAnObject = await postJson(`${server.baseUrl}/api/ask`, '["a question"]');
    expect(notAnObject.status).toBe(400);
  });

  it('refuses bodies that are not JSON, and __proto__ keys', async () => {
    const text = await fetch(`${server.baseUrl}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: depositQuestion,
    });
    expect(text.status).toBe(415);
    expect(await errorOf(text)).toMatchObject({ code: 'unsupported_media_type' });

    const poisoned = await postJson(
      `${server.baseUrl}/api/ask`,
      '{"question":"q","__proto__":{"admin":true}}',
    );
    expect(poisoned.status).toBe(400);
  });

  it('answers 404 in the error shape for unknown routes', async () => {
    const response = await fetch(`${server.baseUrl}/api/nothing-here`);
    expect(response.status).toBe(404);
    expect(await errorOf(response)).toMatchObject({ code: 'not_found' });
  });
});

describe('bearer tokens', () => {
  const token = 'staff-token-0123456789';

  it('requires a valid token on every /api route and on metrics, not on the page or health', async () => {
    await withServer({ apiTokens: [token, 'other-token-abcdef'] }, async (server) => {
      const missing = await fetch(`${server.baseUrl}/api/sources`);
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toContain('Bearer');
      expect(await errorOf(missing)).toMatchObject({ code: 'unauthorized' });

      const wrong = await fetch(`${server.baseUrl}/api/sources`, {
        headers: { authorization: 'Bearer nope' },
      });
      expect(wrong.status).toBe(401);
      expect(await errorOf(wrong)).toMatchObject({ code: 'unauthorized' });

      const notBearer = await fetch(`${server.baseUrl}/api/sources`, {
        headers: { authorization: `Basic ${token}` },
      });
      expect(notBearer.status).toBe(401);

      const askWithout = await postJson(`${server.baseUrl}/api/ask`, { question: depositQuestion });
      expect(askWithout.status).toBe(401);

      const passageWithout = await fetch(`${server.baseUrl}/api/passages/anything`);
      expect(passageWithout.status).toBe(401);

      const good = await fetch(`${server.baseUrl}/api/sources`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(good.status).toBe(200);
      const second = await postJson(
        `${server.baseUrl}/api/ask`,
        { question: depositQuestion },
        { authorization: 'Bearer other-token-abcdef' },
      );
      expect(second.status).toBe(200);

      expect((await fetch(`${server.baseUrl}/metrics`)).status).toBe(401);
      expect(
        (await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status,
      ).toBe(200);
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.baseUrl}/`)).status).toBe(200);
    });
  });

  it('asks for the token in the no-JavaScript form too', async () => {
    await withServer({ apiTokens: [token] }, async (server) => {
      const form = (fields: Record<string, string>) =>
        fetch(`${server.baseUrl}/answer`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields).toString(),
        });
      expect((await form({ question: depositQuestion })).status).toBe(401);
      expect((await form({ question: depositQuestion, token })).status).toBe(200);
    });
  });

  it('never logs the question text or the token', async () => {
    const recorded = recordingLogger();
    const secretQuestion =
      'My landlord Zebulon Quarterfield kept my security deposit; how long does he have to return it?';
    await withServer({ apiTokens: [token], logger: recorded.logger }, async (server) => {
      const response = await postJson(
        `${server.baseUrl}/api/ask`,
        { question: secretQuestion },
        { authorization: `Bearer ${token}` },
      );
      expect(response.status).toBe(200);
      await fetch(`${server.baseUrl}/api/sources`, {
        headers: { authorization: 'Bearer wrong-token-guess' },
      });
    });
    const lines = recorded.lines();
    expect(lines).toContain('"msg":"answered"');
    expect(lines).not.toContain('Zebulon');
    expect(lines).not.toContain(token);
    expect(lines).not.toContain('wrong-token-guess');
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once a client has used its burst, and counts it', async () => {
    let now = 1_000_000;
    await withServer(
      { http: { rateLimit: { capacity: 2, refillPerMinute: 1 } }, now: () => now },
      async (server) => {
        expect((await fetch(`${server.baseUrl}/api/sources`)).status).toBe(200);
        expect((await fetch(`${server.baseUrl}/api/sources`)).status).toBe(200);
        const limited = await fetch(`${server.baseUrl}/api/sources`);
        expect(limited.status).toBe(429);
        const retryAfter = Number(limited.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
        expect(await errorOf(limited)).toMatchObject({ code: 'rate_limited' });

        // Health checks and the page are not rate-limited.
        expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);

        now += retryAfter * 1000;
        expect((await fetch(`${server.baseUrl}/api/sources`)).status).toBe(200);
        expect(await (await fetch(`${server.baseUrl}/metrics`)).text()).toContain(
          'amicus_rate_limited_total 1',
        );
      },
    );
  });

  it('limits each token separately, and guesses at tokens by address', async () => {
    await withServer(
      {
        apiTokens: ['token-a-1234567890', 'token-b-1234567890'],
        http: { rateLimit: { capacity: 1, refillPerMinute: 0.1 } },
      },
      async (server) => {
        const get = (token: string) =>
          fetch(`${server.baseUrl}/api/sources`, { headers: { authorization: `Bearer ${token}` } });
        expect((await get('token-a-1234567890')).status).toBe(200);
        expect((await get('token-a-1234567890')).status).toBe(429);
        expect((await get('token-b-1234567890')).status).toBe(200);
        expect((await get('guess-1')).status).toBe(401);
        expect((await get('guess-2')).status).toBe(429);
      },
    );
  });
});

describe('CORS', () => {
  const allowed = 'https://intake.legal-aid.example';

  it('is off by default: no CORS headers for any origin', async () => {
    await withServer({}, async (server) => {
      const response = await fetch(`${server.baseUrl}/api/sources`, { headers: { origin: allowed } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await fetch(`${server.baseUrl}/api/ask`, {
        method: 'OPTIONS',
        headers: { origin: allowed, 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    });
  });

  it('allows only the configured origins', async () => {
    await withServer({ http: { corsOrigins: [allowed] } }, async (server) => {
      const response = await fetch(`${server.baseUrl}/api/sources`, { headers: { origin: allowed } });
      expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(response.headers.get('vary')).toContain('Origin');

      const preflight = await fetch(`${server.baseUrl}/api/ask`, {
        method: 'OPTIONS',
        headers: {
          origin: allowed,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');

      const other = await fetch(`${server.baseUrl}/api/sources`, {
        headers: { origin: 'https://evil.example' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});

describe('binding', () => {
  it('listens on localhost only when no tokens are configured, whatever host is asked for', async () => {
    const recorded = recordingLogger();
    await withServer({ host: '0.0.0.0', logger: recorded.logger }, async (server) => {
      expect(server.started.host).toBe('127.0.0.1');
      expect(server.started.forcedLocal).toBe(true);
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    });
    expect(recorded.lines()).toContain('listens on localhost only');
  });

  it('binds the configured host when tokens are configured', async () => {
    await withServer({ host: '0.0.0.0', apiTokens: ['token-1234567890abc'] }, async (server) => {
      expect(server.started.host).toBe('0.0.0.0');
      expect(server.started.forcedLocal).toBe(false);
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    });
  });
});
