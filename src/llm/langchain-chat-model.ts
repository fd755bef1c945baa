import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { z } from 'zod';
import { AmicusError, describeError, ErrorCode } from '../core/errors.js';
import { redactApiKeys } from '../core/openai-provider.js';
import type { ChatModel, ChatRequest, ChatResponse } from './chat-model.js';

const usageSchema = z.object({ input_tokens: z.number(), output_tokens: z.number() });

export interface LangChainChatModelOptions {
  /** Any LangChain chat model: `ChatOpenAI`, `ChatAnthropic`, `ChatOllama`, a custom subclass… */
  readonly model: BaseChatModel;
  /** Names the provider and model for logs; defaults to `langchain:<the model's name>`. */
  readonly id?: string | undefined;
  /** Per-call limit passed to LangChain (`timeout` call option); none when left out. */
  readonly timeoutMs?: number | undefined;
}

/**
 * Adapts a LangChain chat model to the chat-model port, so providers the `openai` SDK cannot
 * reach plug in. LangChain does its own retries (its AsyncCaller, `maxRetries` on the model),
 * so this class only sends the two messages, takes the text of the reply and turns failures
 * into Amicus errors. Structured output is not requested: models differ in how they offer it,
 * and the composer validates and repairs the JSON whatever the provider.
 */
export class LangChainChatModel implements ChatModel {
  readonly id: string;
  private readonly model: BaseChatModel;
  private readonly timeoutMs: number | undefined;

  constructor(options: LangChainChatModelOptions) {
    this.model = options.model;
    this.id = options.id ?? `langchain:${options.model.getName()}`;
    this.timeoutMs = options.timeoutMs;
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    let reply: Awaited<ReturnType<BaseChatModel['invoke']>>;
    try {
      reply = await this.model.invoke([new SystemMessage(request.system), new HumanMessage(request.user)], {
        ...(request.signal === undefined ? {} : { signal: request.signal }),
        ...(this.timeoutMs === undefined ? {} : { timeout: this.timeoutMs }),
      });
    } catch (error) {
      throw new AmicusError(
        ErrorCode.ProviderFailure,
        redactApiKeys(`LangChain chat model ${this.id} failed: ${describeError(error)}`),
        { cause: error },
      );
    }
    const content = reply.text;
    // Typed per message structure in LangChain; read loosely, since providers fill it unevenly.
    const usage = usageSchema.safeParse(reply.usage_metadata as unknown);
    return usage.success
      ? {
          content,
          usage: { promptTokens: usage.data.input_tokens, completionTokens: usage.data.output_tokens },
        }
      : { content };
  }
}
