import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '../../core/errors.js';
import type { RateLimiter } from '../../core/rate-limits.js';
import { type Authentication, type TokenAuthenticator, tokenFingerprint } from './auth.js';
import { HttpError, HttpErrorCode } from './http-errors.js';
import type { HttpMetrics } from './metrics.js';

/**
 * Who is calling, for rate limits, thread scoping and feedback: the token's fingerprint when a
 * valid token came with the request, else the client's address. Never the token itself.
 */
export interface Client {
  readonly key: string;
  readonly authentication: Authentication;
}

const clients = new WeakMap<FastifyRequest, Client>();

export function clientOf(request: FastifyRequest): Client {
  return clients.get(request) ?? { key: `ip:${request.ip}`, authentication: { kind: 'open' } };
}

export interface GuardOptions {
  /** Refuse without a valid token (when tokens are configured). */
  readonly authenticate: boolean;
  /** Take a token from the client's bucket. */
  readonly rateLimit: boolean;
}

export class ClientGuard {
  constructor(
    private readonly authenticator: TokenAuthenticator,
    private readonly limiter: RateLimiter,
    private readonly metrics: HttpMetrics,
  ) {}

  get tokensRequired(): boolean {
    return this.authenticator.required;
  }

  /**
   * Identifies the client, then applies the rate limit, then the token check. The limit comes
   * first so that guessing tokens is rate-limited too (by address, as no valid token is known).
   */
  async check(
    request: FastifyRequest,
    options: GuardOptions,
    authorization = request.headers.authorization,
  ): Promise<Client> {
    const authentication = this.authenticator.authenticate(authorization);
    const client: Client = {
      key: authentication.kind === 'valid' ? `token:${authentication.tokenHash}` : `ip:${request.ip}`,
      authentication,
    };
    clients.set(request, client);
    const decision = options.rateLimit ? await this.limiter.take(client.key) : { allowed: true as const };
    if (!decision.allowed) {
      this.metrics.recordRateLimited();
      const seconds = decision.retryAfterSeconds;
      throw new HttpError(
        429,
        ErrorCode.RateLimited,
        `Too many requests; try again in ${seconds} second${seconds === 1 ? '' : 's'}`,
        undefined,
        { 'Retry-After': String(seconds) },
      );
    }
    if (options.authenticate) assertAuthenticated(authentication);
    return client;
  }

  /** For the no-JavaScript form, whose token arrives in the body rather than a header. */
  checkFormToken(request: FastifyRequest, token: string | undefined): Client {
    const authentication = this.authenticator.authenticate(token ? `Bearer ${token}` : undefined);
    assertAuthenticated(authentication);
    const client: Client = {
      key: authentication.kind === 'valid' ? `token:${tokenFingerprint(token ?? '')}` : `ip:${request.ip}`,
      authentication,
    };
    clients.set(request, client);
    return client;
  }
}

function assertAuthenticated(authentication: Authentication): void {
  if (authentication.kind === 'missing') {
    throw new HttpError(
      401,
      HttpErrorCode.Unauthorized,
      'This server needs an API token: send Authorization: Bearer <token>',
      undefined,
      { 'WWW-Authenticate': 'Bearer realm="amicus"' },
    );
  }
  if (authentication.kind === 'invalid') {
    throw new HttpError(401, HttpErrorCode.Unauthorized, 'The API token is not valid', undefined, {
      'WWW-Authenticate': 'Bearer realm="amicus", error="invalid_token"',
    });
  }
}
