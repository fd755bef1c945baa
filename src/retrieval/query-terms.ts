import Database from 'better-sqlite3';
import { limitQuestionLength } from '../core/limits.js';
import type { SqliteDatabase } from '../store/database.js';

/** A word of the question as the FTS index sees it: its surface form and its porter stem. */
export interface QueryTerm {
  readonly word: string;
  readonly stem: string;
  /** Number of passages containing the stem (0 when the index does not know it). */
  readonly documentFrequency: number;
}

/**
 * Words that carry no topic in a question. Legal words such as "law", "court" or "federal" are
 * not listed: they are kept, and weighed down by their document frequency instead.
 */
const questionStopwords: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers herself him
  himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
  our ours ourselves out over own same she should so some such than that the their theirs them themselves then there
  these they this those through to too under until up very was we were what when where which while who whom why will
  with would you your yours yourself yourselves s t don can't cannot isn't aren't doesn't didn't won't wouldn't
  shouldn't tell explain please mean means meaning happens happen exactly really also get gets getting got someone
  somebody anyone person people thing things something way ways kind kinds much many`.split(/\s+/),
);

/**
 * Turns question text into FTS terms without ever producing FTS syntax from user text: every
 * term is a plain alphanumeric word, later quoted. Stemming is done by SQLite's own porter
 * tokenizer on an in-memory table, so the stems are exactly the ones in the index.
 */
export class QueryTermAnalyzer {
  private readonly scratch: SqliteDatabase;
  private readonly clearStatement;
  private readonly insertStatement;
  private readonly tokensStatement;
  private readonly frequencyStatement;

  constructor(database: SqliteDatabase) {
    this.scratch = new Database(':memory:');
    this.scratch.exec(`
      CREATE VIRTUAL TABLE query_text USING fts5(text, tokenize='porter unicode61 remove_diacritics 2');
      CREATE VIRTUAL TABLE query_tokens USING fts5vocab(query_text, 'instance');
    `);
    this.clearStatement = this.scratch.prepare('DELETE FROM query_text');
    this.insertStatement = this.scratch.prepare('INSERT INTO query_text (rowid, text) VALUES (1, ?)');
    this.tokensStatement = this.scratch.prepare('SELECT term, offset FROM query_tokens ORDER BY offset');
    database.exec(
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.passages_vocab USING fts5vocab(main, 'passages_fts', 'row')",
    );
    this.frequencyStatement = database.prepare('SELECT doc FROM temp.passages_vocab WHERE term = ?').pluck();
  }

  /** The distinct topical terms of a question, rarest first. At most `maxTerms` are returned. */
  analyze(question: string, maxTerms = 32): QueryTerm[] {
    // A long paste is cut (`questionLengthLimit`); the first part says what the question is about. The text
    // is normalized before SQLite tokenizes it, so its tokens line up with the surface words
    // ("½" or full-width letters would otherwise shift them).
    const text = normalizeForTokens(limitQuestionLength(question));
    const words = surfaceWords(text);
    this.clearStatement.run();
    this.insertStatement.run(text);
    const stems = this.tokensStatement.all() as { term: string; offset: number }[];
    const terms = new Map<string, QueryTerm>();
    for (const { term: stem, offset } of stems) {
      const word = words[offset];
      // The JavaScript split mirrors unicode61; if they ever disagree, the stem is used alone.
      const surface = word !== undefined && word.length > 0 ? word : stem;
      if (questionStopwords.has(surface) || terms.has(stem)) continue;
      if (surface.length < 2 && !/\d/.test(surface)) continue;
      const documentFrequency = (this.frequencyStatement.get(stem) as number | undefined) ?? 0;
      terms.set(stem, { word: surface, stem, documentFrequency });
    }
    return [...terms.values()]
      .sort((left, right) => left.documentFrequency - right.documentFrequency)
      .slice(0, maxTerms);
  }

  close(): void {
    this.scratch.close();
  }
}

/** Compatibility decomposition without marks, lowercase: the form both tokenizations see. */
function normalizeForTokens(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Splits text the way FTS5's unicode61 tokenizer does: runs of letters, digits and private-use characters. */
export function surfaceWords(text: string): string[] {
  return normalizeForTokens(text).match(/[\p{L}\p{N}\p{Co}]+/gu) ?? [];
}

/** Quotes a plain word or phrase for an FTS5 MATCH expression; quotes inside are doubled. */
export function quoteForMatch(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}
