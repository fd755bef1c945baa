/** What a follow-up button needs to ask its question in the right conversation. */
export interface RememberedAnswer {
  readonly followUps: readonly string[];
  /** The conversation thread the answer belongs to. */
  readonly threadId: string;
  /** Whether the answer was private; its follow-ups are answered privately too. */
  readonly ephemeral: boolean;
  readonly jurisdiction: string | undefined;
}

export interface FollowUpQuestion {
  readonly question: string;
  readonly threadId: string;
  readonly ephemeral: boolean;
  readonly jurisdiction: string | undefined;
}

/**
 * Follow-up questions of recent answers, by answer id. A button's custom id (at most 100
 * characters) carries only the answer id and the index; the question itself stays here. The map
 * is bounded: the oldest answers are forgotten first, and their buttons then say so.
 */
export class FollowUpRegistry {
  private readonly answers = new Map<string, RememberedAnswer>();

  constructor(private readonly capacity = 5000) {}

  remember(answerId: string, answer: RememberedAnswer): void {
    if (answer.followUps.length === 0) return;
    this.answers.delete(answerId);
    this.answers.set(answerId, answer);
    while (this.answers.size > this.capacity) {
      const oldest = this.answers.keys().next();
      if (oldest.done) break;
      this.answers.delete(oldest.value);
    }
  }

  lookup(answerId: string, index: number): FollowUpQuestion | undefined {
    const answer = this.answers.get(answerId);
    const question = answer?.followUps[index];
    if (answer === undefined || question === undefined) return undefined;
    return {
      question,
      threadId: answer.threadId,
      ephemeral: answer.ephemeral,
      jurisdiction: answer.jurisdiction,
    };
  }
}
