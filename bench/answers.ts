/**
 * Answer benchmark: extractive answers in-process, after warm-up, over the nine sample
 * collections (target: p95 ≤ 100 ms), and the answer metrics on the dev and held-out questions.
 *
 *   npm run bench:answers                    # ingest into a temp dir first (~20 s)
 *   npm run bench:answers -- --data <dir>    # reuse a data directory holding the nine collections
 *
 * Results go to bench/results/answers-<date>.json; docs/benchmarks.md records them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApplication } from '../src/application.js';
import { loadConfig } from '../src/core/config.js';
import { silentLogger } from '../src/core/logger.js';
import { answerMetrics } from '../src/evaluation/answer-metrics.js';
import { readEvaluationFile } from '../src/evaluation/question-file.js';
import { sampleCollectionPaths, sharedEvalPath } from '../tests/support/shared-data.js';

const repositoryRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dataIndex = process.argv.indexOf('--data');
const reuse = dataIndex >= 0 ? process.argv[dataIndex + 1] : undefined;
const scratch = reuse ?? mkdtempSync(path.join(os.tmpdir(), 'amicus-bench-answers-'));
const rounds = 5;

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}

const config = loadConfig({ dataDirectory: scratch, environment: {}, workingDirectory: scratch });
const application = openApplication(config, { create: true, logger: silentLogger() });
try {
  if (!reuse)
    await application
      .createIngester()
      .ingest(sampleCollectionPaths(), { maxFileBytes: config.ingest.maxFileBytes });
  const questionFiles = [
    sharedEvalPath('questions-dev.jsonl'),
    sharedEvalPath('questions-dev-2.jsonl'),
    path.join(repositoryRoot, 'bench', 'questions-heldout.jsonl'),
    path.join(repositoryRoot, 'bench', 'questions-unanswerable.jsonl'),
    path.join(repositoryRoot, 'bench', 'answers-heldout-answerable.jsonl'),
    path.join(repositoryRoot, 'bench', 'answers-heldout-unanswerable.jsonl'),
  ];
  const questions = questionFiles.flatMap((file) => {
    const parsed = readEvaluationFile(file);
    return parsed.kind === 'questions' ? parsed.items : [];
  });
  // Warm-up: load the indexes and let the JIT settle.
  for (const item of questions.slice(0, 10)) await application.answers.ask({ question: item.question });
  const timings: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const item of questions) {
      const started = performance.now();
      await application.answers.ask({ question: item.question });
      timings.push(performance.now() - started);
    }
  }
  timings.sort((left, right) => left - right);
  // The answer metrics per file (see docs/answers.md): first cited source gold, precision, words.
  const metricsByFile: Record<string, ReturnType<typeof answerMetrics>> = {};
  for (const file of questionFiles) {
    const parsed = readEvaluationFile(file);
    if (parsed.kind !== 'questions') continue;
    const items = [];
    for (const item of parsed.items) {
      items.push({
        answerable: item.answerable,
        gold: item.gold,
        answer: await application.answers.ask({ question: item.question }),
      });
    }
    metricsByFile[path.basename(file)] = answerMetrics(items);
  }
  const results = {
    date: new Date().toISOString(),
    command: `npm run bench:answers${reuse ? ' -- --data <dir>' : ''}`,
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      node: process.version,
      loadAverage: os.loadavg(),
    },
    passages: application.store.passageCount(),
    answers: timings.length,
    latencyMs: {
      p50: percentile(timings, 0.5),
      p95: percentile(timings, 0.95),
      p99: percentile(timings, 0.99),
      max: timings.at(-1),
    },
    answerMetrics: metricsByFile,
  };
  console.log(JSON.stringify(results, null, 2));
  const directory = path.join(repositoryRoot, 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  writeFileSync(
    path.join(directory, `answers-${results.date.slice(0, 10)}.json`),
    `${JSON.stringify(results, null, 2)}\n`,
  );
} finally {
  application.close();
  if (!reuse) rmSync(scratch, { recursive: true, force: true });
}
