import { randomUUID } from 'node:crypto';
import type { Answer } from '../answer/answer.js';
import type { ReferralResource } from '../core/config.js';
import type { PolicyDecision } from './policy.js';
import type { PolicyTexts } from './policy-texts.js';

export interface PolicyAnswerContext {
  readonly question: string;
  readonly checkedOn: string;
  readonly disclaimer: string;
  readonly texts: PolicyTexts;
  readonly referrals: readonly ReferralResource[];
  readonly crisisResources: readonly ReferralResource[];
}

function emptyAnswer(context: PolicyAnswerContext, kind: Answer['kind'], notice: string): Answer {
  return {
    id: randomUUID(),
    question: context.question,
    kind,
    checkedOn: context.checkedOn,
    summary: [],
    sections: [],
    gaps: [],
    limitations: '',
    followUps: [],
    sources: [],
    related: [],
    notice,
    referrals: [],
    privateReply: true,
    generatedBy: 'policy',
    disclaimer: context.disclaimer,
  };
}

/** A refusal: nothing retrieved, nothing answered, the harmful request not repeated back. */
export function refusalAnswer(decision: PolicyDecision, context: PolicyAnswerContext): Answer {
  const notice =
    decision.refusalTopic === 'illegal-material'
      ? context.texts.refusalIllegalMaterial
      : decision.refusalTopic === 'evidence'
        ? context.texts.refusalEvidence
        : context.texts.refusalCrime;
  // The question is not echoed: a refused request may itself be harmful text.
  return {
    ...emptyAnswer({ ...context, question: '(request not shown)' }, 'refused', notice),
    referrals: [],
  };
}

/** Crisis resources first; a personal legal question in the same message gets the notice too. */
export function emergencyAnswer(decision: PolicyDecision, context: PolicyAnswerContext): Answer {
  const notice = decision.individualized
    ? `${context.texts.emergencyNotice}\n\n${context.texts.individualizedNotice}`
    : context.texts.emergencyNotice;
  return {
    ...emptyAnswer(context, 'emergency', notice),
    referrals: [...context.crisisResources, ...(decision.individualized ? context.referrals : [])],
  };
}

/**
 * An individualized reply: the general, cited information the composer found (if any), with
 * the notice that Amicus cannot advise on the asker's situation and where to get help.
 */
export function individualizedAnswer(
  general: Answer,
  decision: PolicyDecision,
  context: PolicyAnswerContext,
): Answer {
  const notice = decision.generalPart ? context.texts.mixedNotice : context.texts.individualizedNotice;
  const coverage =
    general.kind === 'no-answer' && general.notice
      ? `\n\nOn the general legal question: ${general.notice}`
      : '';
  return {
    ...general,
    question: context.question,
    kind: 'individualized',
    notice: `${notice}${coverage}`,
    referrals: [...(decision.mentionsSelfHarm ? context.crisisResources : []), ...context.referrals],
    privateReply: true,
  };
}
