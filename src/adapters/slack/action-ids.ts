/**
 * The ids the Slack renderer writes into buttons and blocks, and the parsing of the ones the
 * adapter reads back when a button is clicked. Both sides live here, in the adapter: it parses
 * only what it wrote.
 */
export const slackActionIds = {
  /** Followed by the follow-up's index: `amicus_follow_up_0`, `amicus_follow_up_1`, … */
  followUpPrefix: 'amicus_follow_up_',
  feedbackUp: 'amicus_feedback_up',
  feedbackDown: 'amicus_feedback_down',
  /** Slack's own `feedback_buttons` element: one action id, the rating in the value. */
  feedbackButtons: 'amicus_feedback',
} as const;

/** The value of a `feedback_buttons` button: `up:<answer id>` or `down:<answer id>`. */
export function feedbackButtonValue(rating: 'up' | 'down', answerId: string): string {
  return `${rating}:${answerId}`;
}

/** The rating and answer id a `feedback_buttons` value carries, or undefined for any other value. */
export function parseFeedbackButtonValue(
  value: string,
): { readonly rating: 'up' | 'down'; readonly answerId: string } | undefined {
  const match = /^(up|down):(.{1,200})$/.exec(value);
  return match ? { rating: match[1] as 'up' | 'down', answerId: match[2]! } : undefined;
}

/** Matches the action id of any follow-up button. */
export const followUpActionPattern = /^amicus_follow_up_\d+$/;

export function followUpActionId(index: number): string {
  return `${slackActionIds.followUpPrefix}${index}`;
}

export const slackBlockIds = {
  feedback: 'amicus_feedback',
  disclaimer: 'amicus_disclaimer',
  continued: 'amicus_continued',
} as const;

export function sourceBlockId(n: number): string {
  return `amicus_source_${n}`;
}

const followUpBlockPrefix = 'amicus_follow_up';
/** Slack's limit on a block id. */
const blockIdLimit = 255;

/**
 * The block id of a follow-up, carrying an opaque conversation key (such as the thread it
 * continues) that `conversationKeyFromBlockId` reads back when its button is clicked.
 */
export function followUpBlockId(index: number, conversationKey: string): string {
  return `${followUpBlockPrefix}|${index}|${conversationKey}`.slice(0, blockIdLimit);
}

/** The conversation key a follow-up block carries, or undefined for a block of another kind. */
export function conversationKeyFromBlockId(blockId: string | undefined): string | undefined {
  if (!blockId?.startsWith(`${followUpBlockPrefix}|`)) return undefined;
  const rest = blockId.slice(followUpBlockPrefix.length + 1);
  const separator = rest.indexOf('|');
  if (separator < 0) return undefined;
  const key = rest.slice(separator + 1);
  return key.length > 0 ? key : undefined;
}
