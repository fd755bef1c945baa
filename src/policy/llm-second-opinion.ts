import { z } from 'zod';
import { describeError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { ChatModel } from '../llm/chat-model.js';
import { parseJsonReply } from '../llm/json-reply.js';
import { toStrictJsonSchema } from '../llm/json-schema.js';
import type { PolicyClassifier, PolicyContext, PolicyDecision } from './policy.js';

const opinionSchema = z.object({ individualized: z.boolean(), refused: z.boolean(), emergency: z.boolean() });
const opinionJsonSchema = toStrictJsonSchema(opinionSchema);

/**
 * The rules decide; a configured model may only add caution. When the rules call a message
 * general, the model is asked for a second opinion, and a flag it raises is taken (it can turn
 * a general question into an individualized one, never the reverse). A refusal from the model
 * becomes an individualized reply rather than a refusal: the rules alone refuse, because a
 * refusal answers nothing. A failed call leaves the rules' decision as it was.
 */
export class SecondOpinionClassifier implements PolicyClassifier {
  constructor(
    private readonly rules: PolicyClassifier,
    private readonly chatModel: ChatModel,
    private readonly systemPrompt: string,
    private readonly logger: Logger,
  ) {}

  async classify(text: string, context: PolicyContext = {}): Promise<PolicyDecision> {
    const decision = await this.rules.classify(text, context);
    if (decision.category !== 'general') return decision;
    try {
      const response = await this.chatModel.complete({
        system: this.systemPrompt,
        user: `<message>${text.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</message>`,
        jsonSchema: opinionJsonSchema,
        schemaName: 'policy_opinion',
      });
      const reply = parseJsonReply(response.content, opinionSchema);
      if (!reply.ok) return decision;
      const opinion = reply.value;
      if (opinion.emergency) {
        return {
          ...decision,
          category: 'emergency',
          privateReply: true,
          signals: [...decision.signals, 'model-emergency'],
        };
      }
      // A client's matter in a staff channel was already seen as personal and answered as
      // information on purpose; only danger from the model changes it.
      if ((opinion.individualized || opinion.refused) && !decision.professionalMatter) {
        return {
          ...decision,
          category: 'individualized',
          individualized: true,
          professionalMatter: false,
          privateReply: true,
          signals: [...decision.signals, 'model-individualized'],
        };
      }
    } catch (error) {
      this.logger.warn(
        { reason: describeError(error) },
        'policy second opinion failed; keeping the rules decision',
      );
    }
    return decision;
  }
}
