/**
 * Child process of `bench/retrieval.ts`: the cold start of a long-running server, on the built
 * JavaScript (`npm run build`), plain node without tsx. It imports only the composition root,
 * opens the data directory and answers one hybrid query, then prints its timings (from process
 * start) as one `@@RESULT` line.
 *
 *   node bench/retrieval/cold-start-dist.mjs --data <dir> "<question>"
 */
const { openApplication } = await import('../../dist/application.js');
const { loadConfig } = await import('../../dist/core/config.js');
const { silentLogger } = await import('../../dist/core/logger.js');
const modulesLoadedMs = performance.now();

const argv = process.argv.slice(2);
const dataIndex = argv.indexOf('--data');
const data = argv[dataIndex + 1];
const question = argv.filter((_, index) => index !== dataIndex && index !== dataIndex + 1)[0];
const application = openApplication(loadConfig({ dataDirectory: data, environment: {} }), {
  logger: silentLogger(),
});
const opened = performance.now();
await application.retriever.warmUp();
const warmedUp = performance.now();
const results = await application.retriever.retrieve({ query: question, mode: 'hybrid' });
const answered = performance.now();
const cpu = process.cpuUsage();
application.close();
process.stdout.write(
  `@@RESULT ${JSON.stringify({
    modulesLoadedMs,
    openMs: opened - modulesLoadedMs,
    warmUpMs: warmedUp - opened,
    firstQueryMs: answered - warmedUp,
    inProcessToAnswerMs: answered,
    cpuToAnswerMs: (cpu.user + cpu.system) / 1000,
    answeredAtEpochMs: performance.timeOrigin + answered,
    firstLabels: results.map((result) => result.passage.label),
    rssBytes: process.memoryUsage().rss,
  })}\n`,
);
