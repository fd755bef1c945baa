import type { CorpusStatus } from '../../application.js';
import type { Conversation } from '../../conversation/conversation.js';
import type { AmicusConfig, Secrets } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import type { ConcurrencyLimiter, RateLimiterFactory } from '../../core/rate-limits.js';
import type { StaffReview } from '../../review/staff-review.js';
import type { FeedbackLog } from '../../store/feedback-store.js';
import type { PassageStore } from '../../store/passage-store.js';
import type { ClientGuard } from './client-guard.js';
import type { ConsoleAsset } from './console-assets.js';
import type { HttpMetrics } from './metrics.js';
import type { CorsPolicy } from './security-headers.js';

/** What the HTTP server needs from the application: `openApplication(config)` provides all of it. */
export interface HttpServerDependencies {
  readonly config: AmicusConfig;
  readonly secrets: Pick<Secrets, 'apiTokens'>;
  readonly conversation: Pick<Conversation, 'ask'>;
  readonly store: Pick<PassageStore, 'getById' | 'getCollection' | 'listCollections' | 'passageCount'>;
  readonly feedback: Pick<FeedbackLog, 'record'>;
  /** Per-client allowances shared by replicas (PostgreSQL); default: kept in this process. */
  readonly rateLimiters?: RateLimiterFactory | undefined;
  /** Which corpus generation a replica serves, for `/healthz`; absent for the embedded store. */
  readonly corpusStatus?: (() => CorpusStatus) | undefined;
  /**
   * The review queue (`/api/review/*`, reviewers only) and hand-offs (`/api/hand-off`); a
   * server built without one has neither route.
   */
  readonly review?: Pick<StaffReview, 'queue' | 'approved' | 'gaps' | 'exportEval'>;
  readonly logger: Logger;
  /** Shared with the caller to read counters in tests; a fresh one otherwise. */
  readonly metrics?: HttpMetrics;
  /** Milliseconds since the epoch; injectable so rate-limit tests need not wait. */
  readonly now?: () => number;
  /** Where the console's files are; found automatically otherwise (see console-assets.ts). */
  readonly consoleDirectory?: string;
  /** Questions answered at once; the rest wait in a queue. */
  readonly answerConcurrency?: number;
}

/** Everything a route module uses, built once by `createHttpServer`. */
export interface ServerContext {
  readonly config: AmicusConfig;
  readonly conversation: HttpServerDependencies['conversation'];
  readonly store: HttpServerDependencies['store'];
  readonly feedback: HttpServerDependencies['feedback'];
  readonly corpusStatus: HttpServerDependencies['corpusStatus'];
  readonly review: HttpServerDependencies['review'] | undefined;
  readonly logger: Logger;
  readonly metrics: HttpMetrics;
  readonly guard: ClientGuard;
  readonly cors: CorsPolicy;
  readonly askLimiter: ConcurrencyLimiter;
  readonly assets: ReadonlyMap<string, ConsoleAsset>;
  readonly now: () => number;
}
