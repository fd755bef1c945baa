import { describe, expect, it } from 'vitest';
import { guardOptionsFor } from '../../../src/adapters/http/http-server.js';
import { planListen } from '../../../src/adapters/http/listen.js';
import { answerLatencyBuckets, HttpMetrics } from '../../../src/adapters/http/metrics.js';

/** Parses exposition text into `name{labels}` → value, checking every line is well formed. */
function samples(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.trimEnd().split('\n')) {
    if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    expect(match, `malformed line: ${line}`).not.toBeNull();
    values.set(match![1]!, Number(match![2]));
  }
  return values;
}

describe('HttpMetrics', () => {
  it('writes counters, a cumulative histogram and the rate-limit count in the text format', () => {
    const metrics = new HttpMetrics();
    metrics.recordRequest('POST', '/api/ask', 200);
    metrics.recordRequest('POST', '/api/ask', 200);
    metrics.recordRequest('GET', '/api/passages/:id', 404);
    metrics.recordAnswer('answer', 0.07);
    metrics.recordAnswer('no-answer', 3);
    metrics.recordRateLimited();
    const text = metrics.render({ passages: 42 });
    expect(text.endsWith('\n')).toBe(true);
    const values = samples(text);
    expect(values.get('amicus_http_requests_total{method="POST",route="/api/ask",status="200"}')).toBe(2);
    expect(
      values.get('amicus_http_requests_total{method="GET",route="/api/passages/:id",status="404"}'),
    ).toBe(1);
    expect(values.get('amicus_answers_total{kind="answer"}')).toBe(1);
    expect(values.get('amicus_answers_total{kind="no-answer"}')).toBe(1);
    expect(values.get('amicus_answer_duration_seconds_bucket{le="0.05"}')).toBe(0);
    expect(values.get('amicus_answer_duration_seconds_bucket{le="0.1"}')).toBe(1);
    expect(values.get('amicus_answer_duration_seconds_bucket{le="5"}')).toBe(2);
    expect(values.get('amicus_answer_duration_seconds_bucket{le="+Inf"}')).toBe(2);
    expect(values.get('amicus_answer_duration_seconds_count')).toBe(2);
    expect(values.get('amicus_answer_duration_seconds_sum')).toBeCloseTo(3.07);
    expect(values.get('amicus_rate_limited_total')).toBe(1);
    expect(values.get('amicus_passages')).toBe(42);
    // Buckets are cumulative: never decreasing.
    const buckets = answerLatencyBuckets.map(
      (bound) => values.get(`amicus_answer_duration_seconds_bucket{le="${bound}"}`) ?? -1,
    );
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
  });

  it('escapes label values', () => {
    const metrics = new HttpMetrics();
    metrics.recordRequest('GET', 'a"b\\c\nd', 200);
    expect(metrics.render()).toContain('route="a\\"b\\\\c\\nd"');
  });
});

describe('guardOptionsFor', () => {
  it('guards the API and metrics, and leaves the page, health and preflights open', () => {
    expect(guardOptionsFor('POST', '/api/ask')).toEqual({ authenticate: true, rateLimit: true });
    expect(guardOptionsFor('GET', '/api/passages/p1')).toEqual({ authenticate: true, rateLimit: true });
    expect(guardOptionsFor('GET', '/metrics')).toEqual({ authenticate: true, rateLimit: false });
    expect(guardOptionsFor('POST', '/answer')).toEqual({ authenticate: false, rateLimit: true });
    expect(guardOptionsFor('OPTIONS', '/api/ask')).toBeUndefined();
    expect(guardOptionsFor('GET', '/')).toBeUndefined();
    expect(guardOptionsFor('GET', '/healthz')).toBeUndefined();
    expect(guardOptionsFor('GET', '/apiary')).toBeUndefined();
  });
});

describe('planListen', () => {
  it('keeps loopback hosts, and forces localhost for any other host without tokens', () => {
    expect(planListen({ host: '127.0.0.1', port: 1 }, [])).toEqual({
      host: '127.0.0.1',
      port: 1,
      forcedLocal: false,
    });
    expect(planListen({ host: 'localhost', port: 1 }, [])).toMatchObject({
      host: 'localhost',
      forcedLocal: false,
    });
    expect(planListen({ host: '::1', port: 1 }, [])).toMatchObject({ host: '::1', forcedLocal: false });
    expect(planListen({ host: '0.0.0.0', port: 1 }, [])).toEqual({
      host: '127.0.0.1',
      port: 1,
      forcedLocal: true,
    });
    expect(planListen({ host: '192.168.1.5', port: 1 }, [])).toMatchObject({
      host: '127.0.0.1',
      forcedLocal: true,
    });
    expect(planListen({ host: '0.0.0.0', port: 1 }, ['token'])).toEqual({
      host: '0.0.0.0',
      port: 1,
      forcedLocal: false,
    });
  });
});
