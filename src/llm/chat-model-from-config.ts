import type { ClientOptions } from 'openai';
import type { AmicusConfig, Secrets } from '../core/config.js';
import { AmicusError, ErrorCode } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { defaultOpenAIBaseURL } from '../core/openai-provider.js';
import { OpenAIChatModel } from './openai-chat-model.js';

/** Sent as the key to a local server when OPENAI_API_KEY is unset; local servers ignore it. */
export const localServerPlaceholderKey = 'sk-local-no-key';

export interface ChatModelFromConfigOptions {
  readonly logger?: Logger | undefined;
  /** For tests: a custom transport, and sleeps that are recorded instead of waited for. */
  readonly fetch?: ClientOptions['fetch'];
  readonly sleep?: ((milliseconds: number) => Promise<void>) | undefined;
}

/**
 * The configured chat model, or undefined when no `llm.model` is set (then Amicus answers
 * extractively and decides policy and follow-ups with rules alone). One model serves the LLM
 * composer, the policy second opinion and the follow-up rewriter. Configuration: `llm.model`
 * (AMICUS_MODEL), `llm.baseURL` (OPENAI_BASE_URL, default api.openai.com), `llm.timeoutMs`
 * (AMICUS_LLM_TIMEOUT_MS) and `llm.maxRetries`.
 *
 * The key comes from OPENAI_API_KEY. It may be left unset only for a server on this machine or
 * a private network (localhost, 127.0.0.0/8, ::1, 10/8, 172.16/12, 192.168/16, *.local,
 * *.internal): Ollama, vLLM and llama.cpp accept any key, so a placeholder is sent.
 */
export function chatModelFromConfig(
  config: AmicusConfig,
  secrets: Pick<Secrets, 'openaiApiKey'>,
  options: ChatModelFromConfigOptions = {},
): OpenAIChatModel | undefined {
  const model = config.llm.model;
  if (model === undefined) return undefined;
  const baseURL = config.llm.baseURL ?? defaultOpenAIBaseURL;
  const apiKey = secrets.openaiApiKey ?? (isLocalAddress(baseURL) ? localServerPlaceholderKey : undefined);
  if (apiKey === undefined) {
    throw new AmicusError(
      ErrorCode.ConfigInvalid,
      `AMICUS_MODEL is set to ${model}, so the LLM composer needs an API key for ${baseURL} in OPENAI_API_KEY ` +
        '(only a local server may go without one). Unset AMICUS_MODEL to answer extractively.',
      { location: 'OPENAI_API_KEY' },
    );
  }
  return new OpenAIChatModel({
    apiKey,
    baseURL,
    model,
    timeoutMs: config.llm.timeoutMs,
    maxRetries: config.llm.maxRetries,
    logger: options.logger ?? silentLogger(),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
}

export function isLocalAddress(baseURL: string): boolean {
  let host: string;
  try {
    host = new URL(baseURL).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0.0.0.0')
    return true;
  if (host.endsWith('.local') || host.endsWith('.internal')) return true;
  const octets = host.split('.').map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet) || octet < 0 || octet > 255))
    return false;
  const [first, second] = octets as [number, number, number, number];
  return (
    first === 127 ||
    first === 10 ||
    (first === 172 && second >= 16 && second <= 31) ||
    (first === 192 && second === 168)
  );
}
