import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AmicusError, ErrorCode } from './errors.js';
import { formatZodIssues } from './zod-errors.js';

const defaultDisclaimer =
  'Amicus provides general legal information from a vetted set of sources, not legal advice. ' +
  'It can make mistakes and does not know your situation. For advice about your own case, talk to a licensed lawyer or a legal aid organization.';

export const referralResourceSchema = z.object({
  name: z.string().min(1),
  /** A phone number, street address or web address; at least one way to reach them. */
  contact: z.string().min(1),
  whenToUse: z.string().min(1),
  url: z.url().optional(),
});
export type ReferralResource = z.infer<typeof referralResourceSchema>;

const defaultReferrals: ReferralResource[] = [
  {
    name: 'Legal Services Corporation — find local legal aid',
    contact: 'https://www.lsc.gov/about-lsc/what-legal-aid/get-legal-help',
    whenToUse: 'You cannot afford a lawyer and need help with a civil legal problem.',
    url: 'https://www.lsc.gov/about-lsc/what-legal-aid/get-legal-help',
  },
  {
    name: 'American Bar Association lawyer referral directory',
    contact: 'https://www.americanbar.org/groups/legal_services/flh-home/flh-lawyer-referral-directory/',
    whenToUse: 'You want to find a private lawyer near you, often with a low-cost first consultation.',
    url: 'https://www.americanbar.org/groups/legal_services/flh-home/flh-lawyer-referral-directory/',
  },
  {
    name: 'Federal public defender (if you are charged with a federal crime)',
    contact: 'Ask the court at your first appearance, or see https://www.fd.org',
    whenToUse: 'You face federal criminal charges and cannot afford a lawyer.',
    url: 'https://www.fd.org',
  },
];

const defaultCrisisResources: ReferralResource[] = [
  {
    name: 'Emergency services',
    contact: 'Call 911',
    whenToUse: 'Someone is in immediate danger or a crime of violence is happening now.',
  },
  {
    name: '988 Suicide & Crisis Lifeline',
    contact: 'Call or text 988',
    whenToUse: 'You or someone you know is thinking about suicide or self-harm.',
  },
  {
    name: 'National Domestic Violence Hotline',
    contact: 'Call 1-800-799-7233 or text START to 88788',
    whenToUse: 'You are being hurt or threatened by a partner or family member.',
  },
];

/**
 * What one ingest reads at most. The largest record of the whole U.S. Code file is 123 KB and
 * its largest chunk splits into a few dozen passages, so these leave room for real sources
 * while keeping one hostile record or file from taking gigabytes of memory.
 */
export const defaultIngestLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxRecordBytes: 4 * 1024 * 1024,
  maxPassagesPerDocument: 10_000,
} as const;

/**
 * Who asks in a deployment or channel. `public` (the default): members of the public, whose
 * personal situations get the individualized notice. `students`: the same policy, in a
 * classroom. `staff`: legal-aid staff asking about their clients' matters, which are answered
 * as general information with a reminder to apply professional judgement (predictions and the
 * staff member's own situation still get the notice).
 */
export const audiences = ['public', 'students', 'staff'] as const;
export const audienceSchema = z.enum(audiences);
export type Audience = z.infer<typeof audienceSchema>;

/** Audience per channel id, e.g. { "C0123": "staff" }; absent means every channel uses the deployment's. */
const channelAudiencesSchema = z.record(z.string().min(1), audienceSchema).optional();

/**
 * A topic a deployment knows its corpus does not cover, with where to send people instead
 * (veterans' benefits → a VA-accredited representative). A question that names one of its
 * phrases gets a no-answer that says so and carries the referral, whatever words it shares
 * with the vetted sources.
 */
export const outOfScopeTopicSchema = z.object({
  /** How the reply names the topic: "veterans' benefits". */
  name: z.string().min(1),
  /** Words or phrases that mark a question as about the topic, matched whole and case-insensitively. */
  phrases: z.array(z.string().trim().min(2)).min(1),
  referral: referralResourceSchema,
});
export type OutOfScopeTopic = z.infer<typeof outOfScopeTopicSchema>;

