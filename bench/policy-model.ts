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
import { extractFeatures, type FeatureFamily, featureFamilies } from '../src/policy/model/features.js';
import {
  type ModelCategory,
  modelCategories,
  type PolicyModel,
  parsePolicyModel,
  predict,
} from '../src/policy/model/statistical-backstop.js';
import { normalizeText } from '../src/policy/normalize.js';
import { RulePolicyClassifier } from '../src/policy/rule-classifier.js';

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
  D: bench('policy-writers/writer-d.jsonl'),
  E: bench('policy-writers/writer-e.jsonl'),
  F: bench('policy-writers/writer-f.jsonl'),
  // Round 4's tuning writers (a frightened member of the public texting; professionals asking
  // for others). Its held-out writers are kept outside the repository.
  T: bench('policy-writers/writer-t.jsonl'),
  P: bench('policy-writers/writer-p.jsonl'),
  // Round 5's independent tuning writer.
  W: bench('policy-writers/writer-w.jsonl'),
  // Round 6's independent writer: jailbreaks, a law-school Discord, front-desk Spanish.
  X: bench('policy-writers/writer-x.jsonl'),
} as const;
type Writer = keyof typeof writers;

/** Sets no fold trains on, measured alongside: none of their general questions may be flagged. */
const checkSets = [
  path.join(shared, 'eval', 'questions-dev-2.jsonl'),
  bench('policy-adversarial-heldout.jsonl'),
  bench('policy-posts-heldout.jsonl'),
];

interface Example {
  readonly text: string;
  readonly label: ModelCategory;
  readonly lookalike: boolean;
  /** The normalized, framing-stripped text the classifier's stages see. */
  readonly remainder: string;
}

function examples(file: string): Example[] {
  const evaluation = readEvaluationFile(file);
  const example = (text: string, label: ModelCategory, lookalike: boolean): Example => ({
    text,
    label,
    lookalike,
    remainder: stripFramings(normalizeText(text)).remainder,
  });
  if (evaluation.kind === 'questions')
    return evaluation.items.map((item) => example(item.question, 'general', false));
  return evaluation.items.map((item) =>
    example(
      item.text,
      item.expected ?? (item.individualized ? 'individualized' : 'general'),
      item.category === 'lookalike',
    ),
  );
}

const option = (name: string) =>
  process.argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3);

/** `--families=words,pairs,lexicon,classes,shape`: the feature families to train with. */
const families = (option('families')?.split(',') ?? ['words', 'pairs', 'lexicon', 'classes', 'shape']).filter(
  (name): name is FeatureFamily => (featureFamilies as readonly string[]).includes(name),
);

const rounds = Number(option('rounds') ?? 400);
const l2 = Number(option('l2') ?? 0.002);

