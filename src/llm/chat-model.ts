/**
 * The chat-model port: one verb, `complete`, that turns a system and a user message into the
 * model's text. The LLM composer needs nothing else, so any provider fits behind it: the
 * `openai` SDK (OpenAI or a local OpenAI-compatible server) or any LangChain chat model.
 *
 * Implementations retry what is worth retrying (timeouts, 429, 5xx, connection errors) and
 * throw an `AmicusError` when they give up: `provider_failure`, `timeout` or
 * `provider_output_invalid`. They never parse the content; the composer validates it.
 */
export interface ChatRequest {
  readonly system: string;
  readonly user: string;
  /**
   * The JSON Schema the reply must follow. Providers that support structured output enforce
   * it; the others are asked for JSON and the caller validates.
   */
  readonly jsonSchema?: Readonly<Record<string, unknown>>;
  /** Name of the schema (`[a-zA-Z0-9_-]+`), sent with `jsonSchema`. */
  readonly schemaName: string;
  /** Cancels the request; a cancelled request is not retried. */
  readonly signal?: AbortSignal;
  /**
   * Called with the reply so far each time more of it arrives, for callers that show an answer
   * while it is written. Implementations that can stream then do; one that cannot never calls
   * it. A request that has delivered text this way is not retried after a failure (the caller
   * has already used that text); it fails instead.
   */
  readonly onText?: ((snapshot: string) => void) | undefined;
}

export interface ChatUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface ChatResponse {
  /** The assistant's text, unparsed (streamed replies are assembled first). */
  readonly content: string;
  readonly usage?: ChatUsage;
}

export interface ChatModel {
  /** Names the provider and model for logs, e.g. `openai:api.openai.com:gpt-4.1-mini`. */
  readonly id: string;
  complete(request: ChatRequest): Promise<ChatResponse>;
}
