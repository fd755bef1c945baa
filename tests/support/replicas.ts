/**
 * Amicus processes against one PostgreSQL database, as a deployment runs them: `amicus ingest`
 * (the worker) and long-running replicas (`amicus serve`, `amicus slack --mode http`), each
 * with a data directory of its own as its local cache. Real CLI processes.
 */
import { type CliResult, runAmicus, startAmicus } from './cli.js';

export interface ReplicaProcess {
  /** The URL the process printed it listens on. */
  readonly url: string;
  /** Everything it wrote to stderr so far (its logs, JSON lines). */
  logs(): string;
  stop(): Promise<void>;
}

/** Starts `amicus --data <data> <args…>` and waits for the line announcing its address. */
export async function startReplica(
  data: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  address: RegExp,
): Promise<ReplicaProcess> {
  const child = startAmicus(['--data', data, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start in 60 s: ${stdout} ${stderr}`));
    }, 60_000);
    const check = () => {
      const match = address.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code} before starting: ${stdout} ${stderr}`));
    });
  });
  return {
    url,
    logs: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** `amicus ingest` as the worker, to its end. */
export function runWorker(data: string, paths: readonly string[], env: NodeJS.ProcessEnv): CliResult {
  return runAmicus(['--data', data, 'ingest', ...paths], { env });
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<Value>(
  what: string,
  check: () => Promise<Value | undefined>,
  timeoutMs = 30_000,
): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `amicus ingest` started without waiting, so that a test can keep questions going or kill it. */
export function startWorker(data: string, paths: readonly string[], env: NodeJS.ProcessEnv) {
  const child = startAmicus(['--data', data, 'ingest', ...paths], { env });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const finished = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>(
    (resolve) => child.once('exit', (code, signal) => resolve({ code, signal, output })),
  );
  return { child, finished };
}