const rateLimitSchema = z
  .object({
    /** Questions a user may ask in a burst. */
    capacity: z.number().int().min(1).default(5),
    /** Questions a user regains per minute. */
    refillPerMinute: z.number().min(0.1).default(5),
  })
  .prefault({});

/** Measured on bench/paraphrase-pairs.jsonl (docs/review.md): 23 of 30 paraphrases reach it, no different question does. */
export const defaultSimilarityThreshold = 0.84;

/**
 * A PostgreSQL connection URL. Its password, if any, must come from the environment
 * (AMICUS_DATABASE_URL or PGPASSWORD), never from a config file that may be committed.
 */
export const databaseUrlSchema = z
  .string()
  .min(1)
  .refine((value) => /^postgres(ql)?:\/\//.test(value) && URL.canParse(value), {
    message: 'expected a PostgreSQL URL such as postgres://amicus@db.example.org:5432/amicus',
  });

export const configSchema = z.object({
  /**
   * Where the SQLite store and vector index live. With a PostgreSQL store (`store.url`) it is
   * this process's local cache of the published corpus and indexes.
   */
  dataDirectory: z.string().min(1).default('./.amicus'),
  store: z
    .object({
      /**
       * PostgreSQL as the system of record for several processes (docs/deployment.md); without
       * it (the default) everything lives in the data directory. AMICUS_DATABASE_URL overrides it.
       */
      url: databaseUrlSchema.optional(),
      /** Connections each process keeps open at most. */
      poolSize: z.number().int().min(2).max(100).default(10),
      /** How often a replica checks for a new generation when no notification arrived. */
      pollSeconds: z.number().min(0.2).max(3600).default(15),
    })
    .prefault({}),
  deployment: z
    .object({
      name: z.string().min(1).default('Amicus'),
      /** Mandatory on every answer; renderers add it and nothing can remove it. */
      disclaimer: z.string().min(20).default(defaultDisclaimer),
      referrals: z.array(referralResourceSchema).min(1).default(defaultReferrals),
      crisisResources: z.array(referralResourceSchema).min(1).default(defaultCrisisResources),
      /** Who asks, unless a channel says otherwise (`slack.channelAudiences`, `discord.channelAudiences`). */
      audience: audienceSchema.default('public'),
    })
    .prefault({}),
  answers: z
    .object({
      /** Topics the corpus does not cover, each with its referral (see outOfScopeTopicSchema). */
      outOfScopeTopics: z.array(outOfScopeTopicSchema).default([]),
    })
    .prefault({}),
  vetting: z
    .object({
      /** `amicus sources` warns about collections vetted longer ago than this. */
      maxAgeDays: z.number().int().positive().default(365),
    })
    .prefault({}),
  ingest: z
    .object({
      /** Files above this size are reported and skipped. */
      maxFileBytes: z.number().int().positive().default(defaultIngestLimits.maxFileBytes),
      /** JSON-lines records above this size (decompressed) are reported and skipped. */
      maxRecordBytes: z.number().int().positive().default(defaultIngestLimits.maxRecordBytes),
      /** A document that splits into more passages than this is reported and skipped. */
      maxPassagesPerDocument: z
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .default(defaultIngestLimits.maxPassagesPerDocument),
      /** How long an ingest waits for another one on the same data directory to finish. */
      lockWaitSeconds: z.number().min(0).max(86_400).default(600),
    })
    .prefault({}),
  retrieval: z
    .object({
      k: z.number().int().min(1).max(100).default(8),
      /** At most this many passages of one section among the first results. */
      maxPerSection: z.number().int().min(1).max(100).default(1),
      /** `impact`: in-memory BM25F (fast at any size); `fts5`: SQLite bm25 (slow on the whole U.S. Code). */
      lexicalEngine: z.enum(['impact', 'fts5']).default('impact'),
    })
    .prefault({}),
  embedder: z
    .object({
      provider: z.enum(['local', 'openai']).default('local'),
      model: z.string().min(1).optional(),
      baseURL: z.url().optional(),
      dimensions: z.number().int().min(8).max(8192).optional(),
      batchSize: z.number().int().min(1).max(2048).default(64),
      concurrency: z.number().int().min(1).max(32).default(2),
    })
    .prefault({}),
  llm: z
    .object({
      baseURL: z.url().optional(),
      /** Setting a model turns the LLM composer on; without one Amicus answers extractively. */
      model: z.string().min(1).optional(),
      timeoutMs: z.number().int().min(100).default(30_000),
      maxRetries: z.number().int().min(0).max(10).default(2),
    })
    .prefault({}),
  conversation: z
    .object({
      maxTurns: z.number().int().min(1).default(20),
      retentionDays: z.number().int().min(1).default(30),
    })
    .prefault({}),
  review: z
    .object({
      /** Keep the asker's surface user id with queue items; off, items carry surface and channel only. */
      recordUserIds: z.boolean().default(false),
      /**
       * Question similarity at or above which a staff-approved answer is served
       * (measured on a paraphrase set, see docs/review.md).
       */
      similarityThreshold: z.number().min(0.5).max(1).default(defaultSimilarityThreshold),
      /** Served answers are kept this long so a 👎, hand-off or approval can refer to them. */
      answerRetentionDays: z.number().int().min(1).max(3650).default(30),
    })
    .prefault({}),
  slack: z
    .object({
      /** `http` (Events API with a signing secret) or `socket` (Socket Mode with an app token). */
      mode: z.enum(['http', 'socket']).default('http'),
      port: z.number().int().min(0).max(65_535).default(3000),
      /** `/ask` answers privately unless set to false. */
      slashCommandEphemeral: z.boolean().default(true),
      /** Channel ids where the bot answers; empty means every channel it is in. */
      allowedChannels: z.array(z.string().min(1)).default([]),
      /** Default jurisdiction per channel id, e.g. { "C123": "US-CA" }. */
      channelJurisdictions: z.record(z.string(), z.string().min(1)).default({}),
      /** Audience per channel id; channels not listed use `deployment.audience`. */
      channelAudiences: channelAudiencesSchema,
      /** Slack user ids who see the channel settings (audiences, jurisdictions) on the Home tab. */
      adminUserIds: z
        .array(z.string().regex(/^[UW][A-Z0-9]+$/, 'a Slack user id such as U012ABCDEF'))
        .default([]),
      rateLimit: rateLimitSchema,
      concurrency: z.number().int().min(1).max(64).default(4),
      /** Channel id where "Ask a staff member" posts hand-offs; without it the button is not shown. */
      staffChannel: z.string().min(1).optional(),
      /** User group id (`S0123`) mentioned in each hand-off post. */
      staffUserGroup: z
        .string()
        .regex(/^S[A-Z0-9]+$/, 'expected a Slack user group id such as S0123ABCD')
        .optional(),
      /** Slack Web API base URL; only changed for tests against a local fake. */
      apiUrl: z.url().optional(),
    })
    .prefault({}),
  discord: z
    .object({
      /** Guild ids where the bot answers; empty means every guild it is in. */
      allowedGuilds: z.array(z.string().min(1)).default([]),
      /** Channel ids where the bot answers; empty means every channel. */
      allowedChannels: z.array(z.string().min(1)).default([]),
      allowDirectMessages: z.boolean().default(true),
      /** Role ids allowed to run admin commands (listing sources and their vetting). */
      adminRoleIds: z.array(z.string().min(1)).default([]),
      /** Audience per channel id (a thread uses its parent channel's); others use `deployment.audience`. */
      channelAudiences: channelAudiencesSchema,
      rateLimit: rateLimitSchema,
      concurrency: z.number().int().min(1).max(64).default(4),
      /** Channel id where "Ask a staff member" posts hand-offs; without it the button is not shown. */
      staffChannelId: z.string().regex(/^\d+$/, 'expected a Discord channel id (digits)').optional(),
      /** Role id mentioned in each hand-off post; the only mention the post allows. */
      moderatorRoleId: z.string().regex(/^\d+$/, 'expected a Discord role id (digits)').optional(),
      /** Discord REST and gateway addresses; only changed for tests against a local fake. */
      restUrl: z.url().optional(),
      gatewayUrl: z.string().min(1).optional(),
    })
    .prefault({}),
  http: z
    .object({
      /** Without API tokens the server listens on localhost only, whatever is set here. */
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65_535).default(8787),
      bodyLimitBytes: z.number().int().min(256).max(1_048_576).default(16_384),
      rateLimit: z
        .object({
          capacity: z.number().int().min(1).default(30),
          refillPerMinute: z.number().min(0.1).default(30),
        })
        .prefault({}),
      /** Origins allowed by CORS; empty (the default) turns CORS off. */
      corsOrigins: z.array(z.url()).default([]),
    })
    .prefault({}),
});

