import type { FastifyRequest } from 'fastify';
import { HttpError, HttpErrorCode } from './http-errors.js';
import type { CorsPolicy } from './security-headers.js';

/**
 * Refuses requests that a browser sends on behalf of another site, so that a page open in a
 * staff browser cannot drive a console that needs no token. The rules are those of Go's
 * `http.CrossOriginProtection`: reads (GET, HEAD, OPTIONS) pass, since without CORS headers
 * the other page cannot see the response; a listed CORS origin may call; otherwise `Sec-Fetch-Site`
 * must say `same-origin` or `none` (typed or bookmarked) when the browser sends it, and an
 * `Origin`, when sent, must be this server's own (its host is the Host header). A request
 * with neither header does not come from a browser page and is left to the token check.
 */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function assertNotCrossSite(request: FastifyRequest, cors: CorsPolicy): void {
  if (safeMethods.has(request.method)) return;
  const origin = singleHeader(request.headers.origin);
  if (cors.allows(origin)) return;
  const site = singleHeader(request.headers['sec-fetch-site']);
  if (site !== undefined) {
    if (site === 'same-origin' || site === 'none') return;
    throw refusal(origin ?? `a ${site} page`);
  }
  if (origin === undefined || originHost(origin) === request.headers.host) return;
  throw refusal(origin);
}

function refusal(from: string): HttpError {
  return new HttpError(
    403,
    HttpErrorCode.Forbidden,
    `Cross-site requests are refused: ${from.slice(0, 200)} is not this console and is not listed in http.corsOrigins`,
  );
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
