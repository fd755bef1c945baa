/**
 * The PostgreSQL store's benchmark (docs/deployment.md), on a throwaway cluster started like the
 * tests' (tests/support/postgres.ts), with the built CLI in child processes:
 *
 *   npm run build && npm run bench:postgres                      # the four Federal Rules collections
 *   npm run bench:postgres -- --corpus usc-all                   # the whole U.S. Code (quiet machine)
 *   npm run bench:postgres -- --corpus ../shared/corpus/usc-title-18 --seconds 20
 *
 * 1. Ingest by the worker into an empty database: passages per second end to end (process start
 *    to exit, publication included).
 * 2. Replica cold start: `amicus ask` in a fresh process, spawn to first answer, with an empty
 *    cache (it copies the generation) and with the cache already filled.
 * 3. Hybrid retrieval p50/p95 on a replica's cache, over the questions of ../shared/eval.
 * 4. Answers per second with two `amicus serve` replicas, four clients each, for `--seconds`.
 * Each for the embedded store (SQLite and index files in one data directory) and then for
 * PostgreSQL, side by side in one run (`--postgres-only` skips the embedded store).
 * Results go to bench/results/postgres-<date>.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openConfiguredApplication } from '../src/application.js';
import { loadConfig } from '../src/core/config.js';
import { startPostgres } from '../tests/support/postgres.js';
import { sharedCorpusPath, sharedEvalPath } from '../tests/support/shared-data.js';

const repositoryRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(repositoryRoot, 'dist', 'adapters', 'cli', 'main.js');
const token = 'bench-postgres-token-0123456789';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
}

const corpusArgument = argument('--corpus');
const corpusPaths =
  corpusArgument === 'usc-all'
    ? [sharedCorpusPath('usc-all.jsonl.gz')]
    : corpusArgument
      ? corpusArgument.split(',')
      : [
          'federal-rules-fre-2012',
          'federal-rules-frcp-2012',
          'federal-rules-frap-2012',
          'federal-rules-frcrp-2012',
        ].map((name) => sharedCorpusPath(name));
const loadSeconds = Number(argument('--seconds') ?? 10);

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
}

function questions(): string[] {
  return ['questions-dev.jsonl', 'questions-dev-2.jsonl'].flatMap((file) =>
    readFileSync(sharedEvalPath(file), 'utf8')
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line) => (JSON.parse(line) as { question: string }).question),
  );
}

/** `env` is the child's whole environment (the embedded store's must lack AMICUS_DATABASE_URL). */
function timedCli(args: readonly string[], env: NodeJS.ProcessEnv): { seconds: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...env, AMICUS_LOG_LEVEL: 'silent' },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0)
    throw new Error(`amicus ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  return { seconds: (performance.now() - started) / 1000, stdout: result.stdout };
}

async function startServe(data: string, env: NodeJS.ProcessEnv): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [cli, '--data', data, 'serve', '--port', '0'], {
    env: { ...env, AMICUS_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`amicus serve exited with ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

type Store = 'embedded' | 'postgres';

interface StoreResults {
  readonly store: Store;
  readonly ingest: { passages: number; seconds: number; passagesPerSecond: number };
  readonly coldStartSeconds: { first: number; second: number };
  readonly hybridMilliseconds: { p50: number; p95: number };
  readonly twoReplicas: { answersPerSecond: number; failed: number; seconds: number };
}

/**
 * One store's four figures. The embedded store's worker, replicas and cold starts share one data
 * directory (that is how it runs on one machine); with PostgreSQL each process has its own
 * cache directory, and the first cold start fills an empty one.
 */
async function measureStore(store: Store, root: string, env: NodeJS.ProcessEnv): Promise<StoreResults> {
  const directory = (name: string) => path.join(root, store, store === 'embedded' ? 'data' : name);
  mkdirSync(path.join(root, store), { recursive: true });
  const ingest = timedCli(['--data', directory('worker'), 'ingest', '--json', ...corpusPaths], env);
  const report = JSON.parse(ingest.stdout) as { collections: Array<{ passages: number }> };
  const passages = report.collections.reduce((sum, collection) => sum + collection.passages, 0);
  console.info(
    `${store} ingest: ${passages} passages in ${ingest.seconds.toFixed(1)} s = ${(passages / ingest.seconds).toFixed(0)} passages/s`,
  );

  const question = 'What is hearsay under the Federal Rules of Evidence?';
  const first = timedCli(['--data', directory('cold'), 'ask', question], env);
  const second = timedCli(['--data', directory('cold'), 'ask', question], env);
  console.info(
    `${store} cold start to first answer: ${first.seconds.toFixed(2)} s (first; with PostgreSQL an empty cache), ${second.seconds.toFixed(2)} s (second)`,
  );

  const application = await openConfiguredApplication(
    loadConfig({ dataDirectory: directory('cold'), environment: env }),
  );
  const latencies: number[] = [];
  try {
    const asked = questions();
    for (const text of asked) await application.retriever.retrieve({ query: text });
    for (let round = 0; round < 3; round += 1) {
      for (const text of asked) {
        const started = performance.now();
        await application.retriever.retrieve({ query: text, mode: 'hybrid' });
        latencies.push(performance.now() - started);
      }
    }
  } finally {
    await application.close();
  }
  console.info(
    `${store} hybrid retrieval: p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p95 ${percentile(latencies, 0.95).toFixed(1)} ms (${latencies.length} queries)`,
  );

  const replicas = await Promise.all(['a', 'b'].map((name) => startServe(directory(`replica-${name}`), env)));
  let answered = 0;
  let failed = 0;
  try {
    const asked = questions();
    const deadline = performance.now() + loadSeconds * 1000;
    await Promise.all(
      replicas.flatMap((replica) =>
        [0, 1, 2, 3].map(async (lane) => {
          for (let index = lane; performance.now() < deadline; index += 4) {
            const response = await fetch(`${replica.url}/api/ask`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({ question: asked[index % asked.length] }),
            });
            await response.arrayBuffer();
            if (response.status === 200) answered += 1;
            else failed += 1;
          }
        }),
      ),
    );
  } finally {
    for (const replica of replicas) replica.stop();
  }
  console.info(
    `${store} two replicas: ${(answered / loadSeconds).toFixed(1)} answers/s over ${loadSeconds} s (${failed} failed)`,
  );
  return {
    store,
    ingest: { passages, seconds: ingest.seconds, passagesPerSecond: passages / ingest.seconds },
    coldStartSeconds: { first: first.seconds, second: second.seconds },
    hybridMilliseconds: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
    twoReplicas: { answersPerSecond: answered / loadSeconds, failed, seconds: loadSeconds },
  };
}

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'amicus-bench-postgres-'));
  const server = await startPostgres();
  try {
    const url = await server.createDatabase('bench');
    const configFile = path.join(root, 'amicus.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({ http: { rateLimit: { capacity: 1e9, refillPerMinute: 1e9 } } }),
    );
    // The embedded run must not inherit a database URL from the caller's environment.
    const { AMICUS_DATABASE_URL: _inherited, ...inherited } = process.env;
    const embeddedEnv = { ...inherited, AMICUS_CONFIG: configFile, AMICUS_API_TOKENS: token };
    const stores = process.argv.includes('--postgres-only')
      ? []
      : [await measureStore('embedded', root, embeddedEnv)];
    stores.push(await measureStore('postgres', root, { ...embeddedEnv, AMICUS_DATABASE_URL: url }));

    const results = {
      date: new Date().toISOString(),
      command: `npm run bench:postgres -- ${process.argv.slice(2).join(' ')}`.trim(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverage: os.loadavg() },
      corpus: corpusPaths.map((corpus) => path.basename(corpus)),
      stores,
    };
    mkdirSync(path.join(repositoryRoot, 'bench', 'results'), { recursive: true });
    const file = path.join(repositoryRoot, 'bench', 'results', `postgres-${results.date.slice(0, 10)}.json`);
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    console.info(`written to ${path.relative(repositoryRoot, file)}`);
  } finally {
    server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
