import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';

/**
 * Retry decisions for `openai` SDK errors, shared by the embeddings and chat clients: which
 * failures are worth another try, how long to wait, and how to name what went wrong.
 */

/** Timeouts, connection errors, 408/409/429 and 5xx; a server's `x-should-retry` header wins. */
export function isRetryable(error: unknown): boolean {
  // Timeouts are a subclass of connection errors; both are worth another try.
  if (error instanceof APIConnectionError) return true;
  if (!(error instanceof APIError) || error.status === undefined) return false;
  const shouldRetry = error.headers?.get('x-should-retry');
  if (shouldRetry === 'true') return true;
  if (shouldRetry === 'false') return false;
  return error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;
}

/** `retry-after-ms` (non-standard, sent by OpenAI), then `Retry-After` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  const milliseconds = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const retryAfter = headers?.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export interface BackoffOptions {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** The server's `Retry-After` when it sent one, else exponential backoff with jitter; capped. */
export function retryDelayMs(error: unknown, attempt: number, options: BackoffOptions): number {
  const requested = error instanceof APIError ? retryAfterMs(error.headers) : undefined;
  const exponential = options.baseDelayMs * 2 ** (attempt - 1);
  // Jitter spreads out clients that failed together so they do not retry in lockstep.
  const delay = requested ?? exponential / 2 + (Math.random() * exponential) / 2;
  return Math.min(delay, options.maxDelayMs);
}

/**
 * The SDK wraps undici's "fetch failed", which wraps the useful part ("connect ECONNREFUSED …"),
 * so the chain of causes is walked to name the real reason.
 */
export function connectionReason(error: Error): string {
  const reasons: string[] = [];
  let current: unknown = error.cause ?? error;
  for (let depth = 0; current instanceof Error && depth < 4; depth += 1) {
    if (!reasons.includes(current.message)) reasons.push(current.message);
    current = current.cause;
  }
  return reasons.join(': ') || 'unknown error';
}

/** A short status for logs: the HTTP status, or `timeout`, `connection`, `error`. */
export function statusOf(error: unknown): number | string {
  if (error instanceof APIConnectionTimeoutError) return 'timeout';
  if (error instanceof APIConnectionError) return 'connection';
  return error instanceof APIError && error.status !== undefined ? error.status : 'error';
}
