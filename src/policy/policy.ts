import type { Audience } from '../core/config.js';
import type { EmergencyKind } from './emergency/index.js';
import type { FramingKind } from './framing.js';

/** How a question is handled before anything is retrieved (GUIDE §2: policy comes first). */
export type PolicyCategory = 'general' | 'individualized' | 'refused' | 'emergency';

export type RefusalTopic = 'illegal-material' | 'crime' | 'evidence';

/** Where the question was asked: who the deployment or channel says its askers are. */
export interface PolicyContext {
  /** `public` (the default), `students` or `staff`. */
  readonly audience?: Audience | undefined;
}

export interface PolicyDecision {
  readonly category: PolicyCategory;
  /**
   * The question is about the asker's own situation (or that of someone close to them) and asks
   * what to do, what will happen, or for a drafted document. Set independently of emergencies:
   * a person in danger who also asks about their case gets crisis resources first, then the
   * individualized notice.
   */
  readonly individualized: boolean;
  /** For a mixed question, and for an emergency that also asks a legal question: the general part. */
  readonly generalPart: string | undefined;
  /** Set for a refusal, and for an emergency that also asks for help with a crime (nothing is answered). */
  readonly refusalTopic: RefusalTopic | undefined;
  /** What kinds of danger were found (empty unless the category is `emergency`). */
  readonly emergencyKinds: readonly EmergencyKind[];
  /** The framings found and cut out before classifying (they never change the outcome). */
  readonly framings: readonly FramingKind[];
  /**
   * A staff channel's question about a client's matter: answered as general information with a
   * reminder to apply professional judgement.
   */
  readonly professionalMatter: boolean;
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
  classify(text: string, context?: PolicyContext): Promise<PolicyDecision>;
}
