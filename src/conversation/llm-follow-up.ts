import { z } from 'zod';
import { describeError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { ChatModel } from '../llm/chat-model.js';
import { parseJsonReply } from '../llm/json-reply.js';
import { toStrictJsonSchema } from '../llm/json-schema.js';
import type { FollowUpRewriter } from './follow-up.js';
import { looksLikeFollowUp } from './follow-up.js';
import type { ThreadTurn } from './thread-store.js';

const rewriteSchema = z.object({ question: z.string().min(3).max(2000) });
const rewriteJsonSchema = toStrictJsonSchema(rewriteSchema);

/**
 * Rewrites follow-ups with the configured model, when there is one. Any failure (the provider,
 * malformed output) falls back to the offline rewriter, so a follow-up is always understood at
 * least as well as without a model.
 */
export class LlmFollowUpRewriter implements FollowUpRewriter {
  constructor(
    private readonly chatModel: ChatModel,
    private readonly systemPrompt: string,
    private readonly fallback: FollowUpRewriter,
    private readonly logger: Logger,
  ) {}

  async rewrite(question: string, history: readonly ThreadTurn[]): Promise<string> {
    if (history.length === 0 || !looksLikeFollowUp(question)) return question;
    const earlier = history
      .slice(-3)
      .map((turn, index) => `<question n="${index + 1}">${escapeMarkup(turn.standaloneQuestion)}</question>`)
      .join('\n');
    try {
      const response = await this.chatModel.complete({
        system: this.systemPrompt,
        user: `Earlier questions:\n${earlier}\n\nFollow-up:\n<follow-up>${escapeMarkup(question)}</follow-up>`,
        jsonSchema: rewriteJsonSchema,
        schemaName: 'standalone_question',
      });
      const reply = parseJsonReply(response.content, rewriteSchema);
      if (reply.ok) return reply.value.question;
      this.logger.warn('follow-up rewrite was malformed; using the offline rewriter');
    } catch (error) {
      this.logger.warn(
        { reason: describeError(error) },
        'follow-up rewrite failed; using the offline rewriter',
      );
    }
    return this.fallback.rewrite(question, history);
  }
}

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
