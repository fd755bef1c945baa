/**
 * Policy over the HTTP API as a client meets it: an emergency's console outline and reply text
 * put the crisis resources first, the audience field is validated at the edge and reaches the
 * policy, and a personal situation is marked private.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskResponse } from '../../../src/adapters/http/answer-payload.js';
import type { Application } from '../../../src/application.js';
import { ingestedFixture, suiteDirectory } from '../../support/retrieval-fixtures.js';
import { errorOf, postJson, startTestServer, type TestServer } from './http-test-server.js';

let suite: { directory: string; remove: () => void };
let application: Application;
let server: TestServer;

beforeAll(async () => {
  suite = suiteDirectory('amicus-http-policy-');
  ({ application } = await ingestedFixture(path.join(suite.directory, 'fixture')));
  server = await startTestServer(application);
});

afterAll(async () => {
  await server?.close();
  application?.close();
  suite?.remove();
});

async function ask(body: unknown): Promise<{ status: number; payload: AskResponse }> {
  const response = await postJson(`${server.baseUrl}/api/ask`, body);
  return { status: response.status, payload: (await response.json()) as AskResponse };
}

describe('policy over the HTTP API', () => {
  it('puts crisis resources first in the console outline and the reply text of an emergency', async () => {
    const { status, payload } = await ask({
      question:
        'my landlord is hitting me right now in the hallway. How much security deposit can a landlord charge?',
    });
    expect(status).toBe(200);
    expect(payload.kind).toBe('emergency');
    expect(payload.privateReply).toBe(true);
    const kinds = payload.outline.map((block) => block.kind);
    expect(kinds.indexOf('referrals')).toBeLessThan(kinds.indexOf('paragraph'));
    expect(kinds.indexOf('notice')).toBeLessThan(kinds.indexOf('referrals'));
    expect(payload.sources.length).toBeGreaterThan(0);
    expect(payload.replyText.indexOf('911')).toBeGreaterThan(-1);
    expect(payload.replyText.indexOf('911')).toBeLessThan(payload.replyText.indexOf('[1]'));
    expect(payload.replyText).toContain(application.config.deployment.disclaimer);
  });

  it('takes the audience from the request: a staff client matter is answered with the reminder', async () => {
    const question =
      "our client's landlord kept her deposit in March. how long does a landlord have to return a deposit?";
    const staff = await ask({ question, audience: 'staff' });
    expect(staff.status).toBe(200);
    expect(staff.payload.kind).toBe('answer');
    expect(staff.payload.notice).toMatch(/professional judgement/);
    const publicReply = await ask({ question });
    expect(publicReply.payload.kind).toBe('individualized');
  });

  it('refuses an unknown audience with an error naming the field', async () => {
    const response = await postJson(`${server.baseUrl}/api/ask`, {
      question: 'What is hearsay?',
      audience: 'everyone',
    });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.field ?? error.message).toMatch(/audience/);
  });
});