/** Fits the weights. Features seen fewer than twice in training are left out. */
export function train(training: readonly Example[], trainedOn: readonly string[]): PolicyModel {
  const featureSets = training.map((example) => extractFeatures(example.remainder, families));
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
  const weights = kept.map(() => new Float64Array(classes));
  const bias = new Float64Array(classes);
  const rate = 0.5;
  for (let round = 0; round < rounds; round += 1) {
    const weightGradient = kept.map(() => new Float64Array(classes));
    const biasGradient = new Float64Array(classes);
    const scores = new Float64Array(classes);
    rows.forEach((row, example) => {
      scores.set(bias);
      for (const feature of row) {
        const featureWeights = weights[feature];
        if (featureWeights)
          for (let c = 0; c < classes; c += 1) scores[c] = (scores[c] ?? 0) + (featureWeights[c] ?? 0);
      }
      const top = Math.max(...scores);
      let total = 0;
      for (let c = 0; c < classes; c += 1) {
        scores[c] = Math.exp((scores[c] ?? 0) - top);
        total += scores[c] ?? 0;
      }
      for (let c = 0; c < classes; c += 1) {
        const error = (scores[c] ?? 0) / total - (labels[example] === c ? 1 : 0);
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
    const row = [...(weights[position] ?? [])];
    if (row.some((value) => Math.abs(value) >= 1e-3)) weightRecord[feature] = row.map(round4);
  });
  return parsePolicyModel(
    {
      version: 1,
      trainedOn: [...trainedOn],
      features: [...families],
      categories: [...modelCategories],
      bias: [...bias].map(round4),
      weights: weightRecord,
      thresholds: {
        emergency: Number(process.env.POLICY_MODEL_EMERGENCY ?? 0.25),
        refused: Number(process.env.POLICY_MODEL_REFUSED ?? 0.4),
        individualized: Number(process.env.POLICY_MODEL_INDIVIDUALIZED ?? 0.5),
        emergencyStrong: Number(process.env.POLICY_MODEL_EMERGENCY_STRONG ?? 0.5),
        refusedStrong: Number(process.env.POLICY_MODEL_REFUSED_STRONG ?? 0.6),
      },
    },
    'trained model',
  );
}

type Tally = Record<string, { met: number; total: number }>;
type Categorize = (example: Example) => string;

/** Recall per category, and the share of general items flagged, look-alikes and plain apart. */
function measure(categorize: Categorize, items: readonly Example[]): Tally {
  const tally: Tally = {};
  for (const item of items) {
    const key =
      item.label === 'general' ? (item.lookalike ? 'lookalike flagged' : 'plain flagged') : item.label;
    const category = categorize(item);
    const met = item.label === 'general' ? category !== 'general' : category === item.label;
    const entry = tally[key] ?? { met: 0, total: 0 };
    entry.total += 1;
    if (met) entry.met += 1;
    tally[key] = entry;
  }
  return tally;
}

/** The category the model alone finds most probable. */
function modelAlone(model: PolicyModel): Categorize {
  return (item) => {
    const probabilities = predict(model, item.remainder);
    return modelCategories.reduce((best, category) =>
      probabilities[category] > probabilities[best] ? category : best,
    );
  };
}

/** The classifier as it ships, with this model as its backstop (or none). */
function classifierWith(model: PolicyModel | false): Categorize {
  const classifier = new RulePolicyClassifier({ statisticalBackstop: model });
  return (item) => classifier.classifySync(item.text).category;
}

const format = (tally: Tally) =>
  ['emergency', 'refused', 'individualized', 'lookalike flagged', 'plain flagged']
    .filter((key) => tally[key])
    .map((key) => {
      const { met, total } = tally[key] ?? { met: 0, total: 0 };
      return `${key} ${met}/${total} = ${(met / total).toFixed(2)}`;
    })
    .join('  ');

/** General questions of the check sets that became an emergency or a refusal. */
function checkSetAlarms(categorize: Categorize): string {
  return checkSets
    .map((file) => {
      const items = examples(file);
      const alarms = items.filter(
        (item) => item.label === 'general' && ['emergency', 'refused'].includes(categorize(item)),
      ).length;
      const personal = measure(categorize, items);
      const flagged = (personal['plain flagged']?.met ?? 0) + (personal['lookalike flagged']?.met ?? 0);
      return `${path.basename(file)}: general → emergency/refused ${alarms}, general flagged ${flagged}`;
    })
    .join('; ');
}

const writerList = (value: string | undefined, fallback: string) =>
  (value ?? fallback).split(',').filter((name): name is Writer => name in writers);

/** `--writers=`: the writers training uses (every fold trains on all of them but the one held out). */
const trainingWriters = writerList(option('writers'), 'A,B,C,D,E,F,T,P,W,X');
/** `--held-out=`: writers measured with a model trained on all of `--writers`, never trained on. */
const heldOutWriters = writerList(option('held-out'), '');
const names = (files: readonly string[]) => files.map((file) => path.basename(file));

function report(label: string, model: PolicyModel, items: readonly Example[], printChecks: boolean): void {
  console.log(label);
  console.log(`  rules alone        ${format(measure(classifierWith(false), items))}`);
  console.log(`  model alone        ${format(measure(modelAlone(model), items))}`);
  const backed = classifierWith(model);
  console.log(`  rules + backstop   ${format(measure(backed, items))}`);
  if (printChecks) console.log(`  check sets (rules + backstop): ${checkSetAlarms(backed)}`);
}

const printChecks = process.argv.includes('--checks');

if (process.argv.includes('--folds')) {
  for (const heldOut of trainingWriters) {
    const trainingFiles = [
      ...baseTraining,
      ...trainingWriters.filter((name) => name !== heldOut).map((name) => writers[name]),
    ];
    const model = train(trainingFiles.flatMap(examples), names(trainingFiles));
    report(
      `held out writer ${heldOut} (trained on ${names(trainingFiles).join(', ')})`,
      model,
      examples(writers[heldOut]),
      printChecks,
    );
  }
}

if (heldOutWriters.length > 0 || process.argv.includes('--write')) {
  const trainingFiles = [...baseTraining, ...trainingWriters.map((name) => writers[name])];
  const model = train(trainingFiles.flatMap(examples), names(trainingFiles));
  for (const heldOut of heldOutWriters)
    report(
      `held out writer ${heldOut} (trained on ${names(trainingFiles).join(', ')})`,
      model,
      examples(writers[heldOut]),
      printChecks,
    );
  if (process.argv.includes('--write')) {
    const target = path.join(import.meta.dirname, '..', 'src', 'policy', 'model', 'policy-model.json');
    writeFileSync(target, `${JSON.stringify(model)}\n`);
    console.log(
      `wrote ${target}: ${Object.keys(model.weights).length} features, trained on ${model.trainedOn.join(', ')}`,
    );
  }
}

// Reading the file back proves the written weights pass the schema the classifier loads them with.
if (process.argv.includes('--check')) {
  const target = path.join(import.meta.dirname, '..', 'src', 'policy', 'model', 'policy-model.json');
  parsePolicyModel(JSON.parse(readFileSync(target, 'utf8')), target);
  console.log('policy-model.json is valid');
}
