/**
 * A word-level diff of a passage's old and new text, in the `git diff --word-diff` style
 * (`[-removed-]{+added+}`), with unchanged runs longer than a few words shortened to "…", so
 * a reviewer sees what a re-ingest changed in a provision an approved answer cites.
 */
const contextWords = 6;
/** Longest-common-subsequence tables grow as old × new; longer passages are compared as wholes. */
const maxComparedWords = 3000;

export function wordDiff(before: string, after: string): string {
  const old = before.split(/\s+/).filter((word) => word.length > 0);
  const next = after.split(/\s+/).filter((word) => word.length > 0);
  if (old.length > maxComparedWords || next.length > maxComparedWords)
    return `[-${old.join(' ')}-] {+${next.join(' ')}+}`;
  const operations = diffOperations(old, next);
  const parts: string[] = [];
  let index = 0;
  while (index < operations.length) {
    const operation = operations[index]!;
    if (operation.kind === 'same') {
      const run: string[] = [];
      while (index < operations.length && operations[index]!.kind === 'same')
        run.push(operations[index++]!.word);
      const first = parts.length === 0;
      const last = index >= operations.length;
      parts.push(shorten(run, first, last));
      continue;
    }
    const removed: string[] = [];
    const added: string[] = [];
    while (index < operations.length && operations[index]!.kind !== 'same') {
      const change = operations[index++]!;
      (change.kind === 'removed' ? removed : added).push(change.word);
    }
    if (removed.length > 0) parts.push(`[-${removed.join(' ')}-]`);
    if (added.length > 0) parts.push(`{+${added.join(' ')}+}`);
  }
  return parts.join(' ');
}

function shorten(run: readonly string[], first: boolean, last: boolean): string {
  if (run.length <= contextWords * 2) return run.join(' ');
  const head = first ? [] : run.slice(0, contextWords);
  const tail = last ? [] : run.slice(-contextWords);
  return [...head, '…', ...tail].join(' ');
}

type Operation = { kind: 'same' | 'removed' | 'added'; word: string };

function diffOperations(old: readonly string[], next: readonly string[]): Operation[] {
  const rows = old.length + 1;
  const columns = next.length + 1;
  const lengths = new Uint16Array(rows * columns);
  for (let i = old.length - 1; i >= 0; i -= 1)
    for (let j = next.length - 1; j >= 0; j -= 1)
      lengths[i * columns + j] =
        old[i] === next[j]
          ? lengths[(i + 1) * columns + j + 1]! + 1
          : Math.max(lengths[(i + 1) * columns + j]!, lengths[i * columns + j + 1]!);
  const operations: Operation[] = [];
  let i = 0;
  let j = 0;
  while (i < old.length && j < next.length) {
    if (old[i] === next[j]) {
      operations.push({ kind: 'same', word: old[i]! });
      i += 1;
      j += 1;
    } else if (lengths[(i + 1) * columns + j]! >= lengths[i * columns + j + 1]!) {
      operations.push({ kind: 'removed', word: old[i++]! });
    } else {
      operations.push({ kind: 'added', word: next[j++]! });
    }
  }
  while (i < old.length) operations.push({ kind: 'removed', word: old[i++]! });
  while (j < next.length) operations.push({ kind: 'added', word: next[j++]! });
  return operations;
}
