import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from './shared-data.js';

export const cliEntry = path.join(repositoryRoot, 'dist', 'adapters', 'cli', 'main.js');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function assertBuilt(): void {
  if (!existsSync(cliEntry)) {
    throw new Error(`${cliEntry} is missing: run \`npm run build\` (npm test does it through pretest)`);
  }
}

/** Runs the built `amicus` CLI as a real process, the way a user does. */
export function runAmicus(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): CliResult {
  assertBuilt();
  const result = spawnSync(process.execPath, [cliEntry, ...args], {
    cwd: options.cwd ?? repositoryRoot,
    env: { ...process.env, AMICUS_LOG_LEVEL: 'silent', ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the CLI without waiting, for tests that kill it part-way. */
export function startAmicus(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
) {
  assertBuilt();
  return spawn(process.execPath, [cliEntry, ...args], {
    cwd: options.cwd ?? repositoryRoot,
    env: { ...process.env, AMICUS_LOG_LEVEL: 'silent', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
