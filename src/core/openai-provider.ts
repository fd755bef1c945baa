import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, type ClientOptions } from 'openai';
import { z } from 'zod';
import { AmicusError, describeError, ErrorCode } from './errors.js';
import type { Logger } from './logger.js';

/**
 * What the embeddings and chat clients share about OpenAI-compatible providers: how the SDK
 * client is made, which failures are worth another try, how long to wait, and how to name
 * what went wrong.
 */

export const defaultOpenAIBaseURL = 'https://api.openai.com/v1';

/** How a client of an OpenAI-compatible endpoint connects and retries; each client sets its defaults. */
export interface OpenAIConnectionOptions {
  /** A ready client (custom transport, shared connection pool). Built from the fields below otherwise. */
  readonly client?: OpenAI | undefined;
  /** From `readSecrets().openaiApiKey`; required unless `client` is given. */
  readonly apiKey?: string | undefined;
  /** Any OpenAI-compatible endpoint; defaults to api.openai.com (the SDK never reads the environment). */
  readonly baseURL?: string | undefined;
  readonly model: string;
  /** Limit on one attempt. */
  readonly timeoutMs?: number | undefined;
  /** Retries after the first attempt for timeouts, connection errors, 408/409/429 and 5xx. */
  readonly maxRetries?: number | undefined;
  /** First backoff delay; doubled on every retry, with jitter. */
  readonly retryBaseDelayMs?: number | undefined;
  /** Upper bound on any single wait, including a server's `Retry-After`. */
  readonly maxRetryDelayMs?: number | undefined;
  readonly sleep?: ((milliseconds: number) => Promise<void>) | undefined;
  readonly fetch?: ClientOptions['fetch'];
  readonly logger?: Logger | undefined;
}

export interface OpenAIClientSettings {
  readonly apiKey: string | undefined;
  readonly baseURL: string | undefined;
  readonly timeoutMs: number;
  readonly fetch?: ClientOptions['fetch'] | undefined;
  /** Who needs the key, for the error message ("The LLM composer"). */
  readonly purpose: string;
}

/**
 * An SDK client with our conventions: the key and base URL are always explicit (the SDK would
 * otherwise read OPENAI_BASE_URL, which Amicus uses for the LLM only), and the SDK never
 * retries on its own, so our retries can honour Retry-After and count attempts.
 */
export function createOpenAIClient(settings: OpenAIClientSettings): OpenAI {
  if (!settings.apiKey) {
    throw new AmicusError(
      ErrorCode.ConfigInvalid,
      `${settings.purpose} needs an API key in OPENAI_API_KEY (a local server that ignores keys accepts any placeholder).`,
      { location: 'OPENAI_API_KEY' },
    );
  }
  return new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL ?? defaultOpenAIBaseURL,
    timeout: settings.timeoutMs,
    maxRetries: 0,
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
  });
}

/** A base URL, or a configuration error naming the field it came from. */
export function parseBaseURL(baseURL: string, field: string): URL {
  try {
    return new URL(baseURL);
  } catch (error) {
    throw new AmicusError(ErrorCode.ConfigInvalid, `${field} is not a valid URL: ${baseURL}`, {
      cause: error,
      location: field,
    });
  }
}

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

const providerErrorBodySchema = z.object({ message: z.string() });

/** What a failed request was, for the message that names it. */
export interface ProviderRequestContext {
  /** "Chat" or "Embeddings". */
  readonly kind: 'Chat' | 'Embeddings';
  readonly endpoint: string;
  readonly timeoutMs: number;
  readonly apiKey: string | null | undefined;
  /** The code a timeout is reported with. */
  readonly timeoutCode: ErrorCode;
}

/**
 * The final error of a request that will not be retried, as one line that names the endpoint,
 * what went wrong and how many attempts were made; API keys are redacted from it.
 */
export function providerFailure(
  error: unknown,
  attempts: number,
  context: ProviderRequestContext,
): AmicusError {
  if (error instanceof AmicusError) return error;
  const { kind, endpoint } = context;
  // The SDK parses a JSON content type with response.json(), which throws a bare SyntaxError.
  if (error instanceof SyntaxError) {
    return new AmicusError(
      ErrorCode.ProviderOutputInvalid,
      `${kind} endpoint ${endpoint} returned a body that is not valid JSON: ${error.message}`,
      { cause: error },
    );
  }
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  let code: ErrorCode = ErrorCode.ProviderFailure;
  let message: string;
  if (error instanceof APIConnectionTimeoutError) {
    code = context.timeoutCode;
    message = `${kind} request to ${endpoint} timed out after ${context.timeoutMs} ms (${tries})`;
  } else if (error instanceof APIConnectionError) {
    message = `Cannot reach ${kind.toLowerCase()} endpoint ${endpoint}: ${connectionReason(error)} (${tries})`;
  } else if (error instanceof APIError && (error.status === 401 || error.status === 403)) {
    // Something answered, and it refused the key: not a network problem, not worth a retry.
    message = `${kind} endpoint ${endpoint} rejected the credentials (HTTP ${error.status}${errorDetail(error)}); check OPENAI_API_KEY (${tries})`;
  } else if (error instanceof APIError && error.status !== undefined) {
    message = `${kind} request to ${endpoint} failed with HTTP ${error.status}${errorDetail(error)} (${tries})`;
  } else {
    message = `${kind} request to ${endpoint} failed: ${describeError(error)} (${tries})`;
  }
  return new AmicusError(code, redactApiKeys(message, context.apiKey), { cause: error });
}

/** The provider's own explanation of an HTTP error, when its body carries one. */
function errorDetail(error: APIError): string {
  const body = providerErrorBodySchema.safeParse(error.error);
  return body.success ? `: ${body.data.message.slice(0, 300)}` : '';
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

/**
 * Providers echo a (sometimes only partly masked) key in 401 messages, e.g. "Incorrect API key
 * provided: sk-proj-…". Error messages end up in logs and terminals, so the known keys and
 * anything shaped like an OpenAI key are removed from them.
 */
export function redactApiKeys(text: string, ...knownKeys: readonly (string | null | undefined)[]): string {
  let redacted = text;
  for (const key of knownKeys) {
    // Short values could match ordinary words; real keys are long.
    if (key && key.length >= 8) redacted = redacted.split(key).join('[redacted]');
  }
  return redacted.replace(/\bsk-[\w*.-]+/g, 'sk-[redacted]');
}
