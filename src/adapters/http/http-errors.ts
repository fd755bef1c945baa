import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import { QueueFullError } from '../../core/rate-limits.js';
import { formatZodIssues } from '../../core/zod-errors.js';

/**
 * Every error the HTTP API returns has one shape, `{ error: { code, message } }` (plus `field`
 * when one input field is at fault), whatever raised it: our own AmicusError, a zod issue, or
 * Fastify refusing the body before a route saw it.
 */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly field?: string };
}

/** Codes the HTTP layer adds to the project's ErrorCode set. */
export const HttpErrorCode = {
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  MethodNotAllowed: 'method_not_allowed',
  Busy: 'busy',
  Internal: 'internal',
} as const;

const statusByCode: Readonly<Record<string, number>> = {
  [ErrorCode.Usage]: 400,
  [ErrorCode.InputInvalid]: 400,
  [ErrorCode.ConfigInvalid]: 500,
  [ErrorCode.CorpusInvalid]: 500,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.IndexMismatch]: 503,
  [ErrorCode.StoreFailure]: 503,
  [ErrorCode.ProviderFailure]: 502,
  [ErrorCode.ProviderOutputInvalid]: 502,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.Timeout]: 504,
  [ErrorCode.SharedDataMissing]: 500,
  [HttpErrorCode.Unauthorized]: 401,
  [HttpErrorCode.Forbidden]: 403,
  [HttpErrorCode.PayloadTooLarge]: 413,
  [HttpErrorCode.UnsupportedMediaType]: 415,
  [HttpErrorCode.MethodNotAllowed]: 405,
  [HttpErrorCode.Busy]: 503,
  [HttpErrorCode.Internal]: 500,
};

export function statusForCode(code: string): number {
  return statusByCode[code] ?? 500;
}

/** An error a route raises on purpose, with the status and body it should produce. */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  static fromZod(error: z.ZodError, where: string): HttpError {
    const first = error.issues[0];
    const field = first && first.path.length > 0 ? first.path.map(String).join('.') : undefined;
    return new HttpError(400, ErrorCode.InputInvalid, `Invalid ${where}: ${formatZodIssues(error)}`, field);
  }
}

export function errorBody(code: string, message: string, field?: string): ErrorBody {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

/** What Fastify itself throws (body parsing, limits), by its error code. */
const fastifyErrors: Readonly<Record<string, { status: number; code: string; message: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: HttpErrorCode.PayloadTooLarge,
    message: 'The request body is larger than this server accepts',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: HttpErrorCode.UnsupportedMediaType,
    message: 'Send the request body as application/json',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: ErrorCode.InputInvalid,
    message: 'The request body is empty; send a JSON object',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: ErrorCode.InputInvalid,
    message: 'The request body is not valid JSON',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: ErrorCode.InputInvalid,
    message: 'A part of the address is too long (a passage id is at most 200 characters)',
  },
  FST_ERR_BAD_URL: {
    status: 400,
    code: ErrorCode.InputInvalid,
    message: 'The address is not valid (a percent escape is malformed)',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: ErrorCode.InputInvalid,
    message: 'The Content-Length header does not match the body',
  },
};

export interface ResolvedError {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Readonly<Record<string, string>>;
  /** True for failures of the server rather than of the request: worth a log line. */
  readonly serverFault: boolean;
}

/** Maps anything thrown while handling a request to a status and the one error body shape. */
export function resolveError(error: unknown): ResolvedError {
  if (error instanceof QueueFullError) {
    // Its message says "try again in a minute"; the header says the same to a program.
    return {
      status: 503,
      body: errorBody(HttpErrorCode.Busy, error.message),
      headers: { 'Retry-After': '60' },
      serverFault: false,
    };
  }
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: errorBody(error.code, error.message, error.field),
      headers: error.headers,
      serverFault: error.status >= 500,
    };
  }
  if (error instanceof AmicusError) {
    const status = statusForCode(error.code);
    // A location names a field only for bad input; otherwise it may be a server-side path.
    const field = status === 400 ? error.location : undefined;
    return {
      status,
      body: errorBody(error.code, status >= 500 ? serverMessage(error) : error.message, field),
      headers: {},
      serverFault: status >= 500,
    };
  }
  const coded = error as { code?: unknown; statusCode?: unknown };
  const known = typeof coded.code === 'string' ? fastifyErrors[coded.code] : undefined;
  if (known)
    return {
      status: known.status,
      body: errorBody(known.code, known.message),
      headers: {},
      serverFault: false,
    };
  if (typeof coded.statusCode === 'number' && coded.statusCode >= 400 && coded.statusCode < 500) {
    const message = error instanceof Error ? error.message : 'Bad request';
    return {
      status: coded.statusCode,
      body: errorBody(ErrorCode.InputInvalid, message),
      headers: {},
      serverFault: false,
    };
  }
  return {
    status: 500,
    body: errorBody(
      HttpErrorCode.Internal,
      'Something went wrong on the server; the problem has been logged',
    ),
    headers: {},
    serverFault: true,
  };
}

/** Server-side failures are described without paths or internals. */
function serverMessage(error: AmicusError): string {
  switch (error.code) {
    case ErrorCode.IndexMismatch:
      return 'The search index does not match the configured embedder; an administrator must run `amicus reindex`';
    case ErrorCode.StoreFailure:
      return 'The source store could not be read; try again shortly';
    case ErrorCode.ProviderFailure:
    case ErrorCode.ProviderOutputInvalid:
      return 'The language model provider failed; try again shortly';
    case ErrorCode.Timeout:
      return 'Answering took too long; try again';
    default:
      return 'The server is not configured correctly; the problem has been logged';
  }
}

export function sendError(reply: FastifyReply, resolved: ResolvedError): FastifyReply {
  for (const [name, value] of Object.entries(resolved.headers)) reply.header(name, value);
  return reply.status(resolved.status).type('application/json; charset=utf-8').send(resolved.body);
}
