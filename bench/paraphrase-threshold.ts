/**
 * Measures the similarity threshold for serving staff-approved answers to paraphrases
 * (`review.similarityThreshold`, docs/review.md). Scores every pair of bench/paraphrase-pairs.jsonl
 * (30 paraphrases, 30 different questions, most on the same topic) with the corpus statistics of
 * the nine sample collections, then prints, per candidate threshold, how many paraphrases would be
 * served (recall) and how many different questions would wrongly be served (false positives).
 *
 *   npm run bench:paraphrase                    # ingest into a temp dir first (~20 s)
 *   npm run bench:paraphrase -- --data <dir>    # reuse a data directory holding the nine collections
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { openApplication } from '../src/application.js';
import { loadConfig } from '../src/core/config.js';
import { silentLogger } from '../src/core/logger.js';
import { questionSimilarity } from '../src/review/question-similarity.js';
import { sampleCollectionPaths } from '../tests/support/shared-data.js';

const pairSchema = z.object({ same: z.boolean(), left: z.string().min(1), right: z.string().min(1) });
const repositoryRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pairs = readFileSync(path.join(repositoryRoot, 'bench', 'paraphrase-pairs.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim().length > 0)
  .map((line, index) => {
    const parsed = pairSchema.safeParse(JSON.parse(line));
    if (!parsed.success)
      throw new Error(`bench/paraphrase-pairs.jsonl:${index + 1}: ${parsed.error.message}`);
    return parsed.data;
  });

const dataIndex = process.argv.indexOf('--data');
const reuse = dataIndex >= 0 ? process.argv[dataIndex + 1] : undefined;
const scratch = reuse ?? mkdtempSync(path.join(os.tmpdir(), 'amicus-bench-paraphrase-'));
const config = loadConfig({ dataDirectory: scratch, environment: {}, workingDirectory: scratch });
const application = openApplication(config, { create: true, logger: silentLogger() });
try {
  if (!reuse)
    await application
      .createIngester()
      .ingest(sampleCollectionPaths(), { maxFileBytes: config.ingest.maxFileBytes });
  const statistics = await application.retriever.termStatistics();
  const scored = pairs.map((pair) => ({
    ...pair,
    score: questionSimilarity(pair.left, pair.right, statistics),
  }));
  for (const pair of [...scored].sort((left, right) => right.score - left.score))
    console.log(`${pair.score.toFixed(3)}  ${pair.same ? 'same' : 'DIFF'}  ${pair.left}  |  ${pair.right}`);
  const positives = scored.filter((pair) => pair.same);
  const negatives = scored.filter((pair) => !pair.same);
  console.log('\nthreshold  paraphrases served  different questions served');
  for (let threshold = 0.5; threshold <= 1.0001; threshold += 0.05) {
    const served = positives.filter((pair) => pair.score >= threshold).length;
    const wrong = negatives.filter((pair) => pair.score >= threshold).length;
    console.log(
      `${threshold.toFixed(2)}       ${served}/${positives.length}                 ${wrong}/${negatives.length}`,
    );
  }
  const highestNegative = Math.max(...negatives.map((pair) => pair.score));
  const servedAbove = positives.filter((pair) => pair.score > highestNegative).length;
  console.log(
    `\nhighest different-question score ${highestNegative.toFixed(3)}; paraphrases above it: ${servedAbove}/${positives.length}`,
  );
} finally {
  application.close();
  if (!reuse) rmSync(scratch, { recursive: true, force: true });
}
