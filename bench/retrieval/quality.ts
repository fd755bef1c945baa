/**
 * Retrieval quality and warm latency on the question files, over an existing data directory
 * (normally the nine sample collections). Quick enough to run after every retrieval change.
 *
 *   npx tsx bench/retrieval/quality.ts                       # ./.amicus, the four standard files
 *   npx tsx bench/retrieval/quality.ts --data <dir> --detail # plus each item's gold rank and top 3
 *   npx tsx bench/retrieval/quality.ts --mode lexical file.jsonl …
 *   npx tsx bench/retrieval/quality.ts --json <file.json>    # also write the figures as JSON
 *   npx tsx bench/retrieval/quality.ts --support kind=0      # an ablation of the ranking supports (kind, section, caption, scope, qualifier)
 *   npx tsx bench/retrieval/quality.ts --vector-weight 0.5   # the vector list's fusion weight (default 0.7)
 *
 * The standard files: ../shared/eval/questions-dev.jsonl and questions-dev-2.jsonl (dev: what
 * retrieval is tuned on), bench/questions-heldout.jsonl and bench/retrieval-heldout-*.jsonl
 * (held-out: never tuned on). Metrics are `retrievalMetrics` (the eval README's matching rule)
 * over the top 10, one passage per section, as the answer composer receives them.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openApplication } from '../../src/application.js';
import { loadConfig } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { type QuestionItem, readEvaluationFile } from '../../src/evaluation/question-file.js';
import { firstGoldRank, retrievalMetrics } from '../../src/evaluation/retrieval-metrics.js';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.js';
import type { RetrievalMode } from '../../src/retrieval/retriever.js';
import type { SupportWeights } from '../../src/retrieval/section-support.js';
import { standardQuestionFiles, summarize } from './common.js';

interface Options {
  readonly data: string | undefined;
  readonly mode: RetrievalMode;
  readonly detail: boolean;
  readonly json: string | undefined;
  readonly support: Partial<SupportWeights>;
  readonly vectorWeight: number | undefined;
  readonly files: readonly string[];
}

function parseOptions(argv: readonly string[]): Options {
  let data: string | undefined;
  let mode: RetrievalMode = 'hybrid';
  let detail = false;
  let json: string | undefined;
  const support: Partial<Record<keyof SupportWeights, number>> = {};
  let vectorWeight: number | undefined;
  const files: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${argument} needs a value`);
      return next;
    };
    if (argument === '--data') data = path.resolve(value());
    else if (argument === '--mode') mode = value() as RetrievalMode;
    else if (argument === '--detail') detail = true;
    else if (argument === '--json') json = path.resolve(value());
    else if (argument === '--vector-weight') vectorWeight = Number(value());
    else if (argument === '--support') {
      // `kind=0,section=0.25,caption=0.3`: ablations of the supports added to fused scores.
      for (const pair of value().split(',')) {
        const [name, weight] = pair.split('=');
        if (
          name !== 'kind' &&
          name !== 'section' &&
          name !== 'caption' &&
          name !== 'scope' &&
          name !== 'qualifier'
        )
          throw new Error(`unknown support ${name}`);
        support[name] = Number(weight);
      }
    } else if (argument.startsWith('--')) throw new Error(`unknown option ${argument}`);
    else files.push(path.resolve(argument));
  }
  return {
    data,
    mode,
    detail,
    json,
    support,
    vectorWeight,
    files: files.length > 0 ? files : standardQuestionFiles(),
  };
}

function readQuestions(file: string): QuestionItem[] {
  const parsed = readEvaluationFile(file);
  if (parsed.kind !== 'questions') throw new Error(`${file} is not a question file`);
  return parsed.items;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const config = loadConfig(options.data === undefined ? {} : { dataDirectory: options.data });
  const opened = openApplication(config, { logger: silentLogger() });
  const retriever = new HybridRetriever({
    database: opened.database,
    dataDirectory: config.dataDirectory,
    embedderSource: opened.embedderSource,
    options: {
      k: 10,
      lexicalEngine: config.retrieval.lexicalEngine,
      maxPerSection: config.retrieval.maxPerSection,
      support: options.support,
      ...(options.vectorWeight === undefined ? {} : { vectorWeight: options.vectorWeight }),
    },
  });
  const application = {
    retriever,
    close: () => {
      retriever.close();
      opened.close();
    },
  };
  const figures: Record<string, unknown> = {};
  const latencies: number[] = [];
  try {
    await application.retriever.retrieve({ query: 'warm up', k: 10 });
    for (const file of options.files) {
      const items = readQuestions(file);
      const ranked = [];
      for (const item of items) {
        const started = performance.now();
        const results = await application.retriever.retrieve({
          query: item.question,
          k: 10,
          mode: options.mode,
        });
        latencies.push(performance.now() - started);
        const retrieved = results.map((result) => result.passage.label);
        ranked.push({ gold: item.gold, retrieved });
        if (options.detail && item.gold.length > 0) {
          const rank = firstGoldRank(retrieved, item.gold);
          console.log(
            `${item.id.padEnd(8)} ${(rank === undefined ? 'MISS' : `@${rank}`).padEnd(5)} ${retrieved.slice(0, 3).join(' | ').slice(0, 110)}`,
          );
        }
      }
      const metrics = retrievalMetrics(ranked);
      figures[path.basename(file)] = metrics;
      console.log(
        `${path.basename(file).padEnd(30)} n=${String(metrics.items).padStart(3)}  R@1 ${metrics['recall@1'].toFixed(3)}  R@5 ${metrics['recall@5'].toFixed(3)}  R@10 ${metrics['recall@10'].toFixed(3)}  hit@1 ${metrics['hit@1'].toFixed(3)}  MRR@10 ${metrics['mrr@10'].toFixed(3)}`,
      );
    }
    // A second, timed-only pass: the first one also paid for loading the index generation.
    const timed: number[] = [];
    for (const file of options.files) {
      for (const item of readQuestions(file)) {
        const started = performance.now();
        await application.retriever.retrieve({ query: item.question, k: 10, mode: options.mode });
        timed.push(performance.now() - started);
      }
    }
    const latency = summarize(timed);
    figures.latencyMs = latency;
    console.log(
      `latency (${options.mode}, ${latency.count} queries, warm): p50 ${latency.p50.toFixed(2)} ms  p95 ${latency.p95.toFixed(2)} ms  max ${latency.max.toFixed(2)} ms`,
    );
    if (options.json) writeFileSync(options.json, `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    application.close();
  }
}

await main();
