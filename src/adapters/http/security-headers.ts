import type { FastifyReply } from 'fastify';

/**
 * Headers on every response. The console is plain files from this origin: no inline script or
 * style, no third-party anything, no framing. API responses are never cached, because answers
 * and passages follow from questions that may carry personal details.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

export function applySecurityHeaders(reply: FastifyReply): void {
  for (const [name, value] of Object.entries(securityHeaders)) reply.header(name, value);
}

/**
 * CORS for the API, off unless `http.corsOrigins` lists origins. Only listed origins get
 * `Access-Control-Allow-Origin` (echoed, never `*`), and only for `/api` routes.
 */
export class CorsPolicy {
  private readonly origins: ReadonlySet<string>;

  constructor(configuredOrigins: readonly string[]) {
    this.origins = new Set(configuredOrigins.map((origin) => new URL(origin).origin));
  }

  get enabled(): boolean {
    return this.origins.size > 0;
  }

  allows(origin: string | undefined): origin is string {
    return origin !== undefined && this.origins.has(origin);
  }

  /** Headers for an actual (non-preflight) request. */
  apply(reply: FastifyReply, origin: string | undefined): void {
    if (!this.enabled) return;
    reply.header('Vary', 'Origin');
    if (!this.allows(origin)) return;
    reply.header('Access-Control-Allow-Origin', origin);
    reply.header('Access-Control-Expose-Headers', 'Retry-After');
  }

  /** Headers for a preflight; false when the origin is not allowed. */
  applyPreflight(reply: FastifyReply, origin: string | undefined): boolean {
    if (!this.allows(origin)) return false;
    reply.header('Access-Control-Allow-Origin', origin);
    reply.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    reply.header('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    reply.header('Access-Control-Max-Age', '600');
    reply.header('Vary', 'Origin');
    return true;
  }
}
