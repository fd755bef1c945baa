#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { AmicusError, describeError } from '../../core/errors.js';
import type { CliOutput } from '../shared/command-context.js';
import { buildProgram } from './program.js';

/**
 * Runs the CLI and returns the exit code: 0 for success, 1 for a runtime failure, 2 for bad
 * usage or bad input. Errors are printed as one clear line, never a stack trace.
 */
export async function runCli(argv: readonly string[], output: CliOutput = processOutput): Promise<number> {
  const program = await buildProgram(output, argv);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message; help and version are successes.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.executeSubCommandAsync') return 1;
      return 2;
    }
    if (error instanceof ExitRequest) return error.exitCode;
    output.error(`amicus: ${describeError(error)}`);
    if (error instanceof AmicusError) return error.exitCode;
    if (process.env.AMICUS_DEBUG) output.error(error instanceof Error ? (error.stack ?? '') : String(error));
    return 1;
  }
}

export const processOutput: CliOutput = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  error: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  isTerminal: process.stdout.isTTY === true,
};

/** Thrown by a command that has already reported its outcome and wants a specific exit code. */
export class ExitRequest extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

function isMainModule(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  // `amicus passage … | head` closes the pipe early; that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`amicus: ${describeError(error)}\n`);
      process.exitCode = 1;
    },
  );
}
