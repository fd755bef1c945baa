/**
 * The custom ids of the buttons the Discord renderer writes, and the parsing of the ones a click
 * brings back. Both sides live here, in the adapter: it parses only what it wrote.
 */
export type DiscordCustomId =
  | { readonly kind: 'follow-up'; readonly answerId: string; readonly index: number }
  | { readonly kind: 'feedback'; readonly answerId: string; readonly rating: 'up' | 'down' }
  /** "Ask a staff member". */
  | { readonly kind: 'hand-off'; readonly answerId: string }
  /** "Share in channel" on a private answer. */
  | { readonly kind: 'share'; readonly answerId: string };

const customIdPrefix = 'amicus';
/** Discord's limit on a custom id. */
export const customIdLimit = 100;
/** Answer ids longer than this cannot be carried in a custom id; such answers get no buttons. */
const maxAnswerIdLength = customIdLimit - 20;

/** Whether an answer id fits in the custom ids below (and cannot be confused with their separators). */
export function fitsCustomId(answerId: string): boolean {
  return answerId.length <= maxAnswerIdLength && !answerId.includes(':');
}

export function followUpCustomId(answerId: string, index: number): string {
  return `${customIdPrefix}:fu:${index}:${answerId}`;
}

export function feedbackCustomId(answerId: string, rating: 'up' | 'down'): string {
  return `${customIdPrefix}:fb:${rating}:${answerId}`;
}

export function handOffCustomId(answerId: string): string {
  return `${customIdPrefix}:ho:0:${answerId}`;
}

export function shareCustomId(answerId: string): string {
  return `${customIdPrefix}:sh:0:${answerId}`;
}

export function parseCustomId(customId: string): DiscordCustomId | undefined {
  const match = /^amicus:(fu|fb|ho|sh):([^:]+):(.+)$/.exec(customId);
  const [, kind, argument, answerId] = match ?? [];
  if (argument === undefined || answerId === undefined) return undefined;
  if (kind === 'ho') return { kind: 'hand-off', answerId };
  if (kind === 'sh') return { kind: 'share', answerId };
  if (kind === 'fb') {
    return argument === 'up' || argument === 'down'
      ? { kind: 'feedback', answerId, rating: argument }
      : undefined;
  }
  const index = Number(argument);
  return Number.isInteger(index) && index >= 0 && index < 25
    ? { kind: 'follow-up', answerId, index }
    : undefined;
}
