import pg from 'pg';
import { describeError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { CacheState } from './corpus-cache.js';
import { publicationChannel } from './corpus-tables.js';

export interface FollowerOptions {
  readonly url: string;
  /** Brings the local cache to the published revision (`synchronizeCache`). */
  readonly synchronize: () => Promise<CacheState>;
  /** Loads the new generation into memory once the cache names it, so no question waits for it. */
  readonly warmUp: () => Promise<void>;
  readonly pollMs: number;
  readonly logger: Logger;
  /** The state the cache was in when the process started. */
  readonly initial: CacheState;
}

/** What a replica serves, and what it could not load, for `/healthz`. */
export interface FollowerStatus {
  readonly status: 'ok' | 'degraded';
  readonly generation: string | undefined;
  readonly revision: number;
  readonly synchronizedAt: string;
  /** Whether LISTEN is connected; when not, the poll alone finds new generations. */
  readonly listening: boolean;
  /** The last failure to load a newer publication, while the older one keeps serving. */
  readonly error?: { readonly message: string; readonly since: string };
}

const reconnectMs = 2_000;

/**
 * Follows the generations the ingest worker publishes: a NOTIFY on `amicus_corpus` triggers a
 * synchronisation at once, and a poll every `pollMs` catches anything missed (a dropped LISTEN
 * connection, a notification sent while reconnecting). Synchronisations never overlap; one
 * asked for while another runs is run after it. A failed one (a checksum mismatch, the
 * database unreachable) leaves the cache, and so the generation being served, as it was: the
 * replica keeps answering, logs the failure and reports itself degraded until a later attempt
 * succeeds.
 */
export class GenerationFollower {
  private listener: pg.Client | undefined;
  private poll: NodeJS.Timeout | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private state: CacheState;
  private synchronizedAt = new Date();
  private failure: { message: string; since: string } | undefined;

  constructor(private readonly options: FollowerOptions) {
    this.state = options.initial;
  }

  async start(): Promise<void> {
    this.poll = setInterval(() => this.trigger(), this.options.pollMs);
    this.poll.unref();
    await this.listen();
  }

  status(): FollowerStatus {
    return {
      status: this.failure ? 'degraded' : 'ok',
      generation: this.state.generationId,
      revision: this.state.revision,
      synchronizedAt: this.synchronizedAt.toISOString(),
      listening: this.listener !== undefined,
      ...(this.failure ? { error: this.failure } : {}),
    };
  }

  /** Resolves when no synchronisation is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Asks for a synchronisation; coalesced with one already running. */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    clearTimeout(this.reconnect);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.idle();
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      try {
        const state = await this.options.synchronize();
        if (state.changed) {
          await this.options.warmUp();
          this.options.logger.info(
            { event: 'corpus.generation_loaded', generation: state.generationId, revision: state.revision },
            'serving a newly published generation',
          );
        }
        this.state = state;
        this.synchronizedAt = new Date();
        if (this.failure) {
          this.options.logger.info(
            { event: 'corpus.recovered', generation: state.generationId, revision: state.revision },
            'loaded the published generation after an earlier failure',
          );
        }
        this.failure = undefined;
      } catch (error) {
        const message = describeError(error);
        if (this.failure?.message !== message) {
          this.options.logger.error(
            { event: 'corpus.load_failed', serving: this.state.generationId, error: message },
            'could not load the published corpus generation; still serving the one loaded before',
          );
        }
        this.failure = {
          message,
          since: this.failure?.message === message ? this.failure.since : new Date().toISOString(),
        };
      }
    } while (this.again && !this.stopped);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: 'amicus replica (listen)',
    });
    const lost = (error?: unknown) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.options.logger.warn(
        {
          event: 'corpus.listen_lost',
          error: error === undefined ? 'connection ended' : describeError(error),
        },
        'lost the LISTEN connection to PostgreSQL; polling until it is back',
      );
      this.reconnect = setTimeout(() => void this.listen(), reconnectMs);
      this.reconnect.unref();
    };
    client.on('notification', (message) => {
      if (message.channel === publicationChannel) this.trigger();
    });
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${publicationChannel}`);
      this.listener = client;
      // Anything published while not listening is picked up now.
      this.trigger();
    } catch (error) {
      await client.end().catch(() => undefined);
      if (this.stopped) return;
      this.options.logger.warn(
        { event: 'corpus.listen_failed', error: describeError(error) },
        'could not LISTEN on PostgreSQL; polling until it can',
      );
      this.reconnect = setTimeout(() => void this.listen(), reconnectMs);
      this.reconnect.unref();
    }
  }
}
