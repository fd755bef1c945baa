import type { StoredPassage } from '../store/passage-rows.js';

/** "Affirmative Defense" → "Affirmative defense"; keeps acronyms and names that are all capitals. */
function sentenceCase(text: string): string {
  const words = text.split(' ');
  return words
    .map((word, index) => {
      if (index === 0) return word.charAt(0).toUpperCase() + word.slice(1);
      if (/^[A-Z]{2,}$/.test(word) || /\d/.test(word)) return word;
      return word.charAt(0) + word.slice(1).toLowerCase() === word ? word.toLowerCase() : word;
    })
    .join(' ');
}

function shorten(text: string, maxWords: number): string {
  const words = text.split(' ');
  return words.length <= maxWords ? text : `${words.slice(0, maxWords).join(' ')}…`;
}

/**
 * What a passage is about, in words a reader understands: its own caption when it has one
 * ("(c) Affirmative Defense." → "Affirmative defense"), else its section's title without the
 * number ("§ 1001. Statements or entries generally" → "Statements or entries generally").
 */
export function passageTopic(passage: StoredPassage): string {
  const own = passage.heading
    .replace(/^(?:\([A-Za-z0-9]{1,6}\)\s*)+/, '')
    .replace(/\s*\.\s*$/, '')
    .trim();
  const isCaption =
    own.length > 0 && own.split(' ').length <= 8 && /^[A-Z]/.test(own) && !/[—–-]$|\bthat$|\bwho$/.test(own);
  if (isCaption && !/^(?:§|Rule\s)/.test(own)) return sentenceCase(own);
  const section = passage.breadcrumb.find((heading) => /^(?:§|Rule\s)/.test(heading)) ?? passage.heading;
  const title = section
    .replace(/^§+\s*[\dA-Za-z.–-]+(?:\s+to\s+[\dA-Za-z.–-]+)?\.\s*/, '')
    .replace(/^Rule\s+[\d.]+\.\s*/, '')
    .split(/\s+-\s+/)[0]!
    .replace(/\s*\.\s*$/, '')
    .trim();
  return shorten(sentenceCase(title || passage.label), 10);
}

/** A section heading for an answer: "Affirmative defense — 18 U.S.C. § 2252(c)". */
export function sectionHeading(passage: StoredPassage): string {
  return `${passageTopic(passage)} — ${passage.label}`;
}

/** A follow-up question that the corpus can answer: it names the section, so retrieval finds it. */
export function followUpQuestion(passage: StoredPassage): string {
  const topic = passageTopic(passage);
  const lower = topic.charAt(0).toLowerCase() + topic.slice(1);
  if (/^definitions?\b/i.test(topic)) return `How does ${passage.sectionLabel} define its key terms?`;
  if (/penalt|punish|sentenc/i.test(topic)) return `What penalties does ${passage.sectionLabel} set?`;
  return `What does ${passage.sectionLabel} say about ${lower}?`;
}
