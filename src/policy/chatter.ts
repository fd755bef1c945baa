import { isQuestion, splitSentences } from './clauses.js';
import { withoutFigures } from './emergency/index.js';
import { notViolence } from './emergency/violence.js';
import { normalizeText } from './normalize.js';

/**
 * Chatter before the question: "student loans are literally killing me 💀 unrelated but what's
 * the difference between tax avoidance and evasion", "my manager will literally end me if i miss
 * another standup 😂 anyway can someone explain what counts as a serious health condition".
 * What comes before such a turn is not the matter asked about, so the personal stages and
 * retrieval read the question after it. The emergency and refusal stages still read everything:
 * a danger or a request for a crime is never chatter.
 */

/** A turn away from what came before. */
const turn =
  /\b(?:unrelated(?: question| q)?,?(?: but)?|on (?:a|an|another) (?:different|unrelated|other|separate)? ?note|(?:totally |completely )?(?:different|separate|random|unrelated) (?:question|q)(?: but| though)?|changing the subject|off topic(?: but)?|anyway|anyways|anyhow|moving on|but yeah)\b[\s,:;.!-]*/i;

/** "will literally end me", "gonna kill me lol": a threat to oneself said in jest. */
const jokingOnSelf =
  /\bliterally (?:\w+ )?(?:end|kill|murder|destroy) me\b|\b(?:end|kill|murder|destroy) me\b[^.?!]*(?:\blol\b|\blmao\b|\bhaha\w*|😂|💀|🤣|😭)/;

/** Whether a piece of text holds a figure of speech built on a word of danger. */
export function holdsFigureOfSpeech(text: string): boolean {
  const normalized = normalizeText(text);
  notViolence.lastIndex = 0;
  const hyperbole = notViolence.test(normalized);
  notViolence.lastIndex = 0;
  return hyperbole || withoutFigures(normalized) !== normalized || jokingOnSelf.test(normalized);
}

/** Words that point back at what came before: the question depends on it. */
const refersBack = /\b(?:he|she|him|his|they|them|their|it|this|these|those)\b/i;

const asksSomething = (text: string) =>
  text.includes('?') || splitSentences(normalizeText(text)).some((sentence) => isQuestion(sentence));

/**
 * The question after a turn away from a figure of speech, or undefined when there is none. The
 * part before must ask nothing; the part after must ask something and not refer back.
 */
export function questionAfterChatter(text: string): string | undefined {
  const match = turn.exec(text);
  if (!match) return undefined;
  const before = text.slice(0, match.index).trim();
  const after = text.slice(match.index + match[0].length).trim();
  if (before.length === 0 || after.length === 0) return undefined;
  // Only a figure of speech is chatter: "my landlord kept my deposit. anyway, what is…" tells a
  // matter of the asker's own, whatever the turn says.
  if (asksSomething(before) || !holdsFigureOfSpeech(before)) return undefined;
  return asksSomething(after) && !refersBack.test(after) ? after : undefined;
}

/**
 * "this rent is literally killing me lol. what's the federal penalty for carjacking?": opening
 * sentences that are only figures of speech, then the question. Used for what is searched, when
 * the text is already a general question; the personal stages still read those sentences.
 */
export function questionAfterFigures(text: string): string | undefined {
  const sentences = splitSentences(text);
  let lead = 0;
  while (lead < sentences.length && !asksSomething(sentences[lead]!) && holdsFigureOfSpeech(sentences[lead]!))
    lead += 1;
  if (lead === 0 || lead === sentences.length) return undefined;
  const rest = sentences.slice(lead).join(' ');
  return asksSomething(rest) && !refersBack.test(rest) ? rest : undefined;
}
