import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTPModuleFunctions, type HTTPReceiver, isRawBodyError, isValidSlackRequest } from '@slack/bolt';
import type { CorpusStatus } from '../../application.js';
import { LocalSeenIds, type SeenIds } from '../../core/expiring-set.js';
import type { Logger } from '../../core/logger.js';
import { sendPlain } from '../shared/plain-responses.js';

/**
 * A request timestamp more than this far from the clock, either way, is refused. Bolt's own
 * check refuses only old ones, so a request dated in the future stayed acceptable (and
 * replayable, once forgotten) for as long as its date said.
 */
const maxClockSkewMs = 5 * 60 * 1000;
/**
 * A signature stays acceptable while its timestamp is within the skew either way, ten minutes
 * at most from its first arrival: it is remembered a little longer than that.
 */
export const slackSignatureMemoryMs = 2 * maxClockSkewMs + 60 * 1000;

export interface SlackHttpServerOptions {
  /** Bolt's receiver, which verifies the signature again, parses the body and acknowledges. */
  readonly receiver: HTTPReceiver;
  readonly signingSecret: string;
  /** The Events API, interactivity and slash-command path, default `/slack/events`. */
  readonly endpoint: string;
  readonly logger: Logger;
  readonly clock?: () => number;
  /** A replica's corpus generation (PostgreSQL): `/healthz` answers it as JSON. */
  readonly corpusStatus?: () => CorpusStatus;
  /** Signatures already received (default: remembered in this process). */
  readonly seenSignatures?: SeenIds;
  /** Largest request body accepted; Slack's own are far smaller. */
  readonly bodyLimitBytes?: number;
}

/**
 * The HTTP front of the Slack app: `POST /slack/events` for everything Slack sends, and
 * `GET /healthz` for load balancers. Before a request reaches Bolt (which verifies the
 * signature and rejects timestamps more than five minutes old), a timestamp more than five
 * minutes in the future is rejected too, and so is a correctly signed request that was already
 * received: a captured request cannot be replayed while its timestamp is acceptable either.
 */
export class SlackHttpServer {
  private server: Server | undefined;
  private readonly seenSignatures: SeenIds;
  private readonly clock: () => number;

  constructor(private readonly options: SlackHttpServerOptions) {
    this.clock = options.clock ?? (() => Date.now());
    this.seenSignatures = options.seenSignatures ?? new LocalSeenIds(slackSignatureMemoryMs, this.clock);
  }

  async listen(port: number, host: string): Promise<AddressInfo> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.options.logger.error(
          { event: 'slack.http_error', error: error instanceof Error ? error.message : String(error) },
          'slack request failed',
        );
        if (!response.headersSent) sendPlain(request, response, 500);
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return server.address() as AddressInfo;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method === 'GET' && path === '/healthz') {
      const corpus = this.options.corpusStatus?.();
      sendPlain(
        request,
        response,
        200,
        corpus
          ? { type: 'application/json', text: JSON.stringify({ status: corpus.status, corpus }) }
          : { type: 'text/plain', text: 'ok' },
      );
      return;
    }
    if (path !== this.options.endpoint || request.method !== 'POST') {
      sendPlain(request, response, 404);
      return;
    }
    let buffered: Awaited<ReturnType<typeof HTTPModuleFunctions.bufferIncomingMessage>>;
    try {
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(
        request,
        this.options.bodyLimitBytes ?? 1_048_576,
      );
    } catch (error) {
      sendPlain(request, response, isRawBodyError(error) && error.statusCode === 413 ? 413 : 400);
      return;
    }
    if (this.isOutsideClockWindow(buffered)) {
      this.options.logger.warn(
        { event: 'slack.timestamp_rejected' },
        'rejected a Slack request dated too far from now',
      );
      sendPlain(request, response, 401);
      return;
    }
    if (await this.isReplay(buffered)) {
      this.options.logger.warn({ event: 'slack.replay_rejected' }, 'rejected a replayed Slack request');
      sendPlain(request, response, 401);
      return;
    }
    this.options.receiver.requestListener(buffered, response);
  }

  /** True when the request carries a timestamp more than five minutes from the clock. */
  private isOutsideClockWindow(request: IncomingMessage): boolean {
    const timestamp = header(request, 'x-slack-request-timestamp');
    // Without a timestamp Bolt refuses the request (or lets an unsigned ssl_check through).
    if (timestamp === undefined) return false;
    const seconds = Number(timestamp);
    return !Number.isFinite(seconds) || Math.abs(this.clock() - seconds * 1000) > maxClockSkewMs;
  }

  /** True for a correctly signed request whose signature was seen before. */
  private async isReplay(request: IncomingMessage & { rawBody: Buffer }): Promise<boolean> {
    const signature = header(request, 'x-slack-signature');
    const timestamp = header(request, 'x-slack-request-timestamp');
    if (signature === undefined || timestamp === undefined) return false;
    const valid = isValidSlackRequest({
      signingSecret: this.options.signingSecret,
      body: request.rawBody.toString(),
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
      nowMilliseconds: this.clock(),
    });
    // Invalid requests go on to Bolt, which rejects them; only genuine ones are remembered.
    return valid && !(await this.seenSignatures.firstSighting(`${timestamp}:${signature}`));
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
