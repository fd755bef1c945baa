/**
 * Policy figures without an index: every text of each file through the deterministic
 * classifier, per category (`npm run bench:policy [-- files…]`). `amicus eval <file>` gives the
 * same figures through the whole pipeline (it needs an ingested corpus); docs/policy.md lists both.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type PolicyOutcome, policyMetrics } from '../src/evaluation/policy-metrics.js';
import { RulePolicyClassifier } from '../src/policy/rule-classifier.js';

const shared = process.env.AMICUS_SHARED ?? path.resolve(import.meta.dirname, '..', '..', 'shared');
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : [
        path.join(shared, 'eval', 'policy-dev.jsonl'),
        path.join(shared, 'eval', 'advice-dev.jsonl'),
        path.join(import.meta.dirname, 'policy-adversarial.jsonl'),
        path.join(import.meta.dirname, 'policy-adversarial-heldout.jsonl'),
        path.join(import.meta.dirname, 'policy-posts.jsonl'),
        path.join(import.meta.dirname, 'policy-posts-heldout.jsonl'),
      ];

const classifier = new RulePolicyClassifier();
for (const file of files) {
  const items = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map(
      (line) =>
        JSON.parse(line) as { text: string; individualized: boolean; expected?: PolicyOutcome['expected'] },
    );
  const outcomes: PolicyOutcome[] = [];
  let personal = 0;
  let personalFlagged = 0;
  for (const item of items) {
    const decision = classifier.classifySync(item.text);
    const expected = item.expected ?? (item.individualized ? 'individualized' : 'general');
    outcomes.push({ expected, kind: decision.category === 'general' ? 'answer' : decision.category });
    if (item.individualized) {
      personal += 1;
      if (
        decision.individualized ||
        decision.category === 'refused' ||
        decision.category === 'individualized'
      )
        personalFlagged += 1;
    }
  }
  const metrics = {
    items: items.length,
    personalFlagged: personal ? personalFlagged / personal : 0,
    ...policyMetrics(outcomes),
  };
  console.log(
    `${path.basename(file)}  ${Object.entries(metrics)
      .map(([name, value]) => `${name} ${Number.isInteger(value) ? value : value.toFixed(3)}`)
      .join('  ')}`,
  );
}
