import { describe, expect, it } from 'vitest';
import {
  formatPinpoint,
  paragraphPinpoints,
  parsePinpoint,
  passagesHoldingPinpoint,
  pathAt,
  subdivisionsHeld,
} from '../../src/corpus/pinpoints.js';
import { splitDocument } from '../../src/corpus/splitter.js';
import { blocksOf, freMetadata, sentence, uscMetadata } from '../support/split-fixtures.js';

/** A rule shaped like FRE 803: a lead-in, two short exceptions, long ones, then two short ones. */
const rule803 = blocksOf(
  '# Federal Rules of Evidence',
  '## Rule 803. Exceptions to the Rule Against Hearsay',
  'The following are not excluded by the rule against hearsay, regardless of whether the declarant is available as a witness:',
  '(1) Present Sense Impression. A statement describing or explaining an event, made while the declarant perceived it.',
  '(2) Excited Utterance. A statement relating to a startling event, made while the declarant was under the stress of excitement.',
  `(3) Then-Existing Condition. ${sentence('state of mind', 700)}`,
  `(4) Statement Made for Medical Diagnosis. ${sentence('medical diagnosis', 700)}`,
  '(16) Statements in Ancient Documents. A statement in a document that was prepared before January 1, 1998.',
  '(17) Market Reports and Similar Commercial Publications. Market quotations, lists, or directories.',
);

describe('court-rule labels', () => {
  const { passages } = splitDocument({ blocks: rule803, metadata: freMetadata, previous: undefined });

  it('labels each passage at the deepest subdivision it starts at, so no two share a label', () => {
    expect(passages.map((passage) => passage.label)).toEqual([
      'Fed. R. Evid. 803',
      'Fed. R. Evid. 803(3)',
      'Fed. R. Evid. 803(4)',
      'Fed. R. Evid. 803(16)',
    ]);
    // The passage labelled (16) holds (17) too: the label names where it starts.
    expect(passages[3]!.text).toContain('(17) Market Reports');
    expect(passages[3]!.heading).toBe('(16) Statements in Ancient Documents.');
  });

  it('keeps U.S. Code labels at the deepest unit the whole passage lies in', () => {
    const { passages: usc } = splitDocument({
      blocks: blocksOf(
        '# Title 18— CRIMES AND CRIMINAL PROCEDURE',
        '#### §\u202f999. A section for this test',
        '(a) In general.— Whoever does the thing shall be fined under this title.',
        '(b) Penalty.— Whoever does it twice shall be imprisoned not more than one year.',
      ),
      metadata: uscMetadata,
      previous: undefined,
    });
    expect(usc.map((passage) => passage.label)).toEqual(['18 U.S.C. § 999']);
  });
});

describe('pinpoints', () => {
  const { passages } = splitDocument({ blocks: rule803, metadata: freMetadata, previous: undefined });

  it('parses and formats pinpoint markers', () => {
    expect(parsePinpoint('(b)(1)')).toEqual(['b', '1']);
    expect(parsePinpoint('(a) (2) (C)')).toEqual(['a', '2', 'C']);
    expect(parsePinpoint('')).toEqual([]);
    expect(parsePinpoint('b1')).toEqual([]);
    expect(formatPinpoint(['d', '2'])).toBe('(d)(2)');
  });

  it('reads back the subdivisions each passage holds', () => {
    expect(subdivisionsHeld(passages)).toEqual([[['1'], ['2']], [['3']], [['4']], [['16'], ['17']]]);
  });

  it('finds the passage holding a pinpoint even when it starts at the parent', () => {
    expect(passagesHoldingPinpoint(passages, ['2']).map((passage) => passage.label)).toEqual([
      'Fed. R. Evid. 803',
    ]);
    expect(passagesHoldingPinpoint(passages, ['17']).map((passage) => passage.label)).toEqual([
      'Fed. R. Evid. 803(16)',
    ]);
    expect(passagesHoldingPinpoint(passages, ['3'])[0]!.text).toContain('Then-Existing');
  });

  it('finds nothing for a subdivision the section does not have, and every passage for none', () => {
    expect(passagesHoldingPinpoint(passages, ['25'])).toEqual([]);
    expect(passagesHoldingPinpoint(passages, [])).toHaveLength(passages.length);
  });

  it('tells (b) from (B): nested levels compare exactly', () => {
    const nested = [
      { text: '(a) Scope.\n\n(1) In general. Text one.\n\n(A) first item;\n\n(B) second item.' },
      { text: '(b) Limits.\n\n(1) Text two.' },
    ];
    expect(passagesHoldingPinpoint(nested, ['a', '1', 'B'])).toEqual([nested[0]]);
    expect(passagesHoldingPinpoint(nested, ['b'])).toEqual([nested[1]]);
    expect(passagesHoldingPinpoint(nested, ['b', '1'])).toEqual([nested[1]]);
    expect(passagesHoldingPinpoint(nested, ['B'])).toEqual([]);
  });

  it('gives every paragraph its subdivision, so a quoted sentence can be pinpointed', () => {
    const first = passages[0]!;
    const paragraphs = paragraphPinpoints(passages)[0]!;
    expect(paragraphs.map((paragraph) => paragraph.path)).toEqual([[], ['1'], ['2']]);
    expect(pathAt(paragraphs, first.text.indexOf('The following'))).toEqual([]);
    expect(pathAt(paragraphs, first.text.indexOf('startling event'))).toEqual(['2']);
    expect(pathAt(paragraphs, first.text.indexOf('Present Sense'))).toEqual(['1']);
    expect(first.text.slice(paragraphs[2]!.start).startsWith('(2) Excited Utterance.')).toBe(true);
  });
});
