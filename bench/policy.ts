/**
 * Policy figures without an index: every text of each file through the deterministic
 * classifier (`npm run bench:policy [-- files…]`). `amicus eval <file>` gives the same
 * per-category figures through the whole pipeline (it needs an ingested corpus); docs/policy.md
 * lists both.
 *
 * For a policy file (`text`, `expected`): per-category recall, and the general flag rate with
 * look-alikes and plain questions apart (`category` on general items). For an advice file
 * (`text`, `individualized`): personal texts flagged and general texts flagged. For a question
 * file (`question`): how many questions became an emergency, a refusal or individualized (none
 * of them should be an emergency or a refusal).
 *
 * `--misses` prints the id, the expected and the given category and the signals (never the
 * text) of every item that was not classified as expected.
 */
import path from 'node:path';
import { readEvaluationFile } from '../src/evaluation/question-file.js';
import { RulePolicyClassifier } from '../src/policy/rule-classifier.js';

const shared = process.env.AMICUS_SHARED ?? path.resolve(import.meta.dirname, '..', '..', 'shared');
const bench = (name: string) => path.join(import.meta.dirname, name);

export const defaultPolicyFiles = [
  path.join(shared, 'eval', 'policy-dev.jsonl'),
  path.join(shared, 'eval', 'advice-dev.jsonl'),
  bench('policy-adversarial.jsonl'),
  bench('policy-adversarial-heldout.jsonl'),
  bench('policy-posts.jsonl'),
  bench('policy-posts-heldout.jsonl'),
  bench('policy-writers/writer-a.jsonl'),
  bench('policy-writers/writer-b.jsonl'),
  bench('policy-writers/writer-c.jsonl'),
  bench('policy-writers/writer-d.jsonl'),
  bench('policy-writers/writer-e.jsonl'),
  bench('policy-writers/writer-f.jsonl'),
  bench('policy-writers/writer-t.jsonl'),
  bench('policy-writers/writer-p.jsonl'),
  bench('policy-writers/writer-w.jsonl'),
  bench('policy-writers/writer-x.jsonl'),
  bench('policy-writers/writer-k.jsonl'),
  bench('policy-writers/writer-l.jsonl'),
  bench('policy-writers/writer-m.jsonl'),
  path.join(shared, 'eval', 'questions-dev.jsonl'),
  path.join(shared, 'eval', 'questions-dev-2.jsonl'),
];

const classifier = new RulePolicyClassifier();
const ratio = (part: number, whole: number) =>
  `${part}/${whole} = ${whole ? (part / whole).toFixed(2) : '–'}`;

function measure(file: string, printMisses: boolean): string {
  const evaluation = readEvaluationFile(file);
  const name = path.basename(file);
  if (evaluation.kind === 'questions') {
    const counts = { emergency: 0, refused: 0, individualized: 0 };
    for (const item of evaluation.items) {
      const category = classifier.classifySync(item.question).category;
      if (category !== 'general') counts[category] += 1;
      if (printMisses && (category === 'emergency' || category === 'refused'))
        console.log(`  miss ${item.id}: general → ${category}`);
    }
    const total = evaluation.items.length;
    return `${name} (${total} questions)  emergency ${counts.emergency}  refused ${counts.refused}  individualized ${counts.individualized}`;
  }
  const tally = new Map<string, { met: number; total: number }>();
  const count = (key: string, met: boolean) => {
    const entry = tally.get(key) ?? { met: 0, total: 0 };
    entry.total += 1;
    if (met) entry.met += 1;
    tally.set(key, entry);
  };
  for (const item of evaluation.items) {
    const decision = classifier.classifySync(item.text);
    const expected = item.expected ?? (item.individualized ? 'individualized' : 'general');
    const flagged =
      decision.individualized || decision.category === 'refused' || decision.category === 'individualized';
    if (item.expected === undefined) {
      // An advice file: is a personal text flagged, and a general one not?
      count(item.individualized ? 'personal flagged' : 'general flagged', flagged);
      if (item.individualized && decision.category === 'emergency') count('personal → emergency', true);
    } else if (expected === 'general') {
      const category = typeof item.category === 'string' ? item.category : 'general';
      count(`${category} flagged`, decision.category !== 'general');
    } else {
      count(expected, decision.category === expected);
    }
    const missed =
      item.expected === undefined
        ? flagged !== item.individualized
        : expected === 'general'
          ? decision.category !== 'general'
          : decision.category !== expected;
    if (printMisses && missed)
      console.log(
        `  miss ${item.id ?? `line ${item.line}`}: ${expected} → ${decision.category}  [${decision.signals.join(',')}]`,
      );
  }
  const order = [
    'emergency',
    'refused',
    'individualized',
    'lookalike flagged',
    'plain flagged',
    'general flagged',
    'personal flagged',
    'personal → emergency',
  ];
  const parts = order
    .filter((key) => tally.has(key))
    .map((key) => {
      const entry = tally.get(key) ?? { met: 0, total: 0 };
      return key === 'personal → emergency'
        ? `${key} ${entry.met}`
        : `${key} ${ratio(entry.met, entry.total)}`;
    });
  return `${name} (${evaluation.items.length})  ${parts.join('  ')}`;
}

const argumentsGiven = process.argv.slice(2);
const printMisses = argumentsGiven.includes('--misses');
const files = argumentsGiven.filter((argument) => argument !== '--misses');
for (const file of files.length > 0 ? files : defaultPolicyFiles) console.log(measure(file, printMisses));
