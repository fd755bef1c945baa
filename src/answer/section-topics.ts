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
 * Captions that say nothing about what a passage holds ("(a) In general."): the section's title
 * tells a reader more, both as an answer heading and in a follow-up question.
 */
const genericCaption =
  /^(?:in general|generally|general rule|general provisions?|applicability|application|scope|purpose|other)$/i;

const sentenceOpening =
  /^(?:As used|For (?:the )?purposes|In (?:this|the case|any)|Whoever|Any|Each|Every|If|Except|Notwithstanding|Nothing|No|Upon|When|Where|Unless|Subject to|A|An|The)\b/;

/** The passage's own caption, "(c) Affirmative Defense." → "Affirmative Defense", when it has a telling one. */
export function ownCaption(passage: StoredPassage): string | undefined {
  const own = passage.heading
    .replace(/^(?:\([A-Za-z0-9]{1,6}\)\s*)+/, '')
    .replace(/\s*\.\s*$/, '')
    .trim();
  const isCaption =
    own.length > 0 && own.split(' ').length <= 8 && /^[A-Z]/.test(own) && !/[—–-]$|\bthat$|\bwho$/.test(own);
  if (!isCaption || /^(?:§|Rule\s)/.test(own) || genericCaption.test(own)) return undefined;
  // An uncaptioned subsection's heading is the start of its first sentence ("(a) Whoever",
  // "(c) As used in this section"): a clause, not a topic.
  if (
    sentenceOpening.test(own) &&
    !/^The\s+\S+\.$/.test(passage.heading.replace(/^(?:\([A-Za-z0-9]{1,6}\)\s*)+/, ''))
  )
    return undefined;
  return own;
}

/**
 * The title of the passage's section without its number. U.S. Code section titles are already in
 * sentence case with names capitalised ("New York", "United States magistrate judges"), so only
 * rule titles, which are in title case, are re-cased.
 */
function sectionTitle(passage: StoredPassage): string {
  const section = passage.breadcrumb.find((heading) => /^(?:§|Rule\s)/.test(heading)) ?? passage.heading;
  const isRule = /^Rule\s/.test(section);
  const title = section
    .replace(/^§+\s*[\dA-Za-z.–-]+(?:\s+to\s+[\dA-Za-z.–-]+)?\.\s*/, '')
    .replace(/^Rule\s+[\d.]+\.\s*/, '')
    .split(/\s+-\s+/)[0]!
    .replace(/\s*\.\s*$/, '')
    .trim();
  if (!title) return passage.label;
  return shorten(isRule ? sentenceCase(title) : title, 10);
}

/**
 * What a passage is about, in words a reader understands: its own caption when it has a telling
 * one ("(c) Affirmative Defense." → "Affirmative defense"), else its section's title without the
 * number ("§ 1001. Statements or entries generally" → "Statements or entries generally").
 */
export function passageTopic(passage: StoredPassage): string {
  const caption = ownCaption(passage);
  return caption === undefined ? sectionTitle(passage) : sentenceCase(caption);
}

/** A section heading for an answer: "Affirmative defense — 18 U.S.C. § 2252(c)". */
export function sectionHeading(passage: StoredPassage): string {
  return `${passageTopic(passage)} — ${passage.label}`;
}

/** A follow-up question that the corpus can answer: it names the section, so retrieval finds it. */
export function followUpQuestion(passage: StoredPassage): string {
  const topic = passageTopic(passage);
  // "New York" and "FBI agents" keep their capitals mid-sentence; "Affirmative defense" does not.
  const startsWithName = /^[A-Z]{2,}\b|^[A-Z]\S*\s+[A-Z]/.test(topic);
  const lower = startsWithName ? topic : topic.charAt(0).toLowerCase() + topic.slice(1);
  if (/^definitions?\b/i.test(topic)) return `How does ${passage.sectionLabel} define its key terms?`;
  if (/penalt|punish|sentenc/i.test(topic)) return `What penalties does ${passage.sectionLabel} set?`;
  return `What does ${passage.sectionLabel} say about ${lower}?`;
}
