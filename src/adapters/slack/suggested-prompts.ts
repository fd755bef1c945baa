import type { CollectionSummary } from '../../store/passage-store.js';

/** A prompt Slack shows under the composer; clicking it sends `message` as the user's question. */
export interface SuggestedPrompt {
  readonly title: string;
  readonly message: string;
}

/** A suggested prompt and the collection whose text answers it. */
export interface PromptCandidate extends SuggestedPrompt {
  readonly collection: string;
}

/**
 * Questions from the answer gallery (docs/answer-gallery.md) whose answers were read and judged
 * good: each is answered from the named collection, so a prompt is offered only where that
 * collection is ingested. Slack shows at most four; one per collection comes first, so the
 * prompts show the breadth of the corpus rather than four questions about one statute.
 */
export const promptCandidates: readonly PromptCandidate[] = [
  {
    title: 'Notice of appeal deadline',
    message: 'How many days do you have to file a notice of appeal in a federal civil case?',
    collection: 'federal-rules-frap-2012',
  },
  {
    title: 'Excited utterances',
    message: 'What is an excited utterance and is it an exception to the hearsay rule?',
    collection: 'federal-rules-fre-2012',
  },
  {
    title: 'Fair use',
    message: 'What are the four fair use factors?',
    collection: 'usc-title-17',
  },
  {
    title: 'Filing without the fee',
    message: 'Who can file a federal lawsuit without paying the filing fee?',
    collection: 'usc-title-28',
  },
  {
    title: 'Identity theft penalty',
    message: 'What is the penalty for aggravated identity theft?',
    collection: 'usc-title-18',
  },
  {
    title: 'Civil jury size',
    message: 'How many jurors sit on a federal civil jury?',
    collection: 'federal-rules-frcp-2012',
  },
  {
    title: 'Guilty pleas',
    message: 'What must a federal judge tell a defendant before accepting a guilty plea?',
    collection: 'federal-rules-frcrp-2012',
  },
  {
    title: 'Patent term',
    message: 'How long does a utility patent last?',
    collection: 'usc-title-35',
  },
  {
    title: 'Counterfeit trademarks',
    message: 'What can a trademark owner recover when someone sells goods with a counterfeit of the mark?',
    collection: 'usc-title-15-ch22',
  },
];

/**
 * Up to `limit` (Slack's maximum, four) prompts the ingested collections answer: candidates
 * whose collection is ingested, in order, at most one per collection until every collection has
 * had its turn. None when nothing the candidates need is ingested: a prompt the corpus cannot
 * answer would be a bad first question.
 */
export function suggestedPromptsFor(
  collections: readonly Pick<CollectionSummary, 'id'>[],
  candidates: readonly PromptCandidate[] = promptCandidates,
  limit = 4,
): SuggestedPrompt[] {
  const ingested = new Set(collections.map((collection) => collection.id));
  const available = candidates.filter((candidate) => ingested.has(candidate.collection));
  const chosen: PromptCandidate[] = [];
  const covered = new Set<string>();
  for (const candidate of available) {
    if (chosen.length < limit && !covered.has(candidate.collection)) {
      chosen.push(candidate);
      covered.add(candidate.collection);
    }
  }
  for (const candidate of available)
    if (chosen.length < limit && !chosen.includes(candidate)) chosen.push(candidate);
  return chosen.map(({ title, message }) => ({ title, message }));
}