export type AmicusConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

export interface LoadConfigOptions {
  /** Explicit config file (`--config`); otherwise `AMICUS_CONFIG`, then `./amicus.config.json` if present. */
  readonly configFile?: string | undefined;
  /** Explicit data directory (`--data`), which wins over the file and `AMICUS_DATA`. */
  readonly dataDirectory?: string | undefined;
  readonly environment?: NodeJS.ProcessEnv;
  readonly workingDirectory?: string;
}

/**
 * Loads configuration: defaults, then the JSON config file, then environment variables, then
 * command-line options. Secrets (API keys, tokens) are never read from the file; they come
 * only from the environment, through `readSecrets`.
 */
export function loadConfig(options: LoadConfigOptions = {}): AmicusConfig {
  const environment = options.environment ?? process.env;
  const workingDirectory = options.workingDirectory ?? process.cwd();
  // An empty AMICUS_CONFIG means unset, as for every other variable.
  const explicitFile = options.configFile ?? (environment.AMICUS_CONFIG || undefined);
  const defaultFile = path.join(workingDirectory, 'amicus.config.json');
  const configFile = explicitFile ?? (existsSync(defaultFile) ? defaultFile : undefined);

  const fileValues =
    configFile === undefined ? {} : readConfigFile(path.resolve(workingDirectory, configFile));
  const merged = applyEnvironment(fileValues, environment);
  if (options.dataDirectory !== undefined) merged.dataDirectory = options.dataDirectory;
  if (configFile !== undefined) refusePasswordInFile(fileValues, configFile);

  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const source = configFile ?? 'environment';
    throw new AmicusError(
      ErrorCode.ConfigInvalid,
      `Invalid configuration in ${source}: ${formatZodIssues(parsed.error)}`,
      {
        location: source,
      },
    );
  }
  return { ...parsed.data, dataDirectory: path.resolve(workingDirectory, parsed.data.dataDirectory) };
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AmicusError(ErrorCode.ConfigInvalid, `Cannot read config file ${file}`, {
      cause: error,
      location: file,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AmicusError(
      ErrorCode.ConfigInvalid,
      `Config file ${file} is not valid JSON: ${String(error)}`,
      {
        cause: error,
        location: file,
      },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AmicusError(ErrorCode.ConfigInvalid, `Config file ${file} must hold a JSON object`, {
      location: file,
    });
  }
  return value as Record<string, unknown>;
}

/** A password in `store.url` of a config file would be a secret outside the environment. */
function refusePasswordInFile(fileValues: Record<string, unknown>, configFile: string): void {
  const store = fileValues.store;
  if (typeof store !== 'object' || store === null) return;
  const url = (store as { url?: unknown }).url;
  if (typeof url !== 'string' || !URL.canParse(url)) return;
  if (new URL(url).password === '') return;
  throw new AmicusError(
    ErrorCode.ConfigInvalid,
    `Invalid configuration in ${configFile}: store.url carries a password; secrets come only from the environment, so set AMICUS_DATABASE_URL (or PGPASSWORD) instead`,
    { location: `${configFile}: store.url` },
  );
}

type MutableConfigInput = Record<string, unknown> & { dataDirectory?: unknown };

function section(values: MutableConfigInput, name: string): Record<string, unknown> {
  const existing = values[name];
  const copy =
    typeof existing === 'object' && existing !== null ? { ...(existing as Record<string, unknown>) } : {};
  values[name] = copy;
  return copy;
}

function numberFromEnvironment(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) {
    throw new AmicusError(
      ErrorCode.ConfigInvalid,
      `Environment variable ${name} must be a number, got "${value}"`,
      {
        location: name,
      },
    );
  }
  return parsed;
}

