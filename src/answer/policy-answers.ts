import { randomUUID } from 'node:crypto';
import type { ReferralResource } from '../core/config.js';
import type { PolicyDecision } from '../policy/policy.js';
import type { PolicyTexts } from '../policy/policy-texts.js';
import type { Answer } from './answer.js';

/**
 * The answers for what the policy decided: a refusal, crisis resources, an individualized or a
 * staff reply. Policy only decides (`PolicyDecision`); composing an answer from the decision is
 * the answer stage's work, so this lives here and policy never imports an answer type.
 */

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

/**
 * Crisis resources first; a personal legal question in the same message gets the notice too.
 * When the message also asks a legal question the sources answer, that general, cited
 * information follows the resources; nearest sources that do not answer are not listed, and
 * nothing is added when the message also asks for help with a crime.
 */
export function emergencyAnswer(
  decision: PolicyDecision,
  context: PolicyAnswerContext,
  general?: Answer,
): Answer {
  const notice = decision.individualized
    ? `${context.texts.emergencyNotice}\n\n${context.texts.individualizedNotice}`
    : context.texts.emergencyNotice;
  const base = emptyAnswer(context, 'emergency', notice);
  const information =
    general !== undefined && general.kind === 'answer' && general.sources.length > 0
      ? {
          summary: general.summary,
          sections: general.sections,
          gaps: general.gaps,
          limitations: general.limitations,
          sources: general.sources,
          generatedBy: general.generatedBy,
          ...(general.verification ? { verification: general.verification } : {}),
        }
      : {};
  return {
    ...base,
    ...information,
    referrals: [...context.crisisResources, ...(decision.individualized ? context.referrals : [])],
  };
}

/** A staff channel's question about a client's matter: the general answer with a short reminder. */
export function professionalAnswer(general: Answer, context: PolicyAnswerContext): Answer {
  const coverage = general.kind === 'no-answer' && general.notice ? `\n\n${general.notice}` : '';
  return { ...general, notice: `${context.texts.staffReminder}${coverage}`, privateReply: true };
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
  // Where the sources have nothing, one sentence says so; the nearest sources are not listed,
  // since they do not answer and would only distract from where to get help.
  const uncovered = general.kind === 'no-answer';
  const coverage = uncovered ? `\n\n${context.texts.notCovered}` : '';
  return {
    ...general,
    ...(uncovered ? { related: [], gaps: [] } : {}),
    question: context.question,
    kind: 'individualized',
    notice: `${notice}${coverage}`,
    referrals: [...(decision.mentionsSelfHarm ? context.crisisResources : []), ...context.referrals],
    privateReply: true,
  };
}
