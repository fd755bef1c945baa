/**
 * Helpers shared by the retrieval benchmark (`bench/retrieval.ts`) and its child processes.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type QuestionItem, readEvaluationFile } from '../../src/evaluation/question-file.js';
import { type RetrievalMetrics, retrievalMetrics } from '../../src/evaluation/retrieval-metrics.js';
import { diversifyBySection } from '../../src/retrieval/fusion.js';
import { extraQuestions } from './extra-questions.js';

export const benchDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repositoryRoot = path.resolve(benchDirectory, '..');

/** `../shared` beside the checkout, or `AMICUS_SHARED`. */
export function sharedDirectory(): string {
  const directory = process.env.AMICUS_SHARED ?? path.resolve(repositoryRoot, '..', 'shared');
  if (!existsSync(path.join(directory, 'corpus')) || !existsSync(path.join(directory, 'eval'))) {
    throw new Error(`Shared data not found at ${directory} (set AMICUS_SHARED)`);
  }
  return directory;
}

/**
 * The collections the benchmark ingests. `full`: usc-all plus the four federal-rules
 * collections (the whole U.S. Code and the court rules). `sample`: the nine sample collections
 * (five U.S. Code folders and the four rule sets), which the question sets are written for.
 * The first path is ingested last, so that the last write progress event is close to the end.
 */
export function corpusPaths(corpus: 'full' | 'sample' = benchCorpus()): string[] {
  const folder = path.join(sharedDirectory(), 'corpus');
  const rules = readdirSync(folder)
    .filter((name) => name.startsWith('federal-rules-'))
    .sort()
    .map((name) => path.join(folder, name));
  if (corpus === 'sample') {
    const titles = readdirSync(folder)
      .filter((name) => name.startsWith('usc-title-'))
      .sort()
      .map((name) => path.join(folder, name));
    return [titles[0]!, ...rules, ...titles.slice(1)];
  }
  return [path.join(folder, 'usc-all.jsonl.gz'), ...rules];
}

/** `AMICUS_BENCH_CORPUS=sample` (set by `--sample`, and so seen by child processes) or `full`. */
export function benchCorpus(): 'full' | 'sample' {
  return process.env.AMICUS_BENCH_CORPUS === 'sample' ? 'sample' : 'full';
}

/** Dev files first (tuned on), then the held-out ones (never tuned on). */
export function standardQuestionFiles(): string[] {
  const evaluation = path.join(sharedDirectory(), 'eval');
  const ownHeldOut = readdirSync(benchDirectory)
    .filter((name) => /^retrieval-heldout-.*\.jsonl$/.test(name))
    .sort()
    .map((name) => path.join(benchDirectory, name));
  return [
    path.join(evaluation, 'questions-dev.jsonl'),
    path.join(evaluation, 'questions-dev-2.jsonl'),
    path.join(benchDirectory, 'questions-heldout.jsonl'),
    ...ownHeldOut,
  ];
}

export interface QuestionSets {
  /** `../shared/eval/questions-dev.jsonl`, all 18 (16 with gold). */
  readonly dev: QuestionItem[];
  /** `bench/questions-heldout.jsonl`, 55 with gold. */
  readonly heldout: QuestionItem[];
  /** Written for this benchmark, no gold: latency and HNSW recall only. */
  readonly extra: string[];
}

export function loadQuestionSets(): QuestionSets {
  const read = (file: string) => {
    const parsed = readEvaluationFile(file);
    if (parsed.kind !== 'questions') throw new Error(`${file} is not a question file`);
    return parsed.items;
  };
  return {
    dev: read(path.join(sharedDirectory(), 'eval', 'questions-dev.jsonl')),
    heldout: read(path.join(benchDirectory, 'questions-heldout.jsonl')),
    extra: [...extraQuestions],
  };
}

/** Every distinct query text: dev, held-out, then the extra ones. */
export function allQueries(sets: QuestionSets): string[] {
  return [
    ...new Set([
      ...sets.dev.map((item) => item.question),
      ...sets.heldout.map((item) => item.question),
      ...sets.extra,
    ]),
  ];
}

