import { describe, expect, it } from 'vitest';
import {
  chooseReading,
  continuesCrossReference,
  EnumeratorContext,
  type EnumeratorReading,
  enumeratorLevels,
  fitReading,
  possibleReadings,
  readLeadingMarkers,
  romanValue,
} from '../../src/corpus/enumerators.js';

/** Builds a path of readings from markers, entering each in turn. */
function pathOf(...markers: string[]): EnumeratorReading[] {
  let path: EnumeratorReading[] = [];
  for (const marker of markers) path = fitReading(chooseReading(marker, path), path).path;
  return path;
}

function levelOf(reading: EnumeratorReading): string {
  return enumeratorLevels[reading.depth]!;
}

describe('possibleReadings', () => {
  it('reads plain markers at one level each', () => {
    expect(possibleReadings('a').map(levelOf)).toEqual(['subsection']);
    expect(possibleReadings('12').map(levelOf)).toEqual(['paragraph']);
    expect(possibleReadings('B').map(levelOf)).toEqual(['subparagraph']);
    expect(possibleReadings('iv').map(levelOf)).toEqual(['clause']);
    expect(possibleReadings('IV').map(levelOf)).toEqual(['subclause']);
    expect(possibleReadings('bb').map(levelOf)).toEqual(['subsection', 'item']);
    expect(possibleReadings('CC').map(levelOf)).toEqual(['subparagraph', 'subitem']);
  });

  it('gives the roman-looking letters both readings', () => {
    expect(possibleReadings('i').map(levelOf)).toEqual(['subsection', 'clause']);
    expect(possibleReadings('v').map(levelOf)).toEqual(['subsection', 'clause']);
    expect(possibleReadings('X').map(levelOf)).toEqual(['subparagraph', 'subclause']);
    expect(possibleReadings('ii').map(levelOf)).toEqual(['subsection', 'item', 'clause']);
  });

  it('keeps single c and l as letters only', () => {
    expect(possibleReadings('c').map(levelOf)).toEqual(['subsection']);
    expect(possibleReadings('L').map(levelOf)).toEqual(['subparagraph']);
  });

  it('orders inserted units just after their base', () => {
    const [inserted] = possibleReadings('4A');
    expect(inserted?.ordinal).toBeGreaterThan(4);
    expect(inserted?.ordinal).toBeLessThan(5);
    const [dashed] = possibleReadings('a–1');
    expect(dashed?.depth).toBe(0);
    expect(dashed?.ordinal).toBeGreaterThan(1);
  });

  it('rejects words in parentheses', () => {
    expect(possibleReadings('see')).toEqual([]);
    expect(possibleReadings('ab')).toEqual([]);
  });
});

describe('romanValue', () => {
  it('reads canonical numerals up to 100', () => {
    expect(romanValue('iv')).toBe(4);
    expect(romanValue('xlix')).toBe(49);
    expect(romanValue('lxviii')).toBe(68);
  });

  it('rejects non-canonical runs', () => {
    expect(romanValue('iiv')).toBeUndefined();
    expect(romanValue('vv')).toBeUndefined();
    expect(romanValue('d')).toBeUndefined();
  });
});

describe('chooseReading: the (i), (v), (x) ambiguity', () => {
  it('reads (i) as the letter after (h) at the subsection level', () => {
    expect(levelOf(chooseReading('i', pathOf('h')))).toBe('subsection');
  });

  it('reads (i) as the first clause under a subparagraph', () => {
    expect(levelOf(chooseReading('i', pathOf('a', '1', 'A')))).toBe('clause');
    expect(levelOf(chooseReading('i', pathOf('h', '1', 'A')))).toBe('clause');
  });

  it('lets the next marker settle (i) after (h)', () => {
    expect(levelOf(chooseReading('i', pathOf('h'), 'ii'))).toBe('clause');
    expect(levelOf(chooseReading('i', pathOf('h'), 'j'))).toBe('subsection');
    expect(levelOf(chooseReading('i', pathOf('h'), '1'))).toBe('subsection');
  });

  it('reads (v) and (x) as letters after (u) and (w), as clauses after (iv) and (ix)', () => {
    expect(levelOf(chooseReading('v', pathOf('u')))).toBe('subsection');
    expect(levelOf(chooseReading('v', pathOf('a', '1', 'A', 'iv')))).toBe('clause');
    expect(levelOf(chooseReading('x', pathOf('w', '1')))).toBe('subsection');
    expect(levelOf(chooseReading('x', pathOf('a', '1', 'A', 'ix')))).toBe('clause');
  });

  it('reads uppercase (I), (V), (X) the same way one level down', () => {
    expect(levelOf(chooseReading('I', pathOf('a', '1', 'H')))).toBe('subparagraph');
    expect(levelOf(chooseReading('I', pathOf('a', '1', 'A', 'i')))).toBe('subclause');
    expect(levelOf(chooseReading('V', pathOf('a', '1', 'A', 'i', 'IV')))).toBe('subclause');
    expect(levelOf(chooseReading('V', pathOf('a', '1', 'U')))).toBe('subparagraph');
  });

  it('reads (aa) as an item under a subclause and as a subsection after (z)', () => {
    expect(levelOf(chooseReading('aa', pathOf('a', '1', 'A', 'i', 'I')))).toBe('item');
    expect(levelOf(chooseReading('aa', pathOf('z')))).toBe('subsection');
  });
});

