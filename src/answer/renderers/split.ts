/**
 * Packs rendered chunks into messages of at most `maxLength` characters, each ending with the
 * footer (the disclaimer). A chunk too long for one message is cut at a line, sentence or word
 * boundary, marked with an ellipsis. The disclaimer is never cut and never left out.
 */
export function packIntoParts(
  chunks: readonly string[],
  footer: string,
  maxLength: number,
  separator = '\n\n',
): string[] {
  const budget = maxLength - footer.length - separator.length;
  if (budget < 40) {
    throw new RangeError(`A message limit of ${maxLength} characters leaves no room beside the disclaimer`);
  }
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current.length > 0) parts.push(`${current}${separator}${footer}`);
    current = '';
  };
  for (const chunk of chunks.flatMap((text) => cutToFit(text, budget))) {
    const candidate = current.length === 0 ? chunk : `${current}${separator}${chunk}`;
    if (candidate.length <= budget) {
      current = candidate;
    } else {
      flush();
      current = chunk;
    }
  }
  flush();
  return parts.length > 0 ? parts : [footer];
}

/** Cuts text into pieces of at most `limit` characters at the best boundary available. */
export function cutToFit(text: string, limit: number): string[] {
  if (text.length <= limit) return [text];
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit - 1);
    const boundary = Math.max(window.lastIndexOf('\n'), window.lastIndexOf('. '), window.lastIndexOf('; '));
    const wordBoundary = window.lastIndexOf(' ');
    const cut = boundary > limit / 2 ? boundary + 1 : wordBoundary > limit / 2 ? wordBoundary : limit - 1;
    pieces.push(`${rest.slice(0, cut).trimEnd()}…`);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

/** Truncates to one message: as many chunks as fit, a marker that the rest was cut, and the footer. */
export function truncateToOne(
  chunks: readonly string[],
  footer: string,
  maxLength: number,
  separator = '\n\n',
): string {
  const marker = '… (answer shortened to fit; ask for the full answer)';
  const parts = packIntoParts(chunks, footer, maxLength - marker.length - separator.length, separator);
  if (parts.length === 1) return parts[0]!;
  const first = parts[0]!;
  const body = first.slice(0, first.length - footer.length - separator.length);
  return `${body}${separator}${marker}${separator}${footer}`;
}
