import { parse as parseYaml, YAMLParseError } from 'yaml';
import { AmicusError, ErrorCode } from '../../core/errors.js';

/**
 * YAML front matter: a `---` first line, YAML fields, and a closing `---` (or `...`) line. It lets
 * a single markdown or text file override its collection's metadata (title, URL, as-of date).
 * Errors name the file and the line *in the file*, not in the YAML snippet, so the editor can
 * jump straight to it.
 */

export interface FrontMatterSplit {
  readonly frontMatter: Record<string, unknown>;
  readonly body: string;
}

const openingFence = /^---[ \t]*$/;
const closingFence = /^(?:---|\.\.\.)[ \t]*$/;

export function splitFrontMatter(text: string, fileName: string): FrontMatterSplit {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!openingFence.test(lines[0] ?? '')) return { frontMatter: {}, body: text };

  const closingIndex = lines.findIndex((line, index) => index > 0 && closingFence.test(line));
  if (closingIndex === -1) {
    // An unclosed fence would otherwise swallow the whole document into the front matter.
    throw invalid(fileName, `${fileName} opens front matter on line 1 but never closes it with a '---' line`);
  }
  const yamlText = lines.slice(1, closingIndex).join('\n');
  const body = lines.slice(closingIndex + 1).join('\n');
  return { frontMatter: parseFields(yamlText, fileName, closingIndex), body };
}

function parseFields(yamlText: string, fileName: string, closingIndex: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseYaml(yamlText);
  } catch (error) {
    throw invalid(fileName, describeYamlError(error, fileName, closingIndex), error);
  }
  // `---` followed directly by `---`, or only comments: no fields, which is fine.
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(
      fileName,
      `${fileName} has front matter that is ${describeKind(value)}, not a mapping of fields (key: value)`,
    );
  }
  return Object.fromEntries(Object.entries(value));
}

function describeYamlError(error: unknown, fileName: string, closingIndex: number): string {
  if (error instanceof YAMLParseError && error.linePos !== undefined) {
    const [start] = error.linePos;
    // YAML line 1 is file line 2: the opening fence sits above it.
    const fileLine = start.line + 1;
    // The library appends its own (snippet-relative) position and a code frame; drop both.
    const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return `${fileName} has malformed front matter at line ${fileLine}, column ${start.col}: ${reason}`;
  }
  // Errors raised while building values (an alias to an unknown anchor) carry no position.
  const reason = error instanceof Error ? error.message : String(error);
  return `${fileName} has malformed front matter (lines 2–${closingIndex}): ${reason}`;
}

function describeKind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

function invalid(fileName: string, message: string, cause?: unknown): AmicusError {
  return new AmicusError(ErrorCode.CorpusInvalid, message, {
    location: fileName,
    ...(cause === undefined ? {} : { cause }),
  });
}
