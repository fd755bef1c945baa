import { TextAnalyzer, tokenize } from './text-analysis.js';

const plainText = /^[\x00-\x7f\u00a0\u00a7\u00b6\u2000-\u206f]*$/;

function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
}

function isApostropheCode(code: number): boolean {
  return code === 39 || code === 0x2019 || code === 0x02bc;
}

function lowerCode(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/**
 * Maps text to term ids (analyzed terms: stopwords dropped, stemmed) without allocating a string
 * for every token. Indexing the whole U.S. Code reads 30 million tokens; a Map keyed by freshly
 * sliced strings spends most of its time hashing new string objects, so tokens are hashed from
 * the text's character codes and compared in place against an open-addressing table. The result
 * is the same as `TextAnalyzer.analyze` (a property test checks it); text outside the plain
 * ASCII range takes that slower path directly.
 */
export class TermDictionary {
  private readonly analyzer = new TextAnalyzer(undefined, 0);
  /** Analyzed term → id, and id → term. */
  private readonly termIds = new Map<string, number>();
  readonly terms: string[] = [];
  // Open-addressing table from surface tokens to term ids (-1 for a stopword).
  private slotHashes = new Int32Array(1 << 16);
  private slotTokens: (string | undefined)[] = new Array(1 << 16);
  private slotTermIds = new Int32Array(1 << 16);
  private occupied = 0;

  /** The id of an analyzed term, adding it if new. */
  idForTerm(term: string): number {
    let termId = this.termIds.get(term);
    if (termId === undefined) {
      termId = this.terms.push(term) - 1;
      this.termIds.set(term, termId);
    }
    return termId;
  }

  /** The id of an analyzed term, or undefined when the dictionary has never seen it. */
  existingId(term: string): number | undefined {
    return this.termIds.get(term);
  }

  get size(): number {
    return this.terms.length;
  }

  /** Appends the term ids of `text` to `output` (stopwords skipped) and returns how many. */
  termIdsOf(text: string, output: number[]): number {
    if (!plainText.test(text)) {
      let count = 0;
      for (const token of tokenize(text)) {
        const termId = this.idForToken(token);
        if (termId >= 0) {
          output.push(termId);
          count += 1;
        }
      }
      return count;
    }
    let count = 0;
    const length = text.length;
    let index = 0;
    while (index < length) {
      if (!isWordCode(lowerCode(text.charCodeAt(index)))) {
        index += 1;
        continue;
      }
      const start = index;
      let hash = 0x811c9dc5;
      let characters = 0;
      let joined = false;
      while (index < length) {
        const code = lowerCode(text.charCodeAt(index));
        if (isWordCode(code)) {
          hash = Math.imul(hash ^ code, 0x01000193);
          characters += 1;
          index += 1;
        } else if (
          isApostropheCode(code) &&
          index + 1 < length &&
          isWordCode(lowerCode(text.charCodeAt(index + 1)))
        ) {
          joined = true;
          index += 1;
        } else break;
      }
      if (characters < 2) continue;
      const termId = this.lookup(text, start, index, hash, joined);
      if (termId >= 0) {
        output.push(termId);
        count += 1;
      }
    }
    return count;
  }

  private lookup(text: string, start: number, end: number, hash: number, joined: boolean): number {
    const mask = this.slotHashes.length - 1;
    let slot = hash & mask;
    for (;;) {
      const token = this.slotTokens[slot];
      if (token === undefined) break;
      if (this.slotHashes[slot] === hash && sameToken(token, text, start, end))
        return this.slotTermIds[slot]!;
      slot = (slot + 1) & mask;
    }
    let token = text.slice(start, end).toLowerCase();
    if (joined) token = token.replace(/['\u2019\u02bc]/g, '');
    const termId = this.resolveToken(token);
    this.insert(slot, hash, token, termId);
    return termId;
  }

  /** The term id for a token from `tokenize`, going through the same table. */
  private idForToken(token: string): number {
    let hash = 0x811c9dc5;
    for (let index = 0; index < token.length; index += 1)
      hash = Math.imul(hash ^ token.charCodeAt(index), 0x01000193);
    const mask = this.slotHashes.length - 1;
    let slot = hash & mask;
    for (;;) {
      const existing = this.slotTokens[slot];
      if (existing === undefined) break;
      if (this.slotHashes[slot] === hash && existing === token) return this.slotTermIds[slot]!;
      slot = (slot + 1) & mask;
    }
    const termId = this.resolveToken(token);
    this.insert(slot, hash, token, termId);
    return termId;
  }

  private resolveToken(token: string): number {
    const term = this.analyzer.analyzeToken(token);
    return term === undefined ? -1 : this.idForTerm(term);
  }

  private insert(slot: number, hash: number, token: string, termId: number): void {
    this.slotHashes[slot] = hash;
    this.slotTokens[slot] = token;
    this.slotTermIds[slot] = termId;
    this.occupied += 1;
    if (this.occupied * 2 > this.slotHashes.length) this.grow();
  }

  private grow(): void {
    const oldHashes = this.slotHashes;
    const oldTokens = this.slotTokens;
    const oldTermIds = this.slotTermIds;
    const capacity = oldHashes.length * 2;
    this.slotHashes = new Int32Array(capacity);
    this.slotTokens = new Array(capacity);
    this.slotTermIds = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let old = 0; old < oldHashes.length; old += 1) {
      const token = oldTokens[old];
      if (token === undefined) continue;
      let slot = oldHashes[old]! & mask;
      while (this.slotTokens[slot] !== undefined) slot = (slot + 1) & mask;
      this.slotHashes[slot] = oldHashes[old]!;
      this.slotTokens[slot] = token;
      this.slotTermIds[slot] = oldTermIds[old]!;
    }
  }
}

/** Whether `token` equals the lowercased text range with apostrophes removed. */
function sameToken(token: string, text: string, start: number, end: number): boolean {
  let position = 0;
  for (let index = start; index < end; index += 1) {
    const code = lowerCode(text.charCodeAt(index));
    if (isApostropheCode(code)) continue;
    if (position >= token.length || token.charCodeAt(position) !== code) return false;
    position += 1;
  }
  return position === token.length;
}
