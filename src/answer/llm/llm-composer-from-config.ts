import type { AmicusConfig, Secrets } from '../../core/config.js';
import { silentLogger } from '../../core/logger.js';
import { type ChatModelFromConfigOptions, chatModelFromConfig } from '../../llm/chat-model-from-config.js';
import type { Composer } from '../composer.js';
import { LlmComposer } from './llm-composer.js';
import type { AnswerPrompts } from './prompts.js';

export interface LlmComposerFromConfigOptions extends ChatModelFromConfigOptions {
  /** The extractive composer, which decides no-answer and replaces a failed LLM answer. */
  readonly fallback: Composer;
  readonly prompts?: AnswerPrompts | undefined;
}

/** The LLM composer as configured (see `chatModelFromConfig`), or undefined when no model is set. */
export function llmComposerFromConfig(
  config: AmicusConfig,
  secrets: Pick<Secrets, 'openaiApiKey'>,
  options: LlmComposerFromConfigOptions,
): LlmComposer | undefined {
  const chatModel = chatModelFromConfig(config, secrets, options);
  if (chatModel === undefined) return undefined;
  const logger = options.logger ?? silentLogger();
  return new LlmComposer({ chatModel, fallback: options.fallback, logger, prompts: options.prompts });
}
