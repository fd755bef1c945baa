import type { Readable } from 'node:stream';

/** One line of a JSON-lines stream, numbered from 1, without its line break. */
export type BoundedLine =
  | { readonly kind: 'line'; readonly lineNumber: number; readonly text: string }
  | {
      readonly kind: 'oversized';
      readonly lineNumber: number;
      readonly bytes: number;
      /** The line's first and last bytes as text: the record's id is in one of them. */
      readonly head: string;
      readonly tail: string;
    };

/** How much of each end of an oversized line is kept to name the record. */
const endBytes = 64 * 1024;
const newline = 0x0a;
const carriageReturn = 0x0d;

/**
 * Splits a byte stream into lines, holding at most `maxLineBytes` of any line in memory: a
 * longer line is counted and dropped as it streams past, keeping only its head. (`readline`
 * builds every line whole first, so one 60 MB record cost a 60 MB string and then some.)
 */
export async function* boundedLines(input: Readable, maxLineBytes: number): AsyncGenerator<BoundedLine> {
  let parts: Buffer[] = [];
  let tail = Buffer.alloc(0);
  let size = 0;
  let oversized = false;
  let lineNumber = 0;

  const finishLine = (): BoundedLine => {
    lineNumber += 1;
    const joined = Buffer.concat(parts);
    parts = [];
    const bytes = size;
    size = 0;
    if (oversized) {
      oversized = false;
      const last = tail.toString('utf8');
      tail = Buffer.alloc(0);
      return { kind: 'oversized', lineNumber, bytes, head: joined.toString('utf8'), tail: last };
    }
    const end =
      joined.length > 0 && joined[joined.length - 1] === carriageReturn ? joined.length - 1 : joined.length;
    return { kind: 'line', lineNumber, text: joined.toString('utf8', 0, end) };
  };

  const keepTail = (piece: Buffer) => {
    const joined = Buffer.concat([tail, piece]);
    tail = Buffer.from(joined.subarray(Math.max(0, joined.length - endBytes)));
  };

  const take = (piece: Buffer) => {
    size += piece.length;
    if (oversized) {
      keepTail(piece);
      return;
    }
    if (size <= maxLineBytes) {
      parts.push(piece);
      return;
    }
    // Over the limit: keep only both ends, and nothing more of this line.
    oversized = true;
    const kept = Buffer.concat([...parts, piece]);
    parts = [Buffer.from(kept.subarray(0, Math.min(endBytes, kept.length)))];
    keepTail(kept);
  };

  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    let start = 0;
    for (;;) {
      const end = buffer.indexOf(newline, start);
      if (end < 0) break;
      take(buffer.subarray(start, end));
      yield finishLine();
      start = end + 1;
    }
    if (start < buffer.length) take(buffer.subarray(start));
  }
  if (size > 0 || parts.length > 0) yield finishLine();
}

/** The `"id"` of a record from a piece of its line, when it is there. */
export function recordIdIn(text: string): string | undefined {
  const match = /"id"\s*:\s*("(?:[^"\\]|\\.){1,400}")/.exec(text);
  if (!match?.[1]) return undefined;
  try {
    const id: unknown = JSON.parse(match[1]);
    return typeof id === 'string' && id.length > 0 ? id : undefined;
  } catch {
    return undefined;
  }
}
