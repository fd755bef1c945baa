/**
 * Sentence boundaries in legal text, and cutting a long paragraph into overlapping pieces of
 * whole sentences. Used by the splitter, and by answers and policy to work sentence by sentence.
 */

/** Abbreviations (lowercase, final period dropped) whose period does not end a sentence in legal text. */
const abbreviations = new Set(
  (
    'u.s u.s.c no nos pub l stat sec secs ch cl art subch pt par subpar fed r evid civ crim app p supp cir ' +
    'v vs e.g i.e inc co corp ltd mr mrs ms dr st jan feb mar apr jun jul aug sep sept oct nov dec'
  ).split(' '),
);

const sentenceEnd = /[.!?][”"’')\]]*\s+(?=[A-Z“"‘([])/g;

/** Splits text after sentence-ending punctuation, skipping abbreviations and initials. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(sentenceEnd)) {
    const periodIndex = match.index;
    const wordStart = text.lastIndexOf(' ', periodIndex - 1) + 1;
    const word = text.slice(wordStart, periodIndex).toLowerCase();
    if (text[periodIndex] === '.' && (abbreviations.has(word) || /^[a-z]$/.test(word))) continue;
    const end = periodIndex + match[0].trimEnd().length;
    sentences.push(text.slice(start, end));
    start = end + (match[0].length - match[0].trimEnd().length);
  }
  if (start < text.length) sentences.push(text.slice(start));
  return sentences.filter((sentence) => sentence.trim().length > 0);
}

/** Cuts one over-long sentence at `; `, else `, `, else a space, as late as the limit allows. */
function splitAtWords(sentence: string, maxCharacters: number): string[] {
  const pieces: string[] = [];
  let rest = sentence;
  while (rest.length > maxCharacters) {
    const window = rest.slice(0, maxCharacters + 1);
    const earliest = Math.floor(maxCharacters / 2);
    let cut = window.lastIndexOf('; ');
    if (cut < earliest) cut = window.lastIndexOf(', ');
    if (cut < earliest) cut = window.lastIndexOf(' ');
    cut = cut <= 0 ? maxCharacters : cut + 1;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

/**
 * Splits a paragraph longer than the limit into pieces of whole sentences, each piece after
 * the first repeating the previous piece's last sentence so a reader of one piece keeps the
 * thread. Pieces aim at equal sizes so the last one is not a stub. `firstPieceReserve`
 * characters of the first piece are kept free for text the caller puts in front of it.
 */
export function splitLongText(text: string, maxCharacters: number, firstPieceReserve = 0): string[] {
  const firstLimit = Math.max(maxCharacters - firstPieceReserve, Math.floor(maxCharacters / 4));
  const sentences = splitSentences(text).flatMap((sentence) =>
    sentence.length > firstLimit
      ? splitAtWords(sentence, firstLimit).map((piece) => ({ text: piece, isWhole: false }))
      : [{ text: sentence, isWhole: true }],
  );
  const pieceCount = Math.max(2, Math.ceil((text.length + firstPieceReserve) / maxCharacters));
  const target = Math.ceil((text.length + firstPieceReserve) / pieceCount) + 200;
  const pieces: string[] = [];
  let current: typeof sentences = [];
  let currentSize = 0;
  // False while `current` holds only the sentence repeated from the previous piece.
  let currentHasNewText = false;
  for (const sentence of sentences) {
    const limit = pieces.length === 0 ? firstLimit : maxCharacters;
    const sizeWithSentence = currentSize + 1 + sentence.text.length;
    if (currentHasNewText && sizeWithSentence > Math.min(target, limit)) {
      pieces.push(current.map((part) => part.text).join(' '));
      const overlap = current.at(-1)!;
      const overlapFits =
        overlap.isWhole &&
        sentence.isWhole &&
        overlap.text.length <= maxCharacters / 3 &&
        overlap.text.length + 1 + sentence.text.length <= maxCharacters;
      current = overlapFits ? [overlap] : [];
      currentSize = overlapFits ? overlap.text.length : 0;
    } else if (!currentHasNewText && current.length > 0 && sizeWithSentence > limit) {
      current = [];
      currentSize = 0;
    }
    currentSize += (current.length > 0 ? 1 : 0) + sentence.text.length;
    current.push(sentence);
    currentHasNewText = true;
  }
  if (currentHasNewText) pieces.push(current.map((part) => part.text).join(' '));
  return pieces;
}
