import type OpenAI from 'openai';
import { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';
import { AmicusError, ErrorCode } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import {
  createOpenAIClient,
  isRetryable,
  type OpenAIConnectionOptions,
  parseBaseURL,
  providerFailure,
  retryDelayMs,
  statusOf,
} from '../core/openai-provider.js';

import type { ChatModel, ChatRequest, ChatResponse, ChatUsage } from './chat-model.js';

/**
 * How the reply is constrained to JSON, strongest first: a JSON Schema (`strict`), JSON mode,
 * or nothing but the prompt's instructions (servers that reject `response_format`).
 */
export type ResponseFormatMode = 'json_schema' | 'json_object' | 'none';

const formatOrder: readonly ResponseFormatMode[] = ['json_schema', 'json_object', 'none'];

/**
 * Defaults: `timeoutMs` 30 s for the whole reply (a stream that stalls counts), `maxRetries` 2,
 * `retryBaseDelayMs` 500 ms, `maxRetryDelayMs` 30 s.
 */
export interface OpenAIChatModelOptions extends OpenAIConnectionOptions {
  /**
   * The strongest output constraint to try (default `json_schema`). A server that answers 400
   * naming `response_format` gets the next weaker one, remembered for later requests.
   */
  readonly responseFormat?: ResponseFormatMode | undefined;
  /** Ask for a streamed reply (server-sent events) and assemble it. */
  readonly stream?: boolean | undefined;
  /** Left out unless set: reasoning models reject any value but their default. */
  readonly temperature?: number | undefined;
  readonly maxOutputTokens?: number | undefined;
}

/**
 * A chat model behind the `openai` SDK: OpenAI itself or any OpenAI-compatible server (vLLM,
 * Ollama, LiteLLM, llama.cpp). The SDK's retries are off (`maxRetries: 0` per request) so this
 * class controls them, honouring `Retry-After`/`retry-after-ms` like the embedder does.
 */
export class OpenAIChatModel implements ChatModel {
  readonly id: string;
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly stream: boolean;
  private readonly temperature: number | undefined;
  private readonly maxOutputTokens: number | undefined;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private readonly logger: Logger;
  private readonly endpoint: string;
  /** The strongest format the server has not rejected. */
  private supportedFormat: ResponseFormatMode;

  constructor(options: OpenAIChatModelOptions) {
    if (options.model.trim() === '') {
      throw new AmicusError(ErrorCode.ConfigInvalid, 'The LLM composer needs a model name (AMICUS_MODEL)', {
        location: 'llm.model',
      });
    }
    this.model = options.model;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRetries = options.maxRetries ?? 2;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
    this.stream = options.stream ?? false;
    this.temperature = options.temperature;
    this.maxOutputTokens = options.maxOutputTokens;
    this.supportedFormat = options.responseFormat ?? 'json_schema';
    this.sleep =
      options.sleep ?? ((milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)));
    this.logger = options.logger ?? silentLogger();
    this.client =
      options.client ??
      createOpenAIClient({
        apiKey: options.apiKey,
        baseURL: options.baseURL,
        timeoutMs: this.timeoutMs,
        fetch: options.fetch,
        purpose: 'The LLM composer',
      });
    const url = parseBaseURL(this.client.baseURL, 'llm.baseURL');
    url.username = '';
    url.password = '';
    this.endpoint = url.toString().replace(/\/$/, '');
    this.id = `openai:${url.host}:${this.model}`;
  }

  /** The output constraint the next request with a schema will use. */
  get responseFormat(): ResponseFormatMode {
    return this.supportedFormat;
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    let delivered = false;
    const tracked: ChatRequest = request.onText
      ? {
          ...request,
          onText: (snapshot) => {
            delivered ||= snapshot.length > 0;
            request.onText?.(snapshot);
          },
        }
      : request;
    for (let attempt = 1; ; attempt += 1) {
      const format = this.formatFor(request);
      try {
        return await this.attempt(tracked, format);
      } catch (error) {
        // Text already shown cannot be taken back by a retry that writes another reply.
        if (delivered) throw this.failure(error, attempt);
        if (request.signal?.aborted) {
          throw new AmicusError(ErrorCode.ProviderFailure, `Chat request to ${this.endpoint} was cancelled`, {
            cause: error,
          });
        }
        if (format !== 'none' && rejectsResponseFormat(error)) {
          this.downgrade(format, error);
          // Not a failed attempt: the same request again in a form the server accepts.
          attempt -= 1;
          continue;
        }
        if (attempt > this.maxRetries || !isRetryable(error)) throw this.failure(error, attempt);
        const delayMs = retryDelayMs(error, attempt, {
          baseDelayMs: this.retryBaseDelayMs,
          maxDelayMs: this.maxRetryDelayMs,
        });
        this.logger.warn(
          { endpoint: this.endpoint, attempt, status: statusOf(error), delayMs },
          'Chat request failed; retrying',
        );
        await this.sleep(delayMs);
      }
    }
  }

  private formatFor(request: ChatRequest): ResponseFormatMode {
    if (request.jsonSchema === undefined && this.supportedFormat === 'json_schema') return 'json_object';
    return this.supportedFormat;
  }

  private downgrade(rejected: ResponseFormatMode, error: unknown): void {
    const next = formatOrder[formatOrder.indexOf(rejected) + 1] ?? 'none';
    this.supportedFormat = next;
    this.logger.info(
      { endpoint: this.endpoint, rejected, next, status: statusOf(error) },
      'Chat server rejected the response format; using a weaker one',
    );
  }

  private async attempt(request: ChatRequest, format: ResponseFormatMode): Promise<ChatResponse> {
    // The SDK's own timeout covers only the wait for headers; this one covers the whole reply.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;
    const options = { maxRetries: 0, timeout: this.timeoutMs, signal };
    const body = {
      model: this.model,
      messages: [
        { role: 'system' as const, content: request.system },
        { role: 'user' as const, content: request.user },
      ],
      ...responseFormatParameter(format, request),
      ...(this.temperature === undefined ? {} : { temperature: this.temperature }),
      ...(this.maxOutputTokens === undefined ? {} : { max_tokens: this.maxOutputTokens }),
    };
    try {
      if (this.stream || request.onText) {
        const streaming: ChatCompletionCreateParamsStreaming = { ...body, stream: true };
        const stream = await this.client.chat.completions.create(streaming, options);
        let content = '';
        let usage: ChatUsage | undefined;
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta?.content ?? '';
          content += delta;
          if (delta.length > 0) request.onText?.(content);
          if (chunk.usage) usage = readUsage(chunk.usage);
        }
        // The SDK ends a stream quietly when its signal aborts; a cut-off reply is no reply.
        if (signal.aborted) throw new APIUserAbortError();
        return usage === undefined ? { content } : { content, usage };
      }
      const nonStreaming: ChatCompletionCreateParamsNonStreaming = body;
      const completion = await this.client.chat.completions.create(nonStreaming, options);
      const message = completion.choices[0]?.message;
      if (message?.refusal) {
        throw new AmicusError(
          ErrorCode.ProviderOutputInvalid,
          `Model ${this.model} refused to answer: ${message.refusal.slice(0, 300)}`,
        );
      }
      const content = message?.content ?? '';
      return completion.usage ? { content, usage: readUsage(completion.usage) } : { content };
    } catch (error) {
      if (deadline.signal.aborted && !request.signal?.aborted && !(error instanceof AmicusError)) {
        // Normalised to the SDK's timeout error so it is retried and reported like one.
        throw new APIConnectionTimeoutError({ message: `No complete reply within ${this.timeoutMs} ms` });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private failure(error: unknown, attempts: number): AmicusError {
    // A chat timeout is what a user waited through; it is reported as one.
    return providerFailure(error, attempts, {
      kind: 'Chat',
      endpoint: this.endpoint,
      timeoutMs: this.timeoutMs,
      apiKey: this.client.apiKey,
      timeoutCode: ErrorCode.Timeout,
    });
  }
}

function responseFormatParameter(
  format: ResponseFormatMode,
  request: ChatRequest,
): Pick<ChatCompletionCreateParamsNonStreaming, 'response_format'> {
  if (format === 'json_schema' && request.jsonSchema !== undefined) {
    return {
      response_format: {
        type: 'json_schema',
        json_schema: { name: request.schemaName, schema: { ...request.jsonSchema }, strict: true },
      },
    };
  }
  if (format === 'json_object' || format === 'json_schema')
    return { response_format: { type: 'json_object' } };
  return {};
}

/**
 * A 400 (or 422) that names the response format: the server does not support it. vLLM, Ollama
 * and LiteLLM word it differently, so any mention of the parameter or its values counts.
 */
function rejectsResponseFormat(error: unknown): boolean {
  if (!(error instanceof APIError) || (error.status !== 400 && error.status !== 422)) return false;
  const text = `${error.message} ${JSON.stringify(error.error ?? '')}`;
  return /response_format|json_schema|json_object|structured output/i.test(text);
}

function readUsage(usage: { prompt_tokens?: number; completion_tokens?: number }): ChatUsage {
  return { promptTokens: usage.prompt_tokens ?? 0, completionTokens: usage.completion_tokens ?? 0 };
}
