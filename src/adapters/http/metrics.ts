/**
 * Prometheus metrics in the text exposition format (version 0.0.4), written by hand: request
 * counts by route and status, answers by kind, an answer-latency histogram, and rate-limit
 * refusals. Labels are route patterns and fixed vocabularies, never user input, so the number
 * of series stays small.
 */
export const prometheusContentType = 'text/plain; version=0.0.4; charset=utf-8';

/** Upper bounds in seconds; extractive answers take tens of milliseconds, LLM answers seconds. */
export const answerLatencyBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Readonly<Record<string, string>>): string {
  const entries = Object.entries(pairs);
  if (entries.length === 0) return '';
  return `{${entries.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

function formatNumber(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

class LabelledCounter {
  private readonly values = new Map<string, { labels: Record<string, string>; value: number }>();

  increment(labelValues: Record<string, string>, by = 1): void {
    const key = JSON.stringify(labelValues);
    const existing = this.values.get(key);
    if (existing) existing.value += by;
    else this.values.set(key, { labels: labelValues, value: by });
  }

  get(labelValues: Record<string, string>): number {
    return this.values.get(JSON.stringify(labelValues))?.value ?? 0;
  }

  lines(name: string): string[] {
    return [...this.values.values()]
      .sort((a, b) => labels(a.labels).localeCompare(labels(b.labels)))
      .map((entry) => `${name}${labels(entry.labels)} ${formatNumber(entry.value)}`);
  }
}

class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    for (const [index, bound] of this.bounds.entries()) if (value <= bound) this.counts[index]! += 1;
  }

  lines(name: string): string[] {
    return [
      ...this.bounds.map(
        (bound, index) => `${name}_bucket${labels({ le: formatNumber(bound) })} ${this.counts[index] ?? 0}`,
      ),
      `${name}_bucket${labels({ le: '+Inf' })} ${this.count}`,
      `${name}_sum ${formatNumber(this.sum)}`,
      `${name}_count ${this.count}`,
    ];
  }
}

export class HttpMetrics {
  private readonly requests = new LabelledCounter();
  private readonly answers = new LabelledCounter();
  private readonly answerFailures = new LabelledCounter();
  private readonly latency = new Histogram(answerLatencyBuckets);
  private rateLimited = 0;

  recordRequest(method: string, route: string, status: number): void {
    this.requests.increment({ method, route, status: String(status) });
  }

  recordAnswer(kind: string, seconds: number): void {
    this.answers.increment({ kind });
    this.latency.observe(seconds);
  }

  recordAnswerFailure(code: string): void {
    this.answerFailures.increment({ code });
  }

  recordRateLimited(): void {
    this.rateLimited += 1;
  }

  requestCount(method: string, route: string, status: number): number {
    return this.requests.get({ method, route, status: String(status) });
  }

  /** The exposition text, with a passage-count gauge when the store can say. */
  render(gauges: { readonly passages?: number | undefined } = {}): string {
    const families: Array<{ name: string; help: string; type: string; lines: string[] }> = [
      {
        name: 'amicus_http_requests_total',
        help: 'HTTP requests by method, route pattern and status code.',
        type: 'counter',
        lines: this.requests.lines('amicus_http_requests_total'),
      },
      {
        name: 'amicus_answers_total',
        help: 'Answers given, by kind (answer, no-answer, individualized, refused, emergency).',
        type: 'counter',
        lines: this.answers.lines('amicus_answers_total'),
      },
      {
        name: 'amicus_answer_failures_total',
        help: 'Questions that failed with an error, by error code.',
        type: 'counter',
        lines: this.answerFailures.lines('amicus_answer_failures_total'),
      },
      {
        name: 'amicus_answer_duration_seconds',
        help: 'Time to answer a question, in seconds.',
        type: 'histogram',
        lines: this.latency.lines('amicus_answer_duration_seconds'),
      },
      {
        name: 'amicus_rate_limited_total',
        help: 'API requests refused by the per-client rate limit.',
        type: 'counter',
        lines: [`amicus_rate_limited_total ${this.rateLimited}`],
      },
    ];
    if (gauges.passages !== undefined) {
      families.push({
        name: 'amicus_passages',
        help: 'Passages in the store.',
        type: 'gauge',
        lines: [`amicus_passages ${gauges.passages}`],
      });
    }
    return `${families
      .map((family) =>
        [
          `# HELP ${family.name} ${family.help}`,
          `# TYPE ${family.name} ${family.type}`,
          ...family.lines,
        ].join('\n'),
      )
      .join('\n')}\n`;
  }
}
