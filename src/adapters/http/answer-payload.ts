import { type Answer, answerSchema } from '../../answer/answer.js';
import { type OutlineBlock, outlineAnswer, sectionTitles } from '../../answer/renderers/outline.js';
import { renderReplyText } from '../../answer/renderers/reply-text.js';

/**
 * What `POST /api/ask` returns: the answer JSON exactly as GUIDE §1 defines it (validated on
 * the way out), plus three fields for the console so that no rule is written twice:
 * `outline`, the render contract's ordered blocks, which the console draws one by one;
 * `replyText`, the "copy as reply" text; and `threadId`, to ask a follow-up in the same thread.
 */
export type ConsoleBlock =
  | Exclude<OutlineBlock, { kind: 'list' }>
  | { readonly kind: 'list'; readonly items: readonly string[] }
  /** The follow-up questions, which the console shows as chips that ask them. */
  | { readonly kind: 'follow-ups'; readonly items: readonly string[] };

export type AskResponse = Answer & {
  readonly threadId: string;
  readonly outline: readonly ConsoleBlock[];
  readonly replyText: string;
};

/** The outline, with the list under "Want to dive deeper?" marked as follow-ups. */
export function consoleOutline(answer: Answer): ConsoleBlock[] {
  const blocks = outlineAnswer(answer);
  return blocks.map((block, index): ConsoleBlock => {
    const previous = blocks[index - 1];
    if (block.kind === 'list' && previous?.kind === 'heading' && previous.text === sectionTitles.followUps)
      return { kind: 'follow-ups', items: block.items };
    return block;
  });
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
