import { type Answer, answerSchema } from '../../answer/answer.js';
import { type OutlineBlock, outlineAnswer } from '../../answer/renderers/outline.js';
import { renderReplyText } from '../../answer/renderers/reply-text.js';

/**
 * What `POST /api/ask` returns: the answer JSON exactly as GUIDE §1 defines it (validated on
 * the way out), plus three fields for the console so that no rule is written twice:
 * `outline`, the render contract's ordered blocks, which the console draws one by one;
 * `replyText`, the "copy as reply" text; and `threadId`, to ask a follow-up in the same thread.
 */
export type ConsoleBlock =
  | OutlineBlock
  /** The follow-up questions, which the console shows as chips that ask them. */
  | { readonly role: 'follow-ups'; readonly kind: 'follow-ups'; readonly items: readonly string[] };

export type AskResponse = Answer & {
  readonly threadId: string;
  readonly outline: readonly ConsoleBlock[];
  readonly replyText: string;
};

/** The outline, with the list of the follow-ups part marked as follow-ups. */
export function consoleOutline(answer: Answer): ConsoleBlock[] {
  return outlineAnswer(answer).map(
    (block): ConsoleBlock =>
      block.kind === 'list' && block.role === 'follow-ups'
        ? { role: 'follow-ups', kind: 'follow-ups', items: block.items }
        : block,
  );
}

export function askResponse(answer: Answer, threadId: string): AskResponse {
  const validated = answerSchema.parse(answer);
  return {
    ...validated,
    threadId,
    outline: consoleOutline(validated),
    replyText: renderReplyText(validated),
  };
}