function applyEnvironment(
  fileValues: Record<string, unknown>,
  environment: NodeJS.ProcessEnv,
): MutableConfigInput {
  const values: MutableConfigInput = { ...fileValues };
  if (environment.AMICUS_DATA) values.dataDirectory = environment.AMICUS_DATA;
  if (environment.AMICUS_DATABASE_URL) section(values, 'store').url = environment.AMICUS_DATABASE_URL;
  if (environment.AMICUS_DISCLAIMER) section(values, 'deployment').disclaimer = environment.AMICUS_DISCLAIMER;
  if (environment.OPENAI_BASE_URL) section(values, 'llm').baseURL = environment.OPENAI_BASE_URL;
  if (environment.AMICUS_MODEL) section(values, 'llm').model = environment.AMICUS_MODEL;
  if (environment.AMICUS_LLM_TIMEOUT_MS) {
    section(values, 'llm').timeoutMs = numberFromEnvironment(
      'AMICUS_LLM_TIMEOUT_MS',
      environment.AMICUS_LLM_TIMEOUT_MS,
    );
  }
  if (environment.AMICUS_EMBEDDER) section(values, 'embedder').provider = environment.AMICUS_EMBEDDER;
  if (environment.AMICUS_EMBEDDING_MODEL)
    section(values, 'embedder').model = environment.AMICUS_EMBEDDING_MODEL;
  if (environment.AMICUS_EMBEDDING_BASE_URL)
    section(values, 'embedder').baseURL = environment.AMICUS_EMBEDDING_BASE_URL;
  if (environment.AMICUS_EMBEDDING_DIMENSIONS) {
    section(values, 'embedder').dimensions = numberFromEnvironment(
      'AMICUS_EMBEDDING_DIMENSIONS',
      environment.AMICUS_EMBEDDING_DIMENSIONS,
    );
  }
  return values;
}

