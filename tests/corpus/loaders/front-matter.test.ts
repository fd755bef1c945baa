import { describe, expect, it } from 'vitest';
import { AmicusError, ErrorCode } from '../../../src/core/errors.js';
import { splitFrontMatter } from '../../../src/corpus/loaders/front-matter.js';

/** Runs `action`, which must throw, and returns the AmicusError it threw. */
function thrownBy(action: () => unknown): AmicusError {
  try {
    action();
  } catch (error) {
    if (error instanceof AmicusError) return error;
    throw error;
  }
  throw new Error('expected an AmicusError, but nothing was thrown');
}

describe('splitFrontMatter', () => {
  it('splits YAML fields from the body', () => {
    const source = [
      '---',
      'title: Notice to Quit',
      'url: https://example.org/notice',
      'asOf: 2024-03-01',
      'tags: [housing, eviction]',
      '---',
      '# Notice to quit',
      '',
      'Body text.',
    ].join('\n');
    const { frontMatter, body } = splitFrontMatter(source, 'notice.md');
    expect(frontMatter).toEqual({
      title: 'Notice to Quit',
      url: 'https://example.org/notice',
      // YAML 1.2 keeps dates as strings, which is what the metadata schema expects.
      asOf: '2024-03-01',
      tags: ['housing', 'eviction'],
    });
    expect(body).toBe('# Notice to quit\n\nBody text.');
  });

  it('returns the text untouched when it does not start with ---', () => {
    const source = 'Intro\n---\ntitle: not front matter\n---\n';
    expect(splitFrontMatter(source, 'a.md')).toEqual({ frontMatter: {}, body: source });
  });

  it('accepts CRLF line endings, a BOM, and a ... closing line', () => {
    const { frontMatter, body } = splitFrontMatter('\uFEFF---\r\ntitle: Leases\r\n...\r\nBody', 'a.md');
    expect(frontMatter).toEqual({ title: 'Leases' });
    expect(body).toBe('Body');
  });

  it('treats empty front matter, or only comments, as no fields', () => {
    expect(splitFrontMatter('---\n---\nBody', 'a.md')).toEqual({ frontMatter: {}, body: 'Body' });
    expect(splitFrontMatter('---\n# just a comment\n---\nBody', 'a.md').frontMatter).toEqual({});
  });

  it('names the file, the line in the file and the reason for malformed YAML', () => {
    const source = [
      '---',
      'title: Evictions',
      'tags: [housing',
      'url: https://example.org',
      '---',
      'Body',
    ].join('\n');
    const error = thrownBy(() => splitFrontMatter(source, 'guides/evictions.md'));
    expect(error.code).toBe(ErrorCode.CorpusInvalid);
    expect(error.location).toBe('guides/evictions.md');
    // The YAML error is on the snippet's line 3, which is the file's line 4.
    expect(error.message).toMatch(
      /^guides\/evictions\.md has malformed front matter at line 4, column \d+: /,
    );
    expect(error.message).not.toContain('\n');
  });

  it('reports duplicate keys with their file line', () => {
    const source = '---\ntitle: A\nasOf: 2024-01-01\ntitle: B\n---\nBody';
    const error = thrownBy(() => splitFrontMatter(source, 'dup.md'));
    expect(error.message).toBe(
      'dup.md has malformed front matter at line 4, column 1: Map keys must be unique',
    );
  });

  it('reports errors without a position (an unknown alias) with the front matter line range', () => {
    const error = thrownBy(() => splitFrontMatter('---\ntitle: *missing\n---\nBody', 'alias.md'));
    expect(error.message).toMatch(/^alias\.md has malformed front matter \(lines 2–2\): .*missing/);
  });

  it('refuses front matter that is a list or a scalar, naming the file', () => {
    const list = thrownBy(() => splitFrontMatter('---\n- a\n- b\n---\nBody', 'list.md'));
    expect(list.code).toBe(ErrorCode.CorpusInvalid);
    expect(list.message).toBe(
      'list.md has front matter that is a list, not a mapping of fields (key: value)',
    );
    const scalar = thrownBy(() => splitFrontMatter('---\njust words\n---\nBody', 'scalar.txt'));
    expect(scalar.message).toBe(
      'scalar.txt has front matter that is a string, not a mapping of fields (key: value)',
    );
  });

  it('refuses an opening --- that is never closed', () => {
    const error = thrownBy(() => splitFrontMatter('---\ntitle: A\n\nBody with no closing fence', 'open.md'));
    expect(error.message).toBe("open.md opens front matter on line 1 but never closes it with a '---' line");
    expect(error.location).toBe('open.md');
  });
});
