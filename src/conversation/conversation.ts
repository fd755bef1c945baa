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
  /** The channel asked in (Slack or Discord channel id), for the review queue. */
  readonly channel?: string | undefined;
  /** Who asked, on that surface; stored only when the deployment turns it on (`review.recordUserIds`). */
  readonly askerId?: string | undefined;
}

/** Told of every answer a conversation gives (the review queue records them); it must not throw. */
export interface AnswerObserver {
  answered(answer: Answer, request: ConversationRequest): Promise<void>;
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
    private readonly observer?: AnswerObserver,
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
    await this.observer?.answered(answer, request);
    return answer;
  }

  isKnownThread(thread: ThreadReference): Promise<boolean> {
    return this.threads.hasThread(thread.surface, thread.threadId);
  }
}
