import { z } from 'zod';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import { defaultFamilies, extractFeatures, featureFamilies } from './features.js';
import committedModel from './policy-model.json' with { type: 'json' };

/**
 * A small multinomial logistic regression over `features.ts`, trained by
 * `bench/policy-model.ts` (its weights are `policy-model.json`, committed). It is a backstop
 * alongside the rules and can only add caution (see `rule-classifier.ts`). Deterministic: the
 * same text always gets the same probabilities.
 */
export const modelCategories = ['general', 'individualized', 'refused', 'emergency'] as const;
export type ModelCategory = (typeof modelCategories)[number];

export const policyModelSchema = z.object({
  version: z.literal(1),
  /** Where the weights came from: the training files and the command. */
  trainedOn: z.array(z.string().min(1)).min(1),
  categories: z.tuple([
    z.literal('general'),
    z.literal('individualized'),
    z.literal('refused'),
    z.literal('emergency'),
  ]),
  /** The feature families it was trained with (`features.ts`); models before round 3 name none. */
  features: z.array(z.enum(featureFamilies)).min(1).optional(),
  bias: z.array(z.number()).length(4),
  /** Feature name → one weight per category. */
  weights: z.record(z.string(), z.array(z.number()).length(4)),
  /** Probability at or above which the model's category is taken where the rules saw less caution. */
  thresholds: z.object({
    emergency: z.number().min(0).max(1),
    refused: z.number().min(0).max(1),
    individualized: z.number().min(0).max(1),
    /** A higher bar at which an emergency needs only someone in particular, not a word of danger. */
    emergencyStrong: z.number().min(0).max(1).optional(),
    /** A higher bar at which a refusal needs only an explicit ask for capability, not a word of crime. */
    refusedStrong: z.number().min(0).max(1).optional(),
  }),
});
export type PolicyModel = z.infer<typeof policyModelSchema>;

/** Checks a model's weights (the committed file, or one a training run wrote); `where` names it in errors. */
export function parsePolicyModel(raw: unknown, where: string): PolicyModel {
  const parsed = policyModelSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AmicusError(
      ErrorCode.ConfigInvalid,
      `${where}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid policy model'}`,
      { location: where },
    );
  }
  return parsed.data;
}

let cached: PolicyModel | undefined;

/** The committed model (`src/policy/model/policy-model.json`), checked once on first use. */
export function committedPolicyModel(): PolicyModel {
  cached ??= parsePolicyModel(committedModel, 'src/policy/model/policy-model.json');
  return cached;
}

/** Softmax probabilities per category for a set of features. */
export function predictFeatures(
  model: Pick<PolicyModel, 'bias' | 'weights'>,
  features: readonly string[],
): number[] {
  const scores = [...model.bias];
  for (const feature of features) {
    const weights = model.weights[feature];
    if (weights === undefined) continue;
    for (let category = 0; category < scores.length; category += 1)
      scores[category] = (scores[category] ?? 0) + (weights[category] ?? 0);
  }
  const top = Math.max(...scores);
  const exponentials = scores.map((score) => Math.exp(score - top));
  const total = exponentials.reduce((sum, value) => sum + value, 0);
  return exponentials.map((value) => value / total);
}

export function predict(model: PolicyModel, normalizedRemainder: string): Record<ModelCategory, number> {
  const probabilities = predictFeatures(
    model,
    extractFeatures(normalizedRemainder, model.features ?? defaultFamilies),
  );
  return {
    general: probabilities[0] ?? 0,
    individualized: probabilities[1] ?? 0,
    refused: probabilities[2] ?? 0,
    emergency: probabilities[3] ?? 0,
  };
}
