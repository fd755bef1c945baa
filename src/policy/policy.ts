/** How a question is handled before anything is retrieved (GUIDE §2: policy comes first). */
export type PolicyCategory = 'general' | 'individualized' | 'refused' | 'emergency';

export type RefusalTopic = 'illegal-material' | 'crime' | 'evidence';

export interface PolicyDecision {
  readonly category: PolicyCategory;
  /**
   * The question is about the asker's own situation (or that of someone close to them) and asks
   * what to do, what will happen, or for a drafted document. Set independently of emergencies:
   * a person in danger who also asks about their case gets crisis resources first, then the
   * individualized notice.
   */
  readonly individualized: boolean;
  /** For a mixed question: its general part, answered as usual. */
  readonly generalPart: string | undefined;
  readonly refusalTopic: RefusalTopic | undefined;
  /** Personal details found (email, phone, SSN, address, case number). */
  readonly personalDetails: readonly string[];
  /** Adapters should answer privately (ephemeral) where the surface allows it. */
  readonly privateReply: boolean;
  /** Mentions of self-harm that are not an emergency still get crisis resources listed. */
  readonly mentionsSelfHarm: boolean;
  /** Names of the rules that fired, for evaluation and tests (never the text itself). */
  readonly signals: readonly string[];
}

/** The policy port: the deterministic classifier, optionally with an LLM second opinion. */
export interface PolicyClassifier {
  classify(text: string): Promise<PolicyDecision>;
}
