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
  /** "Ask a staff member": files a hand-off and posts it in the staff channel. */
  handOff: 'amicus_hand_off',
  /** "Share in channel" on a private answer: reposts it without personal details. */
  share: 'amicus_share',
} as const;

/**
 * The value of a hand-off or share button: the answer's id and the conversation key (the
 * channel and the thread the answer belongs to), `<answer id>|<key>`. An ephemeral message
 * cannot be looked up later, so the button itself says where the answer was given.
 */
export function staffButtonValue(answerId: string, conversationKey: string): string {
  return `${answerId}|${conversationKey}`.slice(0, 2000);
}

export interface StaffButtonValue {
  readonly answerId: string;
  /** The Slack channel of the conversation. */
  readonly channel: string | undefined;
  /** The thread's ts, when the conversation is a thread (not a private `/ask`). */
  readonly threadTs: string | undefined;
}

/** Reads a hand-off or share button's value; undefined for a value this adapter did not write. */
export function parseStaffButtonValue(value: string): StaffButtonValue | undefined {
  const match = /^([^|]{1,200})\|([A-Z0-9]+):(.+)$/.exec(value);
  if (!match) return undefined;
  const threadTs = match[3]!;
  return {
    answerId: match[1]!,
    channel: match[2],
    threadTs: /^\d+\.\d+$/.test(threadTs) ? threadTs : undefined,
  };
}

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
  /** The hand-off and share buttons, where Slack's native feedback block cannot hold them. */
  staff: 'amicus_staff',
  /** "Shared by … from a private answer", above a shared answer. */
  shared: 'amicus_shared',
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
