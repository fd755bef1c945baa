/**
 * The approved-answer flow end to end, in process, over the hand-written tenant guide: a
 * served answer is approved; a paraphrase is served the approved answer, marked reviewed and
 * re-dated; a re-ingest changes the cited passage; the answer is no longer served and its item
 * is back in the queue with reason `source-changed` and a diff of the passage.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDiscordMessages } from '../../src/adapters/discord/answer-embeds.js';
import { renderSlackMessages } from '../../src/adapters/slack/answer-blocks.js';
import { answerContractViolations } from '../../src/answer/answer.js';
import { isoDate } from '../../src/answer/answer-engine.js';
import { renderAnswerHtml } from '../../src/answer/renderers/html.js';
import { renderMarkdown } from '../../src/answer/renderers/markdown.js';
import { renderPlainText } from '../../src/answer/renderers/plain-text.js';
import type { Application } from '../../src/application.js';
import { ingestedFixture, maxFileBytes, suiteDirectory } from '../support/retrieval-fixtures.js';

const question = 'How much can a landlord charge for a security deposit?';
const paraphrase = 'How much can a landlord charge as a security deposit?';
const unrelated = 'How much can a landlord raise the rent?';

let suite: ReturnType<typeof suiteDirectory>;
let application: Application;
let guideFolder: string;

beforeAll(async () => {
  suite = suiteDirectory('amicus-approved-');
  const ingested = await ingestedFixture(suite.directory);
  application = ingested.application;
  guideFolder = ingested.fixture.guide;
}, 120_000);

afterAll(() => {
  application?.close();
  suite?.remove();
});

function ask(text: string) {
  return application.conversation.ask({
    question: text,
    thread: { surface: 'http', threadId: `thread-${Math.random()}` },
    channel: 'C-test',
  });
}

describe('staff-approved answers', () => {
  it('serves an approved answer to a paraphrase, marked reviewed on every surface, then expires it when its passage changes', async () => {
    const original = await ask(question);
    expect(original.kind).toBe('answer');
    expect(original.reviewed).toBeUndefined();

    const approval = await application.review.approved.approve({ answerId: original.id, by: 'Dana Reyes' });
    expect(approval.state).toBe('active');
    expect(approval.passages.map((passage) => passage.passageId)).toEqual(
      original.sources.map((source) => source.passageId),
    );

    const served = await ask(paraphrase);
    expect(served.reviewed).toEqual({ by: 'Dana Reyes', on: approval.approvedOn });
    expect(served.id).not.toBe(original.id);
    expect(served.question).toBe(paraphrase);
    expect(served.checkedOn).toBe(isoDate(new Date()));
    expect(served.summary).toEqual(original.summary);
    expect(answerContractViolations(served)).toEqual([]);
    const mark = `Reviewed by Dana Reyes on ${approval.approvedOn}`;
    expect(renderPlainText(served, { colour: false })).toContain(mark);
    // Markdown escapes the date's hyphens.
    expect(renderMarkdown(served).replace(/\\-/g, '-')).toContain(mark);
    expect(renderAnswerHtml(served)).toContain(mark);
    expect(JSON.stringify(renderSlackMessages(served, { conversationKey: 'C1:1.0' }))).toContain(mark);
    expect(JSON.stringify(renderDiscordMessages(served))).toContain(mark);

    const other = await ask(unrelated);
    expect(other.reviewed).toBeUndefined();

    // A re-ingest changes the sentence the approved answer cites.
    const deposits = path.join(guideFolder, 'deposits.md');
    const before = readFileSync(deposits, 'utf8');
    writeFileSync(deposits, before.replace('up to two months', 'up to one and a half months'));
    await application.createIngester().ingest([guideFolder], { maxFileBytes });
    const expired = await application.review.approved.checkSources();
    expect(expired.map((entry) => entry.id)).toEqual([approval.id]);

    const afterChange = await ask(paraphrase);
    expect(afterChange.reviewed).toBeUndefined();

    const [listed] = await application.review.approved.list();
    expect(listed?.approval.state).toBe('expired');
    const queued = await application.review.queue.list({ reason: 'source-changed' });
    expect(queued).toHaveLength(1);
    const item = queued[0]!;
    expect(item.answerId).toBe(original.id);
    expect(item.status).toBe('open');
    const change = item.reasons.find((entry) => entry.reason === 'source-changed')!;
    expect(change.diffs.length).toBeGreaterThan(0);
    expect(change.diffs.some((diff) => diff.change === 'changed' && diff.diff.includes('[-two-]'))).toBe(
      true,
    );
    expect(change.diffs.some((diff) => diff.diff.includes('{+one and a half+}'))).toBe(true);
    const { audit } = await application.review.queue.show(item.id);
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['approved', 'expired', 'enqueued']),
    );
    expect(audit.find((entry) => entry.action === 'approved')?.actor).toBe('Dana Reyes');
  }, 120_000);

  it('lets policy run first: a personal question gets the individualized reply, not the approved one alone', async () => {
    const fresh = await ask('What is the deadline for a landlord to return a security deposit?');
    await application.review.approved.approve({ answerId: fresh.id, by: 'Sam Ortiz' });
    const personal = await ask(
      'My landlord kept my deposit after I moved out last week. What should I do about my case?',
    );
    expect(personal.kind).toBe('individualized');
    expect(personal.notice).toBeDefined();
  }, 60_000);

  it('serves by question pattern, and refuses to approve a reply that is not a cited answer', async () => {
    const fresh = await ask('What can a tenant do when a landlord ignores repair requests?');
    expect(fresh.kind).toBe('answer');
    await application.review.approved.approve({
      answerId: fresh.id,
      by: 'Sam Ortiz',
      questionPattern: '* landlord * fix *',
    });
    const matched = await ask('Does the landlord have to fix a broken heater?');
    expect([matched.kind, matched.reviewed?.by]).toEqual(['answer', 'Sam Ortiz']);

    const none = await ask('What are the rules on drone flights over a backyard?');
    expect(none.kind).toBe('no-answer');
    await expect(application.review.approved.approve({ answerId: none.id, by: 'Sam Ortiz' })).rejects.toThrow(
      /no-answer reply; only cited answers can be approved/,
    );
    await expect(
      application.review.approved.approve({ answerId: 'unknown-id', by: 'Sam Ortiz' }),
    ).rejects.toThrow(/No recorded answer/);
  }, 60_000);
});
