/**
 * Child process of `bench/retrieval.ts`: a fresh process that opens a data directory and answers
 * its first hybrid query, timing each step from process start. After the measured answer it
 * also times the parts of loading an index generation one by one (files already in the page
 * cache by then), to show where the cold start goes.
 *
 *   node --import tsx bench/retrieval/cold-start-child.ts --data <dir> "<question>"
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openApplication } from '../../src/application.js';
import { loadConfig } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { ImpactIndex } from '../../src/retrieval/impact-index.js';
import { currentGeneration, lexicalIndexFile, localModelFile } from '../../src/retrieval/index-generation.js';
import { LexicalSearch } from '../../src/retrieval/lexical-search.js';
import { LocalEmbeddingModel } from '../../src/retrieval/local-embedder-model.js';
import { VectorGraphs } from '../../src/retrieval/vector-graphs.js';
import { emitResult, peakRssBytes } from './common.js';

// performance.now() counts from process start, so this is the time to load every module.
const modulesLoadedMs = performance.now();

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const dataIndex = argv.indexOf('--data');
  const data = argv[dataIndex + 1];
  const question = argv.filter((_, index) => index !== dataIndex && index !== dataIndex + 1)[0];
  if (!data || !question) throw new Error('usage: cold-start-child.ts --data <dir> "<question>"');

  const openStart = performance.now();
  const application = openApplication(loadConfig({ dataDirectory: data, environment: {} }), {
    logger: silentLogger(),
  });
  const opened = performance.now();
  await application.retriever.warmUp();
  const warmedUp = performance.now();
  const first = await application.retriever.retrieve({ query: question, mode: 'hybrid' });
  const answered = performance.now();
  const cpuToAnswer = process.cpuUsage();
  const answeredAtEpochMs = performance.timeOrigin + answered;
  const second = await application.retriever.retrieve({ query: question, mode: 'hybrid' });
  const secondMs = performance.now() - answered;
  const rssAfterFirst = process.memoryUsage().rss;

  // Breakdown of the generation load, repeated in isolation.
  const generation = currentGeneration(application.database, application.config.dataDirectory);
  if (!generation) throw new Error('no index generation');
  const time = <T>(run: () => T): [T, number] => {
    const begin = performance.now();
    const value = run();
    return [value, performance.now() - begin];
  };
  const lexicalFile = path.join(generation.directory, lexicalIndexFile);
  const [, lexicalLoadMs] = time(() => ImpactIndex.deserialize(readFileSync(lexicalFile), lexicalFile));
  const vectorBegin = performance.now();
  await VectorGraphs.load(generation.directory, generation.manifest);
  const vectorLoadMs = performance.now() - vectorBegin;
  const [, modelLoadMs] = time(() =>
    LocalEmbeddingModel.deserialize(readFileSync(path.join(generation.directory, localModelFile))),
  );
  // The first query also builds the citation vocabulary (titles and rule prefixes in the store).
  const lexical = new LexicalSearch(application.database);
  const [, citationVocabularyMs] = time(() => lexical.citationVocabulary());
  lexical.close();
  application.close();

  emitResult({
    question,
    modulesLoadedMs,
    openMs: opened - openStart,
    warmUpMs: warmedUp - opened,
    firstQueryMs: answered - warmedUp,
    inProcessToAnswerMs: answered,
    cpuToAnswerMs: (cpuToAnswer.user + cpuToAnswer.system) / 1000,
    afterModulesToAnswerMs: answered - modulesLoadedMs,
    answeredAtEpochMs,
    secondQueryMs: secondMs,
    firstLabels: first.map((result) => result.passage.label),
    sameAnswer:
      JSON.stringify(first.map((r) => r.passage.rowid)) ===
      JSON.stringify(second.map((r) => r.passage.rowid)),
    rssAfterFirstBytes: rssAfterFirst,
    peakRssBytes: peakRssBytes(),
    breakdown: { lexicalLoadMs, vectorLoadMs, modelLoadMs, citationVocabularyMs },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
