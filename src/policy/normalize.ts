import { correctTypos } from './typos.js';

/**
 * Stage 1 of the policy pipeline: one canonical spelling of what people type in chat, so the
 * later stages match words rather than spellings. Every step is its own function so a test can
 * pin it down; `normalizeText` runs them in order.
 *
 * The output is lowercase, without accents or apostrophes, with contractions and chat shorthand
 * written out ("rn" → "right now", "im" → "i am"), long letter runs shortened ("sooo" → "soo")
 * and near-misses of the policy vocabulary corrected ("suicde" → "suicide"). Sentence
 * punctuation is kept: later stages split on it.
 */
export function normalizeText(text: string): string {
  return correctTypos(expandShorthand(squeezeRepeatedLetters(foldCharacters(text))));
}

/** Lowercase; curly quotes and dashes made plain; accents folded (Spanish "está" → "esta"). */
export function foldCharacters(text: string): string {
  return text
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
      .replace(/\bw\//g, 'with ')
      .replace(/\bb\/c\b/g, 'because')
      // A possessive loses its "'s" ("employer's" → "employer"); in "he's", "that's" the apostrophe
      // goes and the table below writes the word out, as for "i'm" and "don't".
      .replace(/\b(he|she|it|that|there|what|who|where|how|here|let)'s\b/g, '$1s')
      .replace(/([a-z])'s\b/g, '$1')
      .replace(/([a-z])'([a-z])/g, '$1$2')
      .replace(/(?<![\w.])[a-z0-9]+(?![\w.]|\.[a-z])/g, (token) => shorthand[token] ?? token)
      .replace(/\s+/g, ' ')
      .trim()
  );
}
