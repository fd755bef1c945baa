/**
 * The review queue over HTTP against the real server and application: the reviewer role is
 * checked on every `/api/review/*` route (no token → 401, a token without the role → 403, a
 * reviewer token → the route's answer), and a 👎 through `/api/feedback`, a no-answer and a
 * hand-off each become a review item that a reviewer resolves; the export is in the eval format.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTokenEntry } from '../../src/adapters/http/auth.js';
import type { Application } from '../../src/application.js';
import { questionItemSchema } from '../../src/evaluation/question-file.js';
import type { ReviewItem } from '../../src/review/review-store.js';
import { errorOf, postJson, startTestServer, type TestServer } from '../adapters/http/http-test-server.js';
import { ingestedFixture, suiteDirectory } from '../support/retrieval-fixtures.js';

const reviewerToken = 'reviewer-token-0123456789';
const plainToken = 'plain-token-0123456789abc';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let suite: ReturnType<typeof suiteDirectory>;
let application: Application;
let server: TestServer;

beforeAll(async () => {
  suite = suiteDirectory('amicus-review-api-');
  ({ application } = await ingestedFixture(suite.directory));
  server = await startTestServer(application, { apiTokens: [`${reviewerToken}:reviewer`, plainToken] });
}, 120_000);

afterAll(async () => {
  await server?.close();
  application?.close();
  suite?.remove();
});

async function askApi(question: string): Promise<{ id: string; kind: string }> {
  const response = await postJson(`${server.baseUrl}/api/ask`, { question }, bearer(plainToken));
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string; kind: string };
}

async function itemFor(answerId: string): Promise<ReviewItem> {
  await expect
    .poll(async () => (await application.review.queue.list()).some((item) => item.answerId === answerId))
    .toBe(true);
  return (await application.review.queue.list()).find((item) => item.answerId === answerId)!;
}

describe('review routes', () => {
  const routes: Array<{ method: 'GET' | 'POST'; path: string; body?: unknown }> = [
    { method: 'GET', path: '/api/review/items' },
    { method: 'GET', path: '/api/review/items/1' },
    { method: 'POST', path: '/api/review/items/1/resolve', body: { verdict: 'correct', by: 'Dana' } },
    { method: 'POST', path: '/api/review/approve', body: { answerId: 'x', by: 'Dana' } },
    { method: 'GET', path: '/api/review/approved' },
    { method: 'GET', path: '/api/review/gaps' },
    { method: 'GET', path: '/api/review/export?format=eval' },
  ];

  it('refuses every review route without a token (401) and with a token lacking the reviewer role (403)', async () => {
    for (const route of routes) {
      const call = (headers: Record<string, string>) =>
        route.method === 'GET'
          ? fetch(`${server.baseUrl}${route.path}`, { headers })
          : postJson(`${server.baseUrl}${route.path}`, route.body, headers);
      const anonymous = await call({});
      expect([route.path, anonymous.status]).toEqual([route.path, 401]);
      const plain = await call(bearer(plainToken));
      expect([route.path, plain.status]).toEqual([route.path, 403]);
      expect((await errorOf(plain)).message).toMatch(/reviewer role/);
      const reviewer = await call(bearer(reviewerToken));
      // The reviewer gets past the role check: a real answer, or a 404 for the made-up ids.
      expect([route.path, reviewer.status === 403 || reviewer.status === 401]).toEqual([route.path, false]);
    }
  });

  it('parses token roles from AMICUS_API_TOKENS entries', () => {
    expect(parseTokenEntry('abc:reviewer')).toEqual({ token: 'abc', roles: ['reviewer'] });
    expect(parseTokenEntry('abc')).toEqual({ token: 'abc', roles: [] });
    expect(parseTokenEntry('a:b:c')).toEqual({ token: 'a:b:c', roles: [] });
  });

  it('files a 👎, a no-answer and a hand-off; a reviewer lists, opens, resolves and exports them', async () => {
    const answered = await askApi('How much can a landlord charge for a security deposit?');
    const vote = await postJson(
      `${server.baseUrl}/api/feedback`,
      {
        answerId: answered.id,
        rating: 'down',
        reason: 'Missed the small-landlord rule; call me at 415-555-0134',
      },
      bearer(plainToken),
    );
    expect(vote.status).toBe(201);
    const downvoted = await itemFor(answered.id);
    expect(downvoted.reasons.map((entry) => entry.reason)).toEqual(['thumbs-down']);
    expect(downvoted.reasons[0]?.detail).toBe('Missed the small-landlord rule; call me at [phone]');
    expect(downvoted.userId).toBeNull();

    const declined = await askApi('What are the FAA rules for flying a drone? Email me at pat@example.org');
    expect(declined.kind).toBe('no-answer');
    const gapItem = await itemFor(declined.id);
    expect(gapItem.question).not.toContain('pat@example.org');
    expect(gapItem.answer.question).not.toContain('pat@example.org');

    const handOff = await postJson(
      `${server.baseUrl}/api/hand-off`,
      { answerId: answered.id },
      bearer(plainToken),
    );
    expect(handOff.status).toBe(201);
    expect((await itemFor(answered.id)).reasons.map((entry) => entry.reason)).toEqual([
      'thumbs-down',
      'hand-off',
    ]);

    const list = await fetch(`${server.baseUrl}/api/review/items?status=open&reason=no-answer`, {
      headers: bearer(reviewerToken),
    });
    const { items } = (await list.json()) as { items: ReviewItem[] };
    expect(items.map((item) => item.id)).toEqual([gapItem.id]);

    const detail = await fetch(`${server.baseUrl}/api/review/items/${downvoted.id}`, {
      headers: bearer(reviewerToken),
    });
    const opened = (await detail.json()) as { passages: Array<{ text: string | null; inStore: boolean }> };
    expect(opened.passages.length).toBeGreaterThan(0);
    expect(opened.passages.every((passage) => passage.inStore && (passage.text ?? '').length > 0)).toBe(true);

    const wrongWithoutNote = await postJson(
      `${server.baseUrl}/api/review/items/${downvoted.id}/resolve`,
      { verdict: 'wrong', by: 'Dana Reyes' },
      bearer(reviewerToken),
    );
    expect(wrongWithoutNote.status).toBe(400);
    const badVerdict = await postJson(
      `${server.baseUrl}/api/review/items/${downvoted.id}/resolve`,
      { verdict: 'fine', by: 'Dana Reyes' },
      bearer(reviewerToken),
    );
    expect(badVerdict.status).toBe(400);
    expect((await errorOf(badVerdict)).field).toBe('verdict');

    for (const [id, verdict] of [
      [downvoted.id, 'correct'],
      [gapItem.id, 'needs-source'],
    ] as const) {
      const resolved = await postJson(
        `${server.baseUrl}/api/review/items/${id}/resolve`,
        {
          verdict,
          by: 'Dana Reyes',
          note: verdict === 'needs-source' ? 'No FAA regulations in the corpus' : undefined,
        },
        bearer(reviewerToken),
      );
      expect(resolved.status).toBe(200);
    }
    const { audit } = await application.review.queue.show(downvoted.id);
    expect(audit.at(-1)).toMatchObject({ actor: 'Dana Reyes', action: 'resolved:correct' });

    const exported = await fetch(`${server.baseUrl}/api/review/export?format=eval`, {
      headers: bearer(reviewerToken),
    });
    const lines = (await exported.text())
      .trim()
      .split('\n')
      .map((line) => questionItemSchema.parse(JSON.parse(line)));
    expect(lines).toEqual([
      expect.objectContaining({
        id: `review-${downvoted.id}`,
        answerable: 'yes',
        gold: expect.arrayContaining([expect.any(String)]),
      }),
      expect.objectContaining({ id: `review-${gapItem.id}`, answerable: 'no', gold: [] }),
    ]);

    const gaps = await fetch(`${server.baseUrl}/api/review/gaps`, { headers: bearer(reviewerToken) });
    const { gaps: topics } = (await gaps.json()) as {
      gaps: Array<{ count: number; terms: string[]; examples: string[] }>;
    };
    expect(topics).toHaveLength(1);
    expect(topics[0]?.terms).toContain('drone');
    expect(topics[0]?.examples[0]).toContain('[email]');
  }, 60_000);
});
