/**
 * Slack message text as a plain question: the bot's own mention removed, other markup turned
 * back into what the user saw, and Slack's three entities decoded. Slack sends `<@U123>`,
 * `<#C123|general>`, `<https://example.com|label>`, `<!here>` and `&amp;`/`&lt;`/`&gt;`.
 */
export function questionFromSlackText(text: string | undefined, botUserId?: string): string {
  if (!text) return '';
  return text
    .replace(/<([^<>]*)>/g, (_match, inner: string) => {
      const [target = '', label] = splitOnce(inner, '|');
      if (target.startsWith('@')) return target.slice(1) === botUserId ? ' ' : (label ?? 'someone');
      if (target.startsWith('#')) return label ? `#${label}` : 'a channel';
      if (target.startsWith('!subteam^')) return label ?? 'a group';
      if (target.startsWith('!')) return ' ';
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

/** Whether the text mentions the user (`<@U123>` or `<@U123|name>`). */
export function mentionsUser(text: string | undefined, userId: string | undefined): boolean {
  if (!text || !userId) return false;
  return new RegExp(`<@${escapeRegExp(userId)}(\\|[^>]*)?>`).test(text);
}

/** Whether the text mentions anyone but the bot: such a message is addressed to a person. */
export function mentionsSomeoneElse(text: string | undefined, botUserId: string | undefined): boolean {
  if (!text) return false;
  for (const match of text.matchAll(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g)) {
    if (match[1] !== botUserId) return true;
  }
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