export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentiles, in the unit of the samples (ms). */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return {
    count: sorted.length,
    mean,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/** A ranked hit list of any engine, by passage. */
export interface LabelledHit {
  readonly label: string;
  readonly sectionLabel: string;
}

/**
 * The top 10 labels of a ranking after the same post-processing Amicus applies (at most
 * `maxPerSection` passages of one section first), or the raw top 10.
 */
export function topLabels(hits: readonly LabelledHit[], diversify: boolean, maxPerSection = 1): string[] {
  const ordered = diversify ? diversifyBySection(hits, (hit) => hit.sectionLabel, maxPerSection) : hits;
  return ordered.slice(0, 10).map((hit) => hit.label);
}

/** Metrics of one engine on one question set, by `retrievalMetrics` (the eval README's rule). */
export function metricsFor(
  items: readonly QuestionItem[],
  retrieved: ReadonlyMap<string, readonly string[]>,
): RetrievalMetrics {
  return retrievalMetrics(
    items.map((item) => ({ gold: item.gold, retrieved: retrieved.get(item.question) ?? [] })),
  );
}

/** Size of a file or of everything under a folder, in bytes. */
export function sizeOnDisk(target: string): number {
  if (!existsSync(target)) return 0;
  const info = statSync(target);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of readdirSync(target)) total += sizeOnDisk(path.join(target, entry));
  return total;
}

export const resultMarker = '@@RESULT ';

/** Prints a child's result as one marked JSON line on stdout. */
export function emitResult(value: unknown): void {
  process.stdout.write(`${resultMarker}${JSON.stringify(value)}\n`);
}

export interface ChildRun<T> {
  readonly result: T;
  /** Spawn to exit, ms. */
  readonly wallMs: number;
  /** "Maximum resident set size" reported by `/usr/bin/time -v`, bytes, when available. */
  readonly timeMaxRssBytes: number | undefined;
  readonly stderr: string;
}

const timeBinary = '/usr/bin/time';

/**
 * Runs `node [nodeArguments] script args` (under `/usr/bin/time -v` when present) and returns
 * the marked result line. Child stderr lines starting with `progress:` are echoed.
 */
export function runNodeChild<T>(
  script: string,
  args: readonly string[],
  options: { nodeArguments?: readonly string[]; tsx?: boolean; echo?: boolean } = {},
): Promise<ChildRun<T>> {
  const nodeArguments = [
    ...(options.tsx === false ? [] : ['--import', 'tsx']),
    ...(options.nodeArguments ?? []),
  ];
  const useTime = existsSync(timeBinary);
  const command = useTime ? timeBinary : process.execPath;
  const commandArguments = useTime
    ? ['-v', process.execPath, ...nodeArguments, script, ...args]
    : [...nodeArguments, script, ...args];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArguments, {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AMICUS_LOG_LEVEL: process.env.AMICUS_LOG_LEVEL ?? 'warn' },
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (options.echo !== false && line.startsWith('progress:'))
          process.stderr.write(`    ${line.slice(9).trim()}\n`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(resultMarker));
      if (code !== 0 || line === undefined) {
        reject(
          new Error(
            `${path.basename(script)} ${args.join(' ')} exited with ${code}:\n${stderr.slice(-4000)}\n${stdout.slice(-2000)}`,
          ),
        );
        return;
      }
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({
        result: JSON.parse(line.slice(resultMarker.length)) as T,
        wallMs,
        timeMaxRssBytes: rss ? Number(rss[1]) * 1024 : undefined,
        stderr,
      });
    });
  });
}

/** A progress line for the parent to echo (children write them to stderr). */
export function progress(message: string): void {
  process.stderr.write(`progress: ${message}\n`);
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function megabytes(bytes: number | undefined): string {
  return bytes === undefined ? '—' : `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
}

/** Peak RSS of this process so far, bytes (`maxRSS` is in kilobytes). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}
