import { parsePinpoint, passagesHoldingPinpoint } from '../corpus/pinpoints.js';
import type { SqliteDatabase } from '../store/database.js';
import { type CitationVocabulary, parseQueryCitations, type QueryCitation } from './citation-query.js';
import { type QueryTerm, QueryTermAnalyzer, quoteForMatch } from './query-terms.js';
import { filterCondition, type SearchFilters } from './search-filters.js';

export interface ScoredRowid {
  readonly rowid: number;
  /** Higher is better. For bm25 this is the negated FTS5 score. */
  readonly score: number;
}

export interface CitationHit extends ScoredRowid {
  readonly citation: QueryCitation;
  readonly sectionLabel: string;
  /** True when the citation names a subdivision and this passage holds it. */
  readonly holdsPinpoint: boolean;
}

/** One section of a cited provision that the store holds. */
export interface HeldSection {
  /** `Fed. R. Civ. P. 26`. */
  readonly sectionLabel: string;
  /** The section with the cited subdivision: `Fed. R. Civ. P. 26(b)(1)`. */
  readonly label: string;
  /** False when the section is held but the cited subdivision is not found in it. */
  readonly pinpointHeld: boolean;
  /** Its passages: those holding the pinpoint first, then the rest in document order. */
  readonly rowids: readonly number[];
  readonly pinpointRowids: readonly number[];
}

/** A citation in a question, and what the store holds of it (nothing, for a provision it lacks). */
export interface CitedProvision {
  readonly citation: QueryCitation;
  readonly sections: readonly HeldSection[];
}

interface CitedPassageRow {
  readonly rowid: number;
  readonly label: string;
  readonly sectionLabel: string;
  readonly text: string;
}

export interface LexicalSearchOptions {
  /** Field weights for bm25: citation label and headings count more than body text. */
  readonly labelWeight?: number;
  readonly headingsWeight?: number;
  readonly textWeight?: number;
  /**
   * The most postings a query may read. FTS5 reads the whole posting list of every term, so a
   * question full of common words ("federal", "court", "state") costs 100 ms on the whole U.S.
   * Code; the rarest terms are kept until this budget is spent, and the rest (which bm25 weighs
   * least anyway) are dropped.
   */
  readonly postingBudget?: number;
}

/**
 * Lexical retrieval over the FTS5 index: bm25 with field weights, query text that can never
 * become FTS syntax, and citation-aware lookup of sections the question names.
 */
export class LexicalSearch {
  private readonly analyzer: QueryTermAnalyzer;
  private readonly weights: string;
  private readonly postingBudget: number;
  private vocabularyCache: CitationVocabulary | undefined;

  constructor(
    private readonly database: SqliteDatabase,
    options: LexicalSearchOptions = {},
  ) {
    this.analyzer = new QueryTermAnalyzer(database);
    this.weights = [options.labelWeight ?? 8, options.headingsWeight ?? 3, options.textWeight ?? 1].join(
      ', ',
    );
    this.postingBudget = options.postingBudget ?? 12_000;
  }

  /** The terms a question is searched with, after stopwords and the posting budget. */
  queryTerms(question: string): QueryTerm[] {
    const terms = this.analyzer.analyze(question);
    const chosen: QueryTerm[] = [];
    let postings = 0;
    for (const term of terms) {
      if (term.documentFrequency === 0) continue;
      // Always keep the two rarest terms so a question of common words still finds something.
      if (chosen.length >= 2 && postings + term.documentFrequency > this.postingBudget) break;
      chosen.push(term);
      postings += term.documentFrequency;
    }
    return chosen;
  }

  /** The FTS5 MATCH expression for a question, or undefined when it has no searchable term. */
  matchExpression(question: string): string | undefined {
    const terms = this.queryTerms(question);
    if (terms.length === 0) return undefined;
    return terms.map((term) => quoteForMatch(term.word)).join(' OR ');
  }

  search(question: string, limit: number, filters?: SearchFilters): ScoredRowid[] {
    const expression = this.matchExpression(question);
    if (expression === undefined) return [];
    const condition = filterCondition(filters, 'p');
    const sql =
      condition.sql === '1'
        ? `SELECT rowid, bm25(passages_fts, ${this.weights}) AS score FROM passages_fts
           WHERE passages_fts MATCH ? ORDER BY score LIMIT ?`
        : `SELECT f.rowid AS rowid, bm25(passages_fts, ${this.weights}) AS score
           FROM passages_fts f JOIN passages p ON p.rowid = f.rowid
           WHERE passages_fts MATCH ? AND ${condition.sql} ORDER BY score LIMIT ?`;
    const rows = this.database.prepare(sql).all(expression, ...condition.parameters, limit) as ScoredRowid[];
    return rows.map((row) => ({ rowid: row.rowid, score: -row.score }));
  }

