/**
 * Trains the statistical backstop of the policy classifier (`src/policy/model/`) and measures
 * it leave-one-writer-out.
 *
 *   npm run bench:policy-model -- --folds            # LOWO table: train without a writer, measure on it
 *   npm run bench:policy-model -- --write --held-out=A,B,C   # train on everything, write the weights
 *   npm run format                                   # Biome lays out the written JSON
 *
 * The model is a multinomial logistic regression (four categories) over word stems, stem pairs
 * and lexicon-cue features, fitted by full-batch gradient descent from zero weights for a fixed
 * number of rounds: the same files always give the same weights. Figures are printed for the
 * model alone (its most probable category) and for the rules with the model as a backstop (the
 * model may only add caution: anything → emergency where the text holds a sign of danger,
 * general or individualized → refused where it asks for a method beside a hint of crime,
 * general → individualized).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readEvaluationFile } from '../src/evaluation/question-file.js';
import { stripFramings } from '../src/policy/framing.js';
import { extractFeatures } from '../src/policy/model/features.js';
import {
  type ModelCategory,
  modelCategories,
  type PolicyModel,
  parsePolicyModel,
  predictFeatures,
} from '../src/policy/model/statistical-backstop.js';
import { normalizeText } from '../src/policy/normalize.js';
import { hintsAtCrime } from '../src/policy/refusal.js';
import { mentionsDanger, RulePolicyClassifier } from '../src/policy/rule-classifier.js';

const shared = process.env.AMICUS_SHARED ?? path.resolve(import.meta.dirname, '..', '..', 'shared');
const bench = (name: string) => path.join(import.meta.dirname, name);

/** Files every fold trains on (the round-1 held-out splits are kept out: they stay held out). */
const baseTraining = [
  path.join(shared, 'eval', 'policy-dev.jsonl'),
  path.join(shared, 'eval', 'advice-dev.jsonl'),
  path.join(shared, 'eval', 'questions-dev.jsonl'),
  bench('policy-adversarial.jsonl'),
  bench('policy-posts.jsonl'),
];
const writers = {
  A: bench('policy-writers/writer-a.jsonl'),
  B: bench('policy-writers/writer-b.jsonl'),
  C: bench('policy-writers/writer-c.jsonl'),
} as const;

interface Example {
  readonly text: string;
  readonly label: ModelCategory;
  readonly lookalike: boolean;
}

function examples(file: string): Example[] {
  const evaluation = readEvaluationFile(file);
  if (evaluation.kind === 'questions')
    return evaluation.items.map((item) => ({ text: item.question, label: 'general', lookalike: false }));
  return evaluation.items.map((item) => ({
    text: item.text,
    label: item.expected ?? (item.individualized ? 'individualized' : 'general'),
    lookalike: item.category === 'lookalike',
  }));
}

const remainderOf = (text: string) => stripFramings(normalizeText(text)).remainder;

/** Fits the weights. Features seen fewer than twice in training are left out. */
export function train(training: readonly Example[], trainedOn: readonly string[]): PolicyModel {
  const featureSets = training.map((example) => extractFeatures(remainderOf(example.text)));
  const counts = new Map<string, number>();
  for (const features of featureSets)
    for (const feature of features) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const kept = [...counts]
    .filter(([, count]) => count >= 2)
    .map(([feature]) => feature)
    .sort();
  const index = new Map(kept.map((feature, position) => [feature, position]));
  const rows = featureSets.map((features) => features.flatMap((feature) => index.get(feature) ?? []));
  const labels = training.map((example) => modelCategories.indexOf(example.label));
  const classes = modelCategories.length;
  const weights = kept.map(() => new Array<number>(classes).fill(0));
  const bias = new Array<number>(classes).fill(0);
  const rounds = 400;
  const rate = 0.5;
  const l2 = 0.002;
  for (let round = 0; round < rounds; round += 1) {
    const weightGradient = kept.map(() => new Array<number>(classes).fill(0));
    const biasGradient = new Array<number>(classes).fill(0);
    rows.forEach((row, example) => {
      const probabilities = new Array<number>(classes).fill(0);
      const scores = [...bias];
      for (const feature of row)
        for (let c = 0; c < classes; c += 1) scores[c] = (scores[c] ?? 0) + (weights[feature]?.[c] ?? 0);
      const top = Math.max(...scores);
      const exponentials = scores.map((score) => Math.exp(score - top));
      const total = exponentials.reduce((sum, value) => sum + value, 0);
      for (let c = 0; c < classes; c += 1) probabilities[c] = (exponentials[c] ?? 0) / total;
      for (let c = 0; c < classes; c += 1) {
        const error = (probabilities[c] ?? 0) - (labels[example] === c ? 1 : 0);
        biasGradient[c] = (biasGradient[c] ?? 0) + error;
        for (const feature of row) {
          const gradient = weightGradient[feature];
          if (gradient) gradient[c] = (gradient[c] ?? 0) + error;
        }
      }
    });
    const size = rows.length;
    for (let c = 0; c < classes; c += 1) bias[c] = (bias[c] ?? 0) - (rate * (biasGradient[c] ?? 0)) / size;
    weights.forEach((row, feature) => {
      for (let c = 0; c < classes; c += 1)
        row[c] = (row[c] ?? 0) - rate * ((weightGradient[feature]?.[c] ?? 0) / size + l2 * (row[c] ?? 0));
    });
  }
  const round4 = (value: number) => Math.round(value * 1e4) / 1e4;
  const weightRecord: Record<string, number[]> = {};
  kept.forEach((feature, position) => {
    const row = weights[position] ?? [];
    if (row.some((value) => Math.abs(value) >= 1e-3)) weightRecord[feature] = row.map(round4);
  });
  return parsePolicyModel(
    {
      version: 1,
      trainedOn: [...trainedOn],
      categories: [...modelCategories],
      bias: bias.map(round4),
      weights: weightRecord,
      thresholds: {
        emergency: Number(process.env.POLICY_MODEL_EMERGENCY ?? 0.25),
        refused: Number(process.env.POLICY_MODEL_REFUSED ?? 0.4),
        individualized: Number(process.env.POLICY_MODEL_INDIVIDUALIZED ?? 0.5),
      },
    },
    'trained model',
  );
}

