/**
 * Two `amicus slack --mode http` replicas behind one request URL, on one PostgreSQL database.
 * Slack retries an event it thinks was not acknowledged in time, and a load balancer may send
 * the retry to the other replica: it is answered once. A captured request replayed to the
 * other replica is refused there too. Real Bolt apps against the local fake Slack Web API.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mentionEvent, signingSecret, slackSignature } from '../adapters/slack/slack-harness.js';
import { type FakeSlackApi, fakeBotToken, startFakeSlackApi } from '../support/fake-slack-api.js';
import { usePostgres } from '../support/postgres.js';
import { type ReplicaProcess, runWorker, startReplica } from '../support/replicas.js';
import { suiteDirectory } from '../support/retrieval-fixtures.js';
import { sharedCorpusPath } from '../support/shared-data.js';

describe('Slack replicas on one PostgreSQL database', () => {
  const postgres = usePostgres();
  const suite = suiteDirectory('amicus-pg-slack-');
  let fake: FakeSlackApi;
  let replicas: ReplicaProcess[] = [];

  beforeAll(async () => {
    const url = await postgres().createDatabase('slack');
    fake = await startFakeSlackApi();
    const configFile = path.join(suite.directory, 'amicus.config.json');
    writeFileSync(configFile, JSON.stringify({ store: { pollSeconds: 1 }, slack: { apiUrl: fake.apiUrl } }));
    const env = {
      AMICUS_DATABASE_URL: url,
      AMICUS_CONFIG: configFile,
      SLACK_BOT_TOKEN: fakeBotToken,
      SLACK_SIGNING_SECRET: signingSecret,
      AMICUS_LOG_LEVEL: 'info',
    };
    const worker = runWorker(
      path.join(suite.directory, 'worker'),
      [sharedCorpusPath('federal-rules-fre-2012')],
      env,
    );
    expect(worker.status, worker.stderr).toBe(0);
    replicas = await Promise.all(
      ['slack-a', 'slack-b'].map((name) =>
        startReplica(
          path.join(suite.directory, name),
          ['slack', '--mode', 'http', '--port', '0', '--host', '127.0.0.1'],
          env,
          /(http:\/\/127\.0\.0\.1:\d+)\/slack\/events/,
        ),
      ),
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await fake?.close();
    suite.remove();
  });

  const deliver = (
    replica: ReplicaProcess,
    body: string,
    timestamp: number,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${replica.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(signingSecret, timestamp, body),
        ...headers,
      },
      body,
    });

  it('answers an event once when Slack retries it to the second replica', async () => {
    const [a, b] = replicas as [ReplicaProcess, ReplicaProcess];
    const event = mentionEvent('What is hearsay under the Federal Rules of Evidence?');
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T0AMICUS1',
      api_app_id: 'A0AMICUS',
      event_id: 'Ev0PGRETRY01',
      event_time: Math.floor(Date.now() / 1000),
      event,
    });
    const first = await deliver(a, body, Math.floor(Date.now() / 1000));
    expect(first.status).toBe(200);
    // Slack's retry: the same event, signed anew a moment later, marked as a retry.
    const retry = await deliver(b, body, Math.floor(Date.now() / 1000) + 1, {
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(retry.status).toBe(200);
    await fake.waitFor((calls) => calls.some((call) => call.method === 'chat.update'), 30_000);
    // Long enough for a second answer to have started, had the retry been taken for a new event.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const placeholders = fake
      .callsTo('chat.postMessage')
      .filter((call) => (call.body as { thread_ts?: string }).thread_ts === event.ts);
    expect(placeholders).toHaveLength(1);
    expect(fake.callsTo('chat.update')).toHaveLength(1);
    expect(b.logs()).toContain('slack.duplicate_event');
    expect(a.logs()).not.toContain('slack.duplicate_event');
  }, 60_000);

  it('refuses on the second replica a signed request already received by the first', async () => {
    const [a, b] = replicas as [ReplicaProcess, ReplicaProcess];
    const body = JSON.stringify({
      type: 'url_verification',
      challenge: 'replayed-challenge',
      token: 'unused',
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await deliver(a, body, timestamp);
    expect(first.status).toBe(200);
    const replayed = await deliver(b, body, timestamp);
    expect(replayed.status).toBe(401);
  });

  it('reports the corpus generation each replica serves on /healthz', async () => {
    for (const replica of replicas) {
      const health = (await (await fetch(`${replica.url}/healthz`)).json()) as {
        status: string;
        corpus: { generation: string };
      };
      expect(health.status).toBe('ok');
      expect(health.corpus.generation).toMatch(/^\d{8}-\d{6}-/);
    }
  });
});
