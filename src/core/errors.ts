/**
 * One error base for the whole project, after Bolt's CodedError: a stable string `code` that
 * callers and tests can branch on, the underlying `cause`, and an exit code for the CLI.
 */
export const ErrorCode = {
  /** Bad command-line usage: unknown option, missing argument. */
  Usage: 'usage',
  /** Invalid configuration file or environment value. */
  ConfigInvalid: 'config_invalid',
  /** A corpus file, collection manifest or front matter that fails validation. */
  CorpusInvalid: 'corpus_invalid',
  /** Any other input from the user that cannot be used (question file, JSON body, filter). */
  InputInvalid: 'input_invalid',
  /** Something the user asked for does not exist (a passage id, a data directory). */
  NotFound: 'not_found',
  /** The data directory's index was built by a different embedder or format. */
  IndexMismatch: 'index_mismatch',
  /** The embedded store could not be read or written. */
  StoreFailure: 'store_failure',
  /** A remote provider (LLM, embeddings) failed after retries. */
  ProviderFailure: 'provider_failure',
  /** A remote provider returned output that does not match the expected shape. */
  ProviderOutputInvalid: 'provider_output_invalid',
  /** A user or client exceeded a rate limit. */
  RateLimited: 'rate_limited',
  /** An operation did not finish in time. */
  Timeout: 'timeout',
  /**
   * A message Amicus built breaks a chat platform's limits (a renderer bug). It is refused before
   * it leaves, so the user hears why instead of the platform rejecting it silently.
   */
  PayloadInvalid: 'payload_invalid',
  /** Shared evaluation or benchmark data is missing. */
  SharedDataMissing: 'shared_data_missing',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes that mean "the input was wrong" rather than "the program failed"; the CLI exits 2 for these. */
const inputErrorCodes: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.Usage,
  ErrorCode.ConfigInvalid,
  ErrorCode.CorpusInvalid,
  ErrorCode.InputInvalid,
]);

export interface AmicusErrorOptions {
  readonly cause?: unknown;
  /** Where the problem is: a file path, a config field, an option name. */
  readonly location?: string;
}

export class AmicusError extends Error {
  override readonly name = 'AmicusError';
  readonly code: ErrorCode;
  readonly location: string | undefined;

  constructor(code: ErrorCode, message: string, options: AmicusErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.location = options.location;
  }

  /** Exit code for the CLI: 2 for bad usage or bad input, 1 for runtime failures. */
  get exitCode(): 1 | 2 {
    return inputErrorCodes.has(this.code) ? 2 : 1;
  }
}

export function isAmicusError(value: unknown): value is AmicusError {
  return value instanceof AmicusError;
}

/** A short, human message for any thrown value, without stack traces. */
export function describeError(error: unknown): string {
  if (error instanceof AmicusError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
