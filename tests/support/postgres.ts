/**
 * A throwaway PostgreSQL cluster for tests: `initdb` in a temporary directory and `pg_ctl` on a
 * port of its own, listening on 127.0.0.1 only, stopped and removed afterwards. PostgreSQL
 * refuses to run as root, and CI runs as root, so there the cluster runs as the `postgres`
 * user that Debian's package creates (`runuser -u postgres`), in a directory it owns.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

export interface TestPostgres {
  /** A connection URL for the `postgres` database (trust authentication, no password). */
  readonly url: string;
  readonly port: number;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

/** Where initdb and pg_ctl are: AMICUS_POSTGRES_BIN, or the newest Debian installation. */
export function postgresBinDirectory(): string {
  const explicit = process.env.AMICUS_POSTGRES_BIN;
  if (explicit) return explicit;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((entry) => existsSync(path.join(root, entry, 'bin', 'initdb')))
        .sort((left, right) => Number(right) - Number(left))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL is not installed: the tests of the PostgreSQL store need initdb and pg_ctl ' +
        '(`apt-get install -y postgresql`, which .ci/run does), or AMICUS_POSTGRES_BIN naming their folder',
    );
  }
  return path.join(root, versions[0]!, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

const runningAsRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program, as `postgres` when this process is root. */
function runAsOwner(program: string, args: readonly string[]): void {
  const [command, fullArgs] = runningAsRoot
    ? ['runuser', ['-u', 'postgres', '--', program, ...args]]
    : [program, [...args]];
  const result = spawnSync(command, fullArgs, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${path.basename(program)} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDirectory();
  const root = mkdtempSync(path.join(tmpdir(), 'amicus-pg-'));
  if (runningAsRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
  }
  const data = path.join(root, 'data');
  const log = path.join(root, 'server.log');
  runAsOwner(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'amicus',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
  ]);
  const port = await freePort();
  // Durability is not what these tests measure; without fsync a cluster starts and commits fast.
  const serverOptions = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  try {
    runAsOwner(path.join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-o',
      serverOptions,
      '-l',
      log,
      '-w',
      '-t',
      '60',
      'start',
    ]);
  } catch (error) {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
    rmSync(root, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${serverLog}`);
  }
  const url = `postgres://amicus@127.0.0.1:${port}/postgres`;
  let stopped = false;
  return {
    url,
    port,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return `postgres://amicus@127.0.0.1:${port}/${encodeURIComponent(name)}`;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAsOwner(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/** For a `describe`: one cluster for the file, started before its tests and stopped after. */
export function usePostgres(): () => TestPostgres {
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(() => {
    server?.stop();
    server = undefined;
  });
  return () => {
    if (!server) throw new Error('the PostgreSQL cluster runs only inside the tests of its file');
    return server;
  };
}