  /**
   * The provisions a question cites, each with the sections of it the store holds: one for a
   * full citation (`18 U.S.C. 1030(a)(2)`), each matching rule set's for a bare `Rule 23`,
   * none when the corpus does not hold it (`42 U.S.C. § 1983`). Passages are in document
   * order; with a pinpoint, the passages that hold it come first.
   */
  citedProvisions(question: string, filters?: SearchFilters): CitedProvision[] {
    const citations = parseQueryCitations(question, this.citationVocabulary());
    const condition = filterCondition(filters, 'p');
    return citations.map((citation) => {
      const placeholders = citation.sectionLabels.map(() => '?').join(', ');
      const rows = this.database
        .prepare(
          `SELECT p.rowid AS rowid, p.label AS label, p.section_label AS sectionLabel, p.text AS text FROM passages p
           WHERE p.section_label IN (${placeholders}) AND ${condition.sql}
           ORDER BY p.collection_id, p.document_path, p.ordinal LIMIT 400`,
        )
        .all(...citation.sectionLabels, ...condition.parameters) as CitedPassageRow[];
      const markers = parsePinpoint(citation.subdivisions);
      // In the order the citation lists its candidate sections (rule sets, titles), then document order.
      const sections = citation.sectionLabels.flatMap((sectionLabel) => {
        const passages = rows.filter((row) => row.sectionLabel === sectionLabel);
        if (passages.length === 0) return [];
        const holding = markers.length > 0 ? passagesHoldingPinpoint(passages, markers) : [];
        const first = new Set(holding.map((row) => row.rowid));
        return [
          {
            sectionLabel,
            label: `${sectionLabel}${citation.subdivisions}`,
            pinpointHeld: markers.length === 0 || holding.length > 0,
            rowids: [...holding, ...passages.filter((row) => !first.has(row.rowid))].map((row) => row.rowid),
            pinpointRowids: holding.map((row) => row.rowid),
          },
        ];
      });
      return { citation, sections };
    });
  }

  /**
   * Passages of the sections the question cites by number ("18 U.S.C. 2252A", "§ 1367",
   * "Rule 803", "FRE 403"), with the passages holding the named subdivision first, then in
   * document order.
   */
  citationHits(question: string, filters?: SearchFilters): CitationHit[] {
    const hits: CitationHit[] = [];
    const seen = new Set<number>();
    for (const { citation, sections } of this.citedProvisions(question, filters)) {
      for (const cited of sections) {
        cited.rowids.forEach((rowid, position) => {
          if (seen.has(rowid)) return;
          seen.add(rowid);
          hits.push({
            rowid,
            score: 1 / (1 + position),
            citation,
            sectionLabel: cited.sectionLabel,
            holdsPinpoint: cited.pinpointRowids.includes(rowid),
          });
        });
      }
    }
    return hits;
  }

  /**
   * Titles and rule prefixes in the store, so a bare "§ 1367" or "Rule 803" can be resolved.
   * It skips through the section-label index one title or rule set at a time: a few dozen
   * seeks instead of reading every section label, which cost 120 ms of a cold start on the
   * whole U.S. Code.
   */
  citationVocabulary(): CitationVocabulary {
    if (this.vocabularyCache) return this.vocabularyCache;
    const nextLabel = this.database.prepare(
      'SELECT section_label FROM passages WHERE section_label > ? AND section_label < ? ORDER BY section_label LIMIT 1',
    );
    const titles = new Set<string>();
    const prefixes = new Set<string>();
    // U.S. Code labels start with the title number; rule labels with "Fed. R.".
    for (const [from, to] of [
      ['0', ':'],
      ['Fed. R.', 'Fed. R/'],
    ] as const) {
      let label = nextLabel.pluck().get(from, to) as string | undefined;
      while (label !== undefined) {
        const usCode = /^(\d+[A-Za-z]?) U\.S\.C\. §/.exec(label);
        const rule = /^(Fed\. R\. [A-Za-z. ]+?) \d/.exec(label);
        if (usCode?.[1]) titles.add(usCode[1]);
        if (rule?.[1]) prefixes.add(rule[1]);
        // Past every label of this title or rule set (or past this one label, if it is neither).
        const group = usCode?.[0] ?? rule?.[1] ?? label;
        label = nextLabel.pluck().get(`${group}\u{10FFFF}`, to) as string | undefined;
      }
    }
    this.vocabularyCache = { usCodeTitles: [...titles].sort(), rulePrefixes: [...prefixes].sort() };
    return this.vocabularyCache;
  }

  /** Forgets what was cached about the store; called when an ingest changed it. */
  invalidate(): void {
    this.vocabularyCache = undefined;
  }

  close(): void {
    this.analyzer.close();
  }
}