describe('fitReading', () => {
  it('costs nothing for the next sibling or the first child', () => {
    expect(fitReading(possibleReadings('b')[0]!, pathOf('a')).cost).toBe(0);
    expect(fitReading(possibleReadings('1')[0]!, pathOf('a')).cost).toBe(0);
  });

  it('closes deeper levels when a shallower sibling comes', () => {
    const fit = fitReading(possibleReadings('b')[0]!, pathOf('a', '1', 'A'));
    expect(fit.path.map((entry) => entry.marker)).toEqual(['b']);
    expect(fit.cost).toBe(2);
  });

  it('nests a first letter under a number against the usual order (15 U.S.C. § 1114(1)(a))', () => {
    const fit = fitReading(possibleReadings('a')[0]!, pathOf('1'));
    expect(fit.path.map((entry) => entry.marker)).toEqual(['1', 'a']);
  });

  it('marks a marker that does not move forward', () => {
    expect(fitReading(possibleReadings('a')[0]!, pathOf('b', '1')).cost).toBeGreaterThanOrEqual(10);
  });
});

describe('readLeadingMarkers', () => {
  it('reads a marker and the text after it', () => {
    expect(readLeadingMarkers('(c) Affirmative Defense .')).toEqual({
      markers: ['c'],
      rest: 'Affirmative Defense .',
    });
    expect(readLeadingMarkers('(2)')).toEqual({ markers: ['2'], rest: '' });
  });

  it('splits fused markers', () => {
    expect(readLeadingMarkers('(A)(i) any poster')?.markers).toEqual(['A', 'i']);
  });

  it('ignores cross-reference fragments and parenthesised text', () => {
    expect(readLeadingMarkers('(3), a federal statute')).toBeUndefined();
    expect(readLeadingMarkers('(b)(1)(B).')).toBeUndefined();
    expect(readLeadingMarkers('( 21 U.S.C. 848(e) )')).toBeUndefined();
    expect(readLeadingMarkers('(see below) text')).toBeUndefined();
    expect(readLeadingMarkers('No marker (a) here')).toBeUndefined();
  });
});

describe('continuesCrossReference', () => {
  it('joins a reference broken across paragraphs', () => {
    expect(
      continuesCrossReference(
        'a certificate that complies with Rule 902(1), (2), or',
        '(3), a federal statute',
      ),
    ).toBe(true);
    expect(
      continuesCrossReference(
        'the defendant requests disclosure under subdivision',
        '(a)(1)(G) and the government complies',
      ),
    ).toBe(true);
  });

  it('keeps a lead-in and its list apart', () => {
    expect(
      continuesCrossReference('For purposes of this subsection', '(A) the term “encryption research” means'),
    ).toBe(false);
    expect(
      continuesCrossReference('the circumstance referred to in paragraph (1) is that', '(A) the person'),
    ).toBe(false);
  });
});

describe('EnumeratorContext', () => {
  it('follows a U.S. Code subsection down and back up', () => {
    const context = new EnumeratorContext();
    const paths = ['c', '1', '2', 'A', 'B', 'd'].map((marker) =>
      context.enter(marker, { ownsFollowingText: false }).join(''),
    );
    expect(paths).toEqual(['c', 'c1', 'c2', 'c2A', 'c2B', 'd']);
  });

  it('resumes from a snapshot in the next chunk of the same section', () => {
    const first = new EnumeratorContext();
    for (const marker of ['a', '1', '2', 'A']) first.enter(marker, { ownsFollowingText: false });
    const resumed = new EnumeratorContext(first.snapshot());
    expect(resumed.enter('B', { ownsFollowingText: false })).toEqual(['a', '2', 'B']);
    expect(resumed.enter('i', { ownsFollowingText: false, nextMarker: 'ii' })).toEqual(['a', '2', 'B', 'i']);
  });

  it('keeps snapshots independent of later changes', () => {
    const context = new EnumeratorContext();
    context.enter('a', { ownsFollowingText: false });
    const snapshot = context.snapshot();
    context.enter('b', { ownsFollowingText: false });
    expect(snapshot.entries.map((entry) => entry.marker)).toEqual(['a']);
  });

  it('gives a plain paragraph to a heading-only unit', () => {
    const context = new EnumeratorContext();
    context.enter('c', { ownsFollowingText: true, caption: '(c) Affirmative Defense.' });
    expect(context.attachPlainParagraph()).toEqual(['c']);
    expect(context.attachPlainParagraph()).toEqual(['c']);
  });

  it('gives flush text after a list to the list’s parent (FRE 801(d)(2))', () => {
    const context = new EnumeratorContext();
    for (const marker of ['d', '2', 'A', 'B', 'C', 'D', 'E'])
      context.enter(marker, { ownsFollowingText: false });
    expect(context.attachPlainParagraph()).toEqual(['d', '2']);
    // The parent keeps any further flush paragraphs.
    expect(context.attachPlainParagraph()).toEqual(['d', '2']);
  });

  it('recognises numbered lists inside unnumbered definitions (17 U.S.C. § 101)', () => {
    const context = new EnumeratorContext();
    for (const marker of ['1', '2', '3']) context.enter(marker, { ownsFollowingText: false });
    expect(context.attachPlainParagraph()).toEqual([]);
    expect(context.listsAreInline).toBe(false);
    context.enter('1', { ownsFollowingText: false });
    expect(context.listsAreInline).toBe(true);
    expect(context.snapshot().listsAreInline).toBe(true);
  });

  it('does not take a continuing list for an inline one', () => {
    const context = new EnumeratorContext();
    context.enter('5', { ownsFollowingText: false });
    context.attachPlainParagraph();
    context.enter('6', { ownsFollowingText: true });
    expect(context.listsAreInline).toBe(false);
  });
});
