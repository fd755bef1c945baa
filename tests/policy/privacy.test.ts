import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ThreadStore } from '../../src/conversation/thread-store.js';
import { redactTextFields } from '../../src/core/logger.js';
import { findAndRedact, redactPersonalDetails } from '../../src/core/redaction.js';
import { FeedbackStore } from '../../src/store/feedback-store.js';

describe('redaction of personal details', () => {
  it.each([
    ['Write to jane.doe+law@example.co.uk today', 'Write to [email] today', 'email'],
    ['Call me at (555) 123-4567 or +1 555.987.6543', 'Call me at [phone] or [phone]', 'phone'],
    ['My SSN is 123-45-6789.', 'My SSN is [ssn].', 'ssn'],
    [
      'I live at 1234 Elm Street, Apt 5B in Springfield',
      'I live at [address] in Springfield',
      'street address',
    ],
    [
      'My case is Case No. 1:23-cv-01234 in the district court',
      'My case is [case number] in the district court',
      'case number',
    ],
    ['docket number 2023-CR-0042', '[case number]', 'case number'],
  ])('redacts %s', (input, expected, kind) => {
    const result = findAndRedact(input);
    expect(result.text).toBe(expected);
    expect(result.found).toContain(kind);
  });

  it('leaves legal citations, section numbers and periods of years alone', () => {
    const text =
      'See 18 U.S.C. 2252(c), Fed. R. Civ. P. 12(b)(6) and 28 U.S.C. § 1915(e)(1); 5 years; Rule 803(2).';
    expect(redactPersonalDetails(text)).toBe(text);
  });

  it('redacts user text fields in every log line, through the logger formatter', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ formatters: { log: redactTextFields } }, sink);
    logger.info({ question: 'email me at a@b.org', answerId: 'x1' }, 'asked');
    expect(lines.join('')).toContain('[email]');
    expect(lines.join('')).not.toContain('a@b.org');
    expect(lines.join('')).toContain('x1');
  });

  it('stores threads and feedback with personal details redacted', async () => {
    const database = new Database(':memory:');
    const threads = new ThreadStore(database, {
      maxTurns: 5,
      retentionDays: 30,
      redact: redactPersonalDetails,
    });
    await threads.append({
      surface: 'slack',
      threadId: 'C1:1',
      question: 'I was charged in case no. 22-cr-123, call 555-123-4567',
      standaloneQuestion: 'I was charged in case no. 22-cr-123, call 555-123-4567',
      answerId: 'a1',
      answerKind: 'individualized',
      citedLabels: [],
    });
    const stored = database.prepare('SELECT question, standalone_question FROM conversation_turns').get() as {
      question: string;
      standalone_question: string;
    };
    expect(stored.question).toBe('I was charged in [case number], call [phone]');
    expect(stored.standalone_question).not.toContain('555');

    const feedback = new FeedbackStore(database, redactPersonalDetails);
    await feedback.record({
      answerId: 'a1',
      rating: 'down',
      reason: 'wrong, mail me at x@y.com',
      surface: 'slack',
      userId: 'U123',
    });
    const row = database.prepare('SELECT reason, user_hash FROM feedback').get() as {
      reason: string;
      user_hash: string;
    };
    expect(row.reason).toBe('wrong, mail me at [email]');
    expect(row.user_hash).not.toContain('U123');
    expect(row.user_hash).toHaveLength(16);
  });

  it('keeps only the newest turns of a thread and forgets old ones', async () => {
    const database = new Database(':memory:');
    let now = new Date('2026-01-01T00:00:00Z');
    const threads = new ThreadStore(database, { maxTurns: 2, retentionDays: 10, clock: () => now });
    for (const question of ['one', 'two', 'three']) {
      await threads.append({
        surface: 'cli',
        threadId: 't',
        question,
        standaloneQuestion: question,
        answerId: question,
        answerKind: 'answer',
        citedLabels: [],
      });
    }
    expect((await threads.turns('cli', 't')).map((turn) => turn.question)).toEqual(['two', 'three']);
    now = new Date('2026-01-20T00:00:00Z');
    expect(await threads.turns('cli', 't')).toEqual([]);
  });
});
