import type { Answer } from '../answer/answer.js';
import type { AnswerEngine, AskRequest } from '../answer/answer-engine.js';
import type { FollowUpRewriter } from './follow-up.js';
import type { ThreadMemory } from './thread-store.js';

export interface ThreadReference {
  /** cli, slack, discord, http. */
  readonly surface: string;
  readonly threadId: string;
}

export interface ConversationRequest extends AskRequest {
  readonly thread: ThreadReference;
}

/**
 * Questions in a thread: a follow-up is rewritten into a standalone question from the thread's
 * history, answered, and the turn is remembered for the next one.
 */
export class Conversation {
  constructor(
    private readonly answers: AnswerEngine,
    private readonly threads: ThreadMemory,
    private readonly rewriter: FollowUpRewriter,
  ) {}

  async ask(request: ConversationRequest): Promise<Answer> {
    const history = await this.threads.turns(request.thread.surface, request.thread.threadId);
    const standalone =
      history.length > 0 ? await this.rewriter.rewrite(request.question, history) : request.question;
    const answer = await this.answers.ask({ ...request, question: standalone });
    await this.threads.append({
      surface: request.thread.surface,
      threadId: request.thread.threadId,
      question: request.question,
      standaloneQuestion: standalone,
      answerId: answer.id,
      answerKind: answer.kind,
      citedLabels: answer.sources.map((source) => source.label),
    });
    return answer;
  }

  isKnownThread(thread: ThreadReference): Promise<boolean> {
    return this.threads.hasThread(thread.surface, thread.threadId);
  }
}
