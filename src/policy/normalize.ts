import { undoPigLatin } from './pig-latin.js';
import { correctTypos } from './typos.js';

/**
 * Stage 1 of the policy pipeline: one canonical spelling of what people type in chat, so the
 * later stages match words rather than spellings. Every step is its own function so a test can
 * pin it down; `normalizeText` runs them in order.
 *
 * The output is lowercase, without accents or apostrophes, with contractions and chat shorthand
 * written out ("rn" → "right now", "im" → "i am"), long letter runs shortened ("sooo" → "soo"),
 * pig latin read back (`pig-latin.ts`) and near-misses of the policy vocabulary corrected
 * ("suicde" → "suicide"). Sentence punctuation is kept: later stages split on it.
 */
export function normalizeText(text: string): string {
  return correctTypos(
    expandShorthand(
      squeezeRepeatedLetters(undoPigLatin(undoObfuscation(foldCharacters(joinSpacedWords(text))))),
    ),
  );
}

/** Look-alike letters from other scripts (Cyrillic, Greek) that people paste to dodge filters. */
const homoglyphs: Readonly<Record<string, string>> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ո: 'n',
  α: 'a',
  ε: 'e',
  ι: 'i',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  κ: 'k',
  ν: 'v',
};

/** Lowercase; curly quotes and dashes made plain; accents folded (Spanish "está" → "esta"). */
export function foldCharacters(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200b-\u200f\u2060\ufeff\u00ad]/g, '')
    .replace(/[\u0370-\u03ff\u0400-\u04ff\u0500-\u058f]/g, (character) => homoglyphs[character] ?? character)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .replace(/[\u201c\u201d\u00ab\u00bb]/g, '"')
    .replace(/[\u2013\u2014\u2212]/g, ' - ')
    .replace(/[\u00bf\u00a1]/g, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Spellings meant to slip past a filter: letters spaced or dotted out ("s u i c i d e",
 * "k.i.l.l") are joined, and digits and symbols standing for letters inside a word ("k1ll",
 * "unal1ve", "h3r0in", "$uicide") are read as letters. A token that is a number, a citation or
 * a known name with digits ("2252", "12(b)(6)", "9mm", "ar15", "401k", "h1b") has too few
 * letters or is on the list and stays as it is.
 */
const leet: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};
const keepsDigits =
  /^(?:\d+(?:st|nd|rd|th|s|k|am|pm|yo|yr|yrs|mm|g|mg|lbs?|x)|ar\d+|ak\d+|w\d|i\d+|[a-z]\d|covid\d+|mp\d|\dl|\d+[a-z])$/;

/** "h o w  t o  b u y": letters one space apart and words two apart, read before spaces are folded. */
export function joinSpacedWords(text: string): string {
  return text.replace(/\b(?:[a-z] {1,2}){5,}[a-z]\b/gi, (run) =>
    run
      .split(/ {2,}/)
      .map((word) => word.replace(/ /g, ''))
      .join(' '),
  );
}

export function undoObfuscation(text: string): string {
  return text
    .replace(/\b(?:[a-z][ .*_-]){3,}[a-z]\b/g, (run) => run.replace(/[ .*_-]/g, ''))
    .replace(/[a-z0-9@$]*[a-z][a-z0-9@$]*/g, (token) => {
      if (!/[0-9@$]/.test(token) || keepsDigits.test(token)) return token;
      // Short codes with a letter or two ("h1b", "eb5", "w2", "3l") are names, not disguises.
      const letters = (token.match(/[a-z]/g) ?? []).length;
      if (letters < 2 || (token.length <= 4 && letters <= 2)) return token;
      return token.replace(/[0134 57@$]/g, (character) => leet[character] ?? character);
    });
}

/** Three or more of one letter become two: "pleeease" → "pleease", "sooo" → "soo", "killll" → "kill". */
export function squeezeRepeatedLetters(text: string): string {
  return text.replace(/([a-z])\1{2,}/g, '$1$1');
}

