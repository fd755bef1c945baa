import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AmicusError } from '../../src/core/errors.js';
import { compileList, words } from '../../src/policy/lexicon/index.js';
import { extractFeatures, stem } from '../../src/policy/model/features.js';
import {
  committedPolicyModel,
  parsePolicyModel,
  predictFeatures,
} from '../../src/policy/model/statistical-backstop.js';
import { joinSpacedWords, normalizeText, undoObfuscation } from '../../src/policy/normalize.js';
import type { PolicyCategory } from '../../src/policy/policy.js';
import { RulePolicyClassifier } from '../../src/policy/rule-classifier.js';

describe('the lexicon', () => {
  it('matches whole words, with * for endings and for one word', () => {
    const list = compileList(['stab*', 'take care of * for me', 'run over']);
    expect(list.test('he stabbed him')).toBe(true);
    expect(list.test('take care of biscuit for me')).toBe(true);
    expect(list.test('he will run over')).toBe(true);
    expect(list.test('establish a trust')).toBe(false);
    expect(list.test('take care of it all for me')).toBe(false);
  });

  it('holds WordNet words next to the curated ones', () => {
    // Not in words.ts; generated from WordNet by bench/policy-lexicon.ts.
    expect(words.weapon.test('he has a derringer')).toBe(true);
    expect(words.drug.test('she took the whole bottle of phenobarbital')).toBe(true);
    expect(words.violentAct.test('he said he would strangle her')).toBe(true);
    // Words on the stop list ("bar", "speed") are not weapons or drugs.
    expect(words.weapon.test('i passed the bar')).toBe(false);
  });
});

describe('spellings meant to slip past a filter', () => {
  it.each([
    ['k1ll mys3lf', 'kill myself'],
    ['unal1ve', 'unalive'],
    ['s.u.i.c.i.d.e', 'suicide'],
    ['$uicide', 'suicide'],
    ['h3r0in', 'heroin'],
  ])('reads %s as %s', (typed, meant) => {
    expect(normalizeText(typed)).toBe(meant);
  });

  it('joins letters spaced out with wider gaps between words, and folds look-alike letters', () => {
    expect(joinSpacedWords('h o w  t o  b u y  a  g u n')).toBe('how to buy a gun');
    expect(normalizeText('kіll')).toBe('kill'); // Cyrillic і
    expect(normalizeText('su\u200bicide')).toBe('suicide');
  });

  it('leaves numbers, citations and codes with digits alone', () => {
    expect(undoObfuscation('18 u.s.c. 2252 and 12(b)(6), a 9mm, my 401k, an h1b, 3l, ar15')).toBe(
      '18 u.s.c. 2252 and 12(b)(6), a 9mm, my 401k, an h1b, 3l, ar15',
    );
  });
});

describe('the statistical backstop', () => {
  const base = committedPolicyModel();

  it('loads the committed weights, trained on the three writers', () => {
    expect(base.trainedOn).toContain('writer-c.jsonl');
    expect(Object.keys(base.weights).length).toBeGreaterThan(1000);
    const probabilities = predictFeatures(base, extractFeatures('what is the hearsay rule?'));
    expect(probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 6);
  });

  it('rejects malformed weights with the field named', () => {
    const broken = { ...base, weights: { 'w:gun': [1, 2, 3] } };
    expect(() => parsePolicyModel(broken, 'custom.json')).toThrow(AmicusError);
    expect(() => parsePolicyModel(broken, 'custom.json')).toThrow(/custom\.json: weights\.w:gun/);
    expect(() => parsePolicyModel({ ...base, thresholds: { emergency: 2 } }, 'x.json')).toThrow(/thresholds/);
  });

  it('uses lexicon features, so a word it never saw still counts', () => {
    expect(stem('overdosed')).toBe(stem('overdoses'));
    expect(extractFeatures('my roommate took a bottle of her meds just now')).toEqual(
      expect.arrayContaining(['lex:drug', 'lex:drug+self', 'lex:drug+now', 'lex:ingest']),
    );
  });

  it('can only add caution: with it, no text gets a less cautious category than from the rules alone', () => {
    const caution: Record<PolicyCategory, number> = {
      general: 0,
      individualized: 1,
      refused: 2,
      emergency: 3,
    };
    const rulesOnly = new RulePolicyClassifier({ statisticalBackstop: false });
    const backed = new RulePolicyClassifier();
    // A model that wants every text to be general changes nothing the rules decided.
    const generalOnly = new RulePolicyClassifier({
      statisticalBackstop: { ...base, bias: [50, -50, -50, -50], weights: {} },
    });
    const bench = path.join(import.meta.dirname, '..', '..', 'bench');
    const texts = ['writer-a.jsonl', 'writer-b.jsonl', 'writer-c.jsonl']
      .flatMap((file) =>
        readFileSync(path.join(bench, 'policy-writers', file), 'utf8')
          .trim()
          .split('\n'),
      )
      .map((line) => (JSON.parse(line) as { text: string }).text);
    let raised = 0;
    for (const text of texts) {
      const rules = rulesOnly.classifySync(text).category;
      const withModel = backed.classifySync(text).category;
      expect(caution[withModel], text.slice(0, 60)).toBeGreaterThanOrEqual(caution[rules]);
      expect(generalOnly.classifySync(text).category).toBe(rules);
      if (withModel !== rules) raised += 1;
    }
    // The committed model does raise some: it is not a stub.
    expect(raised).toBeGreaterThan(0);
  });

  it('raises an emergency only where the text holds a sign of danger', () => {
    const eager = new RulePolicyClassifier({
      statisticalBackstop: { ...base, bias: [-50, -50, -50, 50], weights: {} },
    });
    expect(eager.classifySync('What is the deadline to answer a federal complaint?').category).toBe(
      'general',
    );
    const rulesOnly = new RulePolicyClassifier({ statisticalBackstop: false });
    const text = 'what happens to the pills in my cabinet when i move out?';
    expect(rulesOnly.classifySync(text).category).not.toBe('emergency');
    const danger = eager.classifySync(text);
    expect(danger.category).toBe('emergency');
    expect(danger.signals).toContain('model:emergency');
  });
});