/** Secrets live only in the environment so they never end up in a committed config file or a log. */
export interface Secrets {
  readonly openaiApiKey: string | undefined;
  readonly slackBotToken: string | undefined;
  readonly slackSigningSecret: string | undefined;
  readonly slackAppToken: string | undefined;
  readonly discordToken: string | undefined;
  readonly discordApplicationId: string | undefined;
  readonly discordPublicKey: string | undefined;
  /** Bearer tokens accepted by the HTTP API (`AMICUS_API_TOKENS`, comma-separated). */
  readonly apiTokens: readonly string[];
}

export function readSecrets(environment: NodeJS.ProcessEnv = process.env): Secrets {
  const value = (name: string) => environment[name] || undefined;
  return {
    openaiApiKey: value('OPENAI_API_KEY'),
    slackBotToken: value('SLACK_BOT_TOKEN'),
    slackSigningSecret: value('SLACK_SIGNING_SECRET'),
    slackAppToken: value('SLACK_APP_TOKEN'),
    discordToken: value('DISCORD_TOKEN'),
    discordApplicationId: value('DISCORD_APPLICATION_ID'),
    discordPublicKey: value('DISCORD_PUBLIC_KEY'),
    apiTokens: (environment.AMICUS_API_TOKENS ?? '')
      .split(',')
      .map((token) => token.trim())
      .filter((token) => token.length > 0),
  };
}

/** Secrets with nothing set, plus the given ones: for library use and tests. */
export function secretsWith(overrides: Partial<Secrets> = {}): Secrets {
  return { ...readSecrets({}), ...overrides };
}