type Tally = Record<string, { met: number; total: number }>;

type Categorize = (text: string) => string;

/**
 * The rules' category with the model as a backstop, as `rule-classifier.ts` combines them: an
 * emergency where the model's probability clears its threshold, individualized where the
 * rules said general and the model clears that threshold. Written out here so that rules from
 * an earlier commit (`--rules-at`) can be combined with a newly trained model.
 */
function withBackstop(model: PolicyModel, rules: Categorize): Categorize {
  return (text) => {
    const category = rules(text);
    const remainder = remainderOf(text);
    const probabilities = predictFeatures(model, extractFeatures(remainder));
    if (
      category !== 'emergency' &&
      (probabilities[3] ?? 0) >= model.thresholds.emergency &&
      mentionsDanger(remainder)
    )
      return 'emergency';
    if (
      (category === 'general' || category === 'individualized') &&
      (probabilities[2] ?? 0) >= model.thresholds.refused &&
      hintsAtCrime(remainder)
    )
      return 'refused';
    if (category === 'general' && (probabilities[1] ?? 0) >= model.thresholds.individualized)
      return 'individualized';
    return category;
  };
}

function measure(categorize: Categorize, items: readonly Example[]): Tally {
  const tally: Tally = {};
  for (const item of items) {
    const key =
      item.label === 'general' ? (item.lookalike ? 'lookalike flagged' : 'plain flagged') : item.label;
    const category = categorize(item.text);
    const met = item.label === 'general' ? category !== 'general' : category === item.label;
    const entry = tally[key] ?? { met: 0, total: 0 };
    entry.total += 1;
    if (met) entry.met += 1;
    tally[key] = entry;
  }
  return tally;
}

function modelAlone(model: PolicyModel): Categorize {
  return (text) => {
    const probabilities = predictFeatures(model, extractFeatures(remainderOf(text)));
    return modelCategories[probabilities.indexOf(Math.max(...probabilities))] ?? 'general';
  };
}

const format = (tally: Tally) =>
  ['emergency', 'refused', 'individualized', 'lookalike flagged', 'plain flagged']
    .filter((key) => tally[key])
    .map((key) => {
      const { met, total } = tally[key] ?? { met: 0, total: 0 };
      return `${key} ${met}/${total} = ${(met / total).toFixed(2)}`;
    })
    .join('  ');

const argumentsGiven = process.argv.slice(2);
const heldOutWriters = (
  argumentsGiven.find((argument) => argument.startsWith('--held-out='))?.slice(11) ?? 'A,B,C'
)
  .split(',')
  .filter((name): name is keyof typeof writers => name in writers);

if (argumentsGiven.includes('--folds')) {
  // `--rules-at=<rule-classifier.ts>`: the rules of an earlier commit (exported with `git
  // archive`), to measure a fold with the rules as they were before the held-out writer was read.
  const rulesAt = argumentsGiven.find((argument) => argument.startsWith('--rules-at='))?.slice(11);
  const classifier = rulesAt
    ? new (
        (await import(path.resolve(rulesAt))) as { RulePolicyClassifier: new () => RulePolicyClassifier }
      ).RulePolicyClassifier()
    : new RulePolicyClassifier({ statisticalBackstop: false });
  const rules: Categorize = (text) => classifier.classifySync(text).category;
  for (const heldOut of heldOutWriters) {
    const trainingFiles = [
      ...baseTraining,
      ...Object.entries(writers)
        .filter(([name]) => name !== heldOut && heldOutWriters.includes(name as keyof typeof writers))
        .map(([, file]) => file),
    ];
    const model = train(
      trainingFiles.flatMap(examples),
      trainingFiles.map((file) => path.basename(file)),
    );
    const items = examples(writers[heldOut]);
    console.log(
      `held out writer ${heldOut} (model trained on ${trainingFiles.map((file) => path.basename(file)).join(', ')})`,
    );
    console.log(`  rules${rulesAt ? ` (${rulesAt})` : ''}  ${format(measure(rules, items))}`);
    console.log(`  model alone        ${format(measure(modelAlone(model), items))}`);
    console.log(`  rules + backstop   ${format(measure(withBackstop(model, rules), items))}`);
  }
}

if (argumentsGiven.includes('--write')) {
  const trainingFiles = [...baseTraining, ...heldOutWriters.map((name) => writers[name])];
  const model = train(
    trainingFiles.flatMap(examples),
    trainingFiles.map((file) => path.basename(file)),
  );
  const target = path.join(import.meta.dirname, '..', 'src', 'policy', 'model', 'policy-model.json');
  writeFileSync(target, `${JSON.stringify(model)}\n`);
  console.log(
    `wrote ${target}: ${Object.keys(model.weights).length} features, trained on ${model.trainedOn.join(', ')}`,
  );
}

// Reading the file back proves the written weights pass the schema the classifier loads them with.
if (argumentsGiven.includes('--check')) {
  const target = path.join(import.meta.dirname, '..', 'src', 'policy', 'model', 'policy-model.json');
  parsePolicyModel(JSON.parse(readFileSync(target, 'utf8')), target);
  console.log('policy-model.json is valid');
}
