import { createHash, timingSafeEqual } from 'node:crypto';
import { AmicusError, ErrorCode } from '../../core/errors.js';

/**
 * Bearer-token checks for the API. Tokens are compared as SHA-256 digests with
 * `timingSafeEqual`, so neither a token's length nor its first differing byte shows in the
 * response time, and every configured token is compared on every request.
 */
export type Authentication =
  | { readonly kind: 'open' }
  | { readonly kind: 'valid'; readonly tokenHash: string; readonly roles: readonly TokenRole[] }
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid' };

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A short, stable, non-reversible name for a token: for rate-limit keys and thread scoping. */
export function tokenFingerprint(token: string): string {
  return digest(`amicus-token\u0000${token}`).toString('hex').slice(0, 16);
}

/**
 * Roles a token may carry: `AMICUS_API_TOKENS=abc…:reviewer,def…` gives the first token the
 * `reviewer` role (the review queue's routes) and the second none. A role is written after the
 * token's last colon; an entry whose text after its last colon is not a known role is a token
 * with no role, so a token may still contain colons.
 */
export const tokenRoles = ['reviewer'] as const;
export type TokenRole = (typeof tokenRoles)[number];

export interface TokenEntry {
  readonly token: string;
  readonly roles: readonly TokenRole[];
}

/** Splits an `AMICUS_API_TOKENS` entry into its token and roles (`token:reviewer`). */
export function parseTokenEntry(entry: string): TokenEntry {
  const colon = entry.lastIndexOf(':');
  const role = colon < 0 ? '' : entry.slice(colon + 1);
  if ((tokenRoles as readonly string[]).includes(role))
    return { token: entry.slice(0, colon), roles: [role as TokenRole] };
  return { token: entry, roles: [] };
}

/** Shorter tokens can be guessed (the limiter slows guessing; it does not stop it). */
export const minimumTokenLength = 16;

/**
 * Refuses tokens that are too short to resist guessing, or that no `Authorization: Bearer`
 * header could carry (with whitespace inside), naming the variable and the token's position,
 * never the token.
 */
export function assertUsableTokens(tokens: readonly string[]): void {
  for (const [index, token] of tokens.entries()) {
    const which = `token ${index + 1} of ${tokens.length}`;
    let problem: string | undefined;
    if (token.length < minimumTokenLength) {
      problem = `${which} is ${token.length} character${token.length === 1 ? '' : 's'} long; every token must be at least ${minimumTokenLength}`;
    } else if (/\s/.test(token)) {
      problem = `${which} contains whitespace, which a Bearer header cannot carry`;
    }
    if (problem !== undefined) {
      throw new AmicusError(
        ErrorCode.ConfigInvalid,
        `AMICUS_API_TOKENS: ${problem} (generate one with \`openssl rand -hex 32\`)`,
        { location: 'AMICUS_API_TOKENS' },
      );
    }
  }
}

export class TokenAuthenticator {
  private readonly entries: ReadonlyArray<{ readonly digest: Buffer; readonly roles: readonly TokenRole[] }>;

  /** `tokens` are `AMICUS_API_TOKENS` entries, each optionally with a role (`token:reviewer`). */
  constructor(tokens: readonly string[]) {
    const entries = tokens.map(parseTokenEntry);
    assertUsableTokens(entries.map((entry) => entry.token));
    this.entries = entries.map((entry) => ({ digest: digest(entry.token), roles: entry.roles }));
  }

  /** With no tokens configured the API is open (and the server listens on localhost only). */
  get required(): boolean {
    return this.entries.length > 0;
  }

  authenticate(authorizationHeader: string | undefined): Authentication {
    if (!this.required) return { kind: 'open' };
    const token = bearerToken(authorizationHeader);
    if (token === undefined) return { kind: 'missing' };
    const candidate = digest(token);
    let matched: readonly TokenRole[] | undefined;
    for (const known of this.entries) {
      // No early exit: the time taken does not depend on which token matched.
      if (timingSafeEqual(candidate, known.digest)) matched = known.roles;
    }
    return matched
      ? { kind: 'valid', tokenHash: tokenFingerprint(token), roles: matched }
      : { kind: 'invalid' };
  }
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
