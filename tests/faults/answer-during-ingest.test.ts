import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databaseFileName } from '../../src/store/database.js';
import { useIngestedFixture } from '../support/retrieval-fixtures.js';

/**
 * An ingest holds the corpus store's write lock from its first write to its commit. A server
 * answering meanwhile must still answer and remember the thread turn and feedback, which live
 * in the runtime-state store beside it.
 */
describe('questions answered while an ingest holds the corpus store', () => {
  const application = useIngestedFixture('amicus-answer-during-ingest-');

  it('answers, keeps the thread turn and records feedback without waiting for the lock', async () => {
    const app = application();
    const ingest = new Database(path.join(app.config.dataDirectory, databaseFileName));
    ingest.exec('BEGIN IMMEDIATE');
    try {
      const started = Date.now();
      const answer = await app.conversation.ask({
        thread: { surface: 'http', threadId: 'during-ingest' },
        question: 'How long does a landlord have to return a security deposit?',
      });
      await app.feedback.record({ answerId: answer.id, rating: 'down', surface: 'http' });
      // With the turn in the corpus store, the write waited out busy_timeout (5 s) and failed.
      expect(Date.now() - started).toBeLessThan(2000);
      expect(answer.kind).not.toBe('refused');
      expect(await app.feedback.forAnswer(answer.id)).toHaveLength(1);
      const follow = await app.conversation.ask({
        thread: { surface: 'http', threadId: 'during-ingest' },
        question: 'what about interest on it?',
      });
      expect(follow.id).not.toBe(answer.id);
      const turns = app.stateDatabase
        .prepare('SELECT count(*) AS count FROM conversation_turns WHERE thread_id = ?')
        .get('during-ingest') as { count: number };
      expect(turns.count).toBe(2);
    } finally {
      ingest.exec('ROLLBACK');
      ingest.close();
    }
  });
});
