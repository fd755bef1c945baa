import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../core/logger.js';

/** Hosts that only this machine can reach. */
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);

export const localOnlyHost = '127.0.0.1';

export interface ListenPlan {
  readonly host: string;
  readonly port: number;
  /** Set when the requested host was replaced by localhost because no tokens are configured. */
  readonly forcedLocal: boolean;
}

/**
 * Where to listen. Without API tokens the API is open, so it must not be reachable from other
 * machines: any non-loopback host is replaced by 127.0.0.1 (with a warning). With tokens the
 * requested host is used as is.
 */
export function planListen(
  requested: { readonly host: string; readonly port: number },
  apiTokens: readonly string[],
): ListenPlan {
  if (apiTokens.length > 0 || loopbackHosts.has(requested.host)) {
    return { host: requested.host, port: requested.port, forcedLocal: false };
  }
  return { host: localOnlyHost, port: requested.port, forcedLocal: true };
}

export interface StartedServer {
  readonly host: string;
  readonly port: number;
  /** The console's address, e.g. http://127.0.0.1:8787/ */
  readonly url: string;
  /** True when a wider host was asked for but no tokens are configured. */
  readonly forcedLocal: boolean;
}

/** Binds the server as planned and returns where it listens (the real port when 0 was asked). */
export async function startHttpServer(
  app: FastifyInstance,
  requested: { readonly host: string; readonly port: number },
  apiTokens: readonly string[],
  logger: Logger,
): Promise<StartedServer> {
  const plan = planListen(requested, apiTokens);
  if (plan.forcedLocal) {
    logger.warn(
      { requestedHost: requested.host, host: plan.host },
      'No API tokens are configured (AMICUS_API_TOKENS), so the server listens on localhost only',
    );
  }
  await app.listen({ host: plan.host, port: plan.port });
  const address = app.server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    host: address.address,
    port: address.port,
    url: `http://${shownHost}:${address.port}/`,
    forcedLocal: plan.forcedLocal,
  };
}