/**
 * Chat shorthand and contractions, written out. Apostrophes are dropped first, so "don't" and
 * "dont" are the same token; the table then expands the token. Only whole tokens are replaced,
 * and a letter followed by a period ("u.s.c.") is never a token. Tokens that are also words
 * ("ill", "hell", "shed", "r" in "Fed. R. Civ. P.") are left alone.
 */
const shorthand: Readonly<Record<string, string>> = {
  rn: 'right now',
  u: 'you',
  ur: 'your',
  urself: 'yourself',
  myslef: 'myself',
  ure: 'you are',
  idk: 'i do not know',
  bc: 'because',
  cuz: 'because',
  coz: 'because',
  pls: 'please',
  plz: 'please',
  gonna: 'going to',
  rite: 'right',
  tryng: 'trying',
  tryin: 'trying',
  knowin: 'knowing',
  goin: 'going',
  doin: 'doing',
  sayin: 'saying',
  nothin: 'nothing',
  somethin: 'something',
  lookin: 'looking',
  thinkin: 'thinking',
  talkin: 'talking',
  comin: 'coming',
  gettin: 'getting',
  makin: 'making',
  takin: 'taking',
  tellin: 'telling',
  gunna: 'going to',
  wanna: 'want to',
  gotta: 'got to',
  imma: 'i am going to',
  ima: 'i am going to',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  tomorow: 'tomorrow',
  tonite: 'tonight',
  '2nite': 'tonight',
  rly: 'really',
  ppl: 'people',
  bf: 'boyfriend',
  gf: 'girlfriend',
  thru: 'through',
  abt: 'about',
  smth: 'something',
  ngl: '',
  tbh: '',
  im: 'i am',
  ive: 'i have',
  dont: 'do not',
  doesnt: 'does not',
  didnt: 'did not',
  cant: 'can not',
  cannot: 'can not',
  wont: 'will not',
  isnt: 'is not',
  arent: 'are not',
  wasnt: 'was not',
  werent: 'were not',
  havent: 'have not',
  hasnt: 'has not',
  couldnt: 'could not',
  shouldnt: 'should not',
  wouldnt: 'would not',
  hes: 'he is',
  shes: 'she is',
  theyre: 'they are',
  youre: 'you are',
  thats: 'that is',
  theres: 'there is',
  whats: 'what is',
  hows: 'how is',
  wheres: 'where is',
  whos: 'who is',
  itll: 'it will',
  youll: 'you will',
  theyll: 'they will',
  yall: 'you all',
  theyd: 'they would',
  youd: 'you would',
  hed: 'he would',
};

export function expandShorthand(text: string): string {
  return (
    text
      .replace(/\bw\/o\b/g, 'without')
      // "how 2 get", "want 2 know": the digit for "to" after a verb.
      .replace(/\b(how|want|need|going|got|have|has|able|trying|try|where) 2\b/g, '$1 to')
      .replace(/\bw\//g, 'with ')
      .replace(/\bb\/c\b/g, 'because')
      // A possessive loses its "'s" ("employer's" → "employer"); in "he's", "that's" the apostrophe
      // goes and the table below writes the word out, as for "i'm" and "don't".
      .replace(/\b(he|she|it|that|there|what|who|where|how|here|let)'s\b/g, '$1s')
      .replace(/([a-z])'s\b/g, '$1')
      // "he'll", "they're", "i've", "she'd": written out before the apostrophe goes, since
      // "hell", "shell", "ill" and "shed" are words of their own.
      .replace(/\b(i|you|he|she|we|they|it|that|there|who)'ll\b/g, '$1 will')
      .replace(/\b(you|we|they|who)'re\b/g, '$1 are')
      .replace(/\b(i|you|we|they|who|should|could|would|might|must)'ve\b/g, '$1 have')
      .replace(/\b(i|you|he|she|we|they)'d\b/g, '$1 would')
      .replace(/([a-z])'([a-z])/g, '$1$2')
      // What is left are quotation marks: "my 'friend'", "he should 'forget' what he saw".
      .replace(/['"]/g, '')
      .replace(/(?<![\w.])[a-z0-9]+(?![\w.]|\.[a-z])/g, (token) => shorthand[token] ?? token)
      .replace(/\s+/g, ' ')
      .trim()
  );
}
