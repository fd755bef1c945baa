import type { Button, ContextBlockElement } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conversationKeyFromBlockId, slackActionIds } from '../../../src/adapters/slack/action-ids.js';
import {
  renderSlackMessages,
  type SlackMessage,
  slackLimits,
  slackMessageTexts,
} from '../../../src/adapters/slack/answer-blocks.js';
import { cutMrkdwn, escapeMrkdwn } from '../../../src/adapters/slack/mrkdwn.js';
import type { Answer } from '../../../src/answer/answer.js';
import {
  loneSurrogate,
  slackBroadcast,
  terminalControlCharacters,
} from '../../answer/renderers/output-inspection.js';
import {
  answerArbitrary,
  answerOfKind,
  citedAnswerArbitrary,
  testDisclaimer,
} from '../../support/answer-arbitraries.js';

/** `<…>` in our mrkdwn is only ever a link to an http(s) address. */
const linkPattern = /<(https?:\/\/[^|<>\s]+)\|([^<>]*)>/g;

function withoutLinks(text: string): string {
  return text.replace(linkPattern, '$2');
}

/** The text of a context element (every element Amicus writes has one). */
function elementText(element: ContextBlockElement | undefined): string | undefined {
  return element !== undefined && 'text' in element ? element.text : undefined;
}

function buttons(message: SlackMessage): Array<{ button: Button; blockId: string | undefined }> {
  return message.blocks.flatMap((block) => {
    if (block.type === 'actions')
      return block.elements.flatMap((button) =>
        button.type === 'button' ? [{ button, blockId: block.block_id }] : [],
      );
    if (block.type === 'section' && block.accessory?.type === 'button')
      return [{ button: block.accessory, blockId: block.block_id }];
    return [];
  });
}

function expectSlackSafe(
  messages: readonly SlackMessage[],
  answer: Answer,
  limits: { blocksPerMessage: number; textLength: number } = slackLimits,
) {
  expect(messages.length).toBeGreaterThan(0);
  for (const message of messages) {
    expect(message.blocks.length).toBeLessThanOrEqual(limits.blocksPerMessage);
    const last = message.blocks.at(-1);
    expect(last?.type).toBe('context');
    expect(last?.type === 'context' && last.elements.map(elementText).join(' ')).toContain(testDisclaimer);
    expect(message.text.length).toBeGreaterThan(0);
    expect(message.text.length).toBeLessThanOrEqual(slackLimits.textLength);
    for (const text of [...slackMessageTexts(message), message.text]) {
      expect(text.length).toBeLessThanOrEqual(limits.textLength);
      expect(text.trim().length).toBeGreaterThan(0);
      expect(loneSurrogate.test(text)).toBe(false);
      expect(terminalControlCharacters.test(text.replace(/\r/g, ''))).toBe(false);
      const bare = withoutLinks(text);
      expect(bare, 'an angle bracket outside a link').not.toMatch(/[<>]/);
      expect(bare.replace(/&(amp|lt|gt);/g, ''), 'an unescaped ampersand').not.toContain('&');
    }
    for (const { button } of buttons(message)) {
      expect(button.value?.length ?? 0).toBeLessThanOrEqual(slackLimits.buttonValue);
      expect(button.text.text.length).toBeLessThanOrEqual(slackLimits.buttonText);
    }
    for (const block of message.blocks) {
      if ('block_id' in block && block.block_id)
        expect(block.block_id.length).toBeLessThanOrEqual(slackLimits.blockId);
      if (block.type === 'context')
        expect(block.elements.length).toBeLessThanOrEqual(slackLimits.contextElements);
    }
  }
  const json = JSON.stringify(messages);
  expect(slackBroadcast.exec(json)?.[0], 'a Slack broadcast in the payload').toBeUndefined();
  expect(json).not.toMatch(/(?<!@\u2060?)@(everyone|here|channel)\b/i);
  // Every link goes to an http(s) address; no javascript: or data: link survives.
  for (const match of json.matchAll(/<([a-z]+:[^|>]*)\|/gi)) expect(match[1]).toMatch(/^https?:\/\//);
  // Every citation marker names a listed source.
  const listed = new Set(answer.sources.map((source) => source.n));
  for (const message of messages) {
    for (const text of slackMessageTexts(message)) {
      for (const match of text.matchAll(/<https?:[^|<>]+\|\[(\d+)\]>/g))
        expect(listed.has(Number(match[1]))).toBe(true);
    }
  }
}

describe('renderSlackMessages', () => {
  it('keeps Slack’s limits, escaping and the disclaimer in every message, for any answer', () => {
    fc.assert(
      fc.property(answerArbitrary, (answer) => {
        expectSlackSafe(
          renderSlackMessages(answer, { conversationKey: 'C0PUBLIC001:1767200000.000001' }),
          answer,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('keeps them when split hard (few blocks, short texts), and loses no source, follow-up or button', () => {
    fc.assert(
      fc.property(
        citedAnswerArbitrary,
        fc.integer({ min: 4, max: 12 }),
        fc.integer({ min: 300, max: 900 }),
        (answer, maxBlocks, maxTextLength) => {
          const messages = renderSlackMessages(answer, { maxBlocks, maxTextLength, maxMessageLength: 4000 });
          expectSlackSafe(messages, answer, {
            ...slackLimits,
            blocksPerMessage: maxBlocks,
            textLength: maxTextLength,
          });
          const blockIds = messages.flatMap((message) =>
            message.blocks.map((block) => ('block_id' in block ? block.block_id : undefined)),
          );
          for (const source of answer.sources) expect(blockIds).toContain(`amicus_source_${source.n}`);
          const actionIds = messages.flatMap((message) =>
            buttons(message).map(({ button }) => button.action_id),
          );
          expect(actionIds).toEqual([
            ...answer.followUps.map((_, index) => `amicus_follow_up_${index}`),
            slackActionIds.feedbackUp,
            slackActionIds.feedbackDown,
          ]);
          if (messages.length > 1) {
            for (const [index, message] of messages.entries()) {
              if (index === 0) continue;
              const first = message.blocks[0];
              expect(first?.type === 'context' && elementText(first.elements[0])).toContain(
                `Part ${index + 1} of ${messages.length}`,
              );
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('splits a long answer into several messages of at most 50 blocks, each ending with the disclaimer', () => {
    const base = fc.sample(answerOfKind('answer'), { numRuns: 1, seed: 7 })[0] as Answer;
    const source = { ...base.sources[0]!, n: 1, url: 'https://www.law.cornell.edu/uscode/text/18/2252' };
    const answer: Answer = {
      ...base,
      summary: [{ text: 'A summary sentence.', citations: [1] }],
      sections: Array.from({ length: 60 }, (_, index) => ({
        heading: `Section heading ${index + 1}`,
        sentences: [{ text: `Sentence ${index + 1} ${'of statute text '.repeat(20)}`, citations: [1] }],
      })),
      sources: [source],
      followUps: ['What else?'],
    };
    const messages = renderSlackMessages(answer);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.blocks.length).toBeLessThanOrEqual(50);
    expectSlackSafe(messages, answer);
    expect(messages[1]?.text).toContain(`Part 2 of ${messages.length}`);
  });

  it('links [n] to http(s) sources only and escapes corpus text', () => {
    const base = fc.sample(answerOfKind('answer'), { numRuns: 1, seed: 3 })[0] as Answer;
    const answer: Answer = {
      ...base,
      question: 'Is <!channel> & @here allowed?',
      summary: [
        { text: 'Text with <!channel>, <@U123>, <https://evil.example|click> & @everyone.', citations: [1] },
        { text: 'Second sentence.', citations: [2] },
      ],
      sections: [],
      related: [],
      gaps: [],
      followUps: ['Ask <!here> something?'],
      sources: [
        {
          ...base.sources[0]!,
          n: 1,
          label: 'Label <b>',
          url: 'https://www.law.cornell.edu/rules/fre/rule_801',
        },
        { ...base.sources[0]!, n: 2, label: 'Unsafe', url: 'javascript:alert(1)', passageId: 'p2' },
      ],
    };
    const [message] = renderSlackMessages(answer);
    const texts = slackMessageTexts(message!).join('\n');
    expect(texts).toContain('*Is &lt;!channel&gt; &amp; @\u2060here allowed?*');
    expect(texts).toContain(
      'Text with &lt;!channel&gt;, &lt;@U123&gt;, &lt;https://evil.example|click&gt; &amp; @\u2060everyone. <https://www.law.cornell.edu/rules/fre/rule_801|[1]> Second sentence. [2]',
    );
    expect(texts).toContain('*[1]* <https://www.law.cornell.edu/rules/fre/rule_801|Label &lt;b&gt;>');
    expect(texts).toContain('*[2]* Unsafe —');
    expect(texts).not.toContain('javascript:');
    const followUp = buttons(message!).find(({ button }) => button.action_id === 'amicus_follow_up_0');
    expect(followUp?.button.value).toBe('Ask \u2039!here\u203a something?');
    expectSlackSafe([message!], answer);
  });

  it('puts crisis resources before everything else in an emergency', () => {
    fc.assert(
      fc.property(answerOfKind('emergency'), (answer) => {
        const texts = slackMessageTexts(renderSlackMessages(answer)[0]!);
        const firstReferral = escapeMrkdwn(answer.referrals[0]!.name).slice(0, 20);
        const referralIndex = texts.findIndex(
          (text) => text.startsWith('• ') && text.includes(firstReferral),
        );
        expect(referralIndex).toBeGreaterThan(0);
        // Only the question, the checked-on date and the emergency notice come first; a notice too
        // long for one block continues in the next, but no cited information precedes the resources.
        const noticeIndex = texts.findIndex((text) => text.startsWith(':rotating_light:'));
        if (noticeIndex >= 0) {
          expect(noticeIndex).toBeLessThanOrEqual(2);
          expect(noticeIndex).toBeLessThan(referralIndex);
        } else expect(referralIndex).toBeLessThanOrEqual(3);
        for (const text of texts.slice(0, referralIndex)) expect(text).not.toMatch(/\|\[\d+\]>|\[\d+\]$/);
      }),
      { numRuns: 50 },
    );
  });

  it('carries the conversation key in follow-up block ids and the answer id in feedback values', () => {
    const answer = fc.sample(
      answerOfKind('answer').filter((candidate) => candidate.followUps.length > 0),
      {
        numRuns: 1,
        seed: 11,
      },
    )[0] as Answer;
    const [message] = renderSlackMessages(answer, { conversationKey: 'C0PUBLIC001:1767200000.000042' });
    const all = buttons(message!);
    const followUp = all.find(({ button }) => button.action_id === 'amicus_follow_up_0');
    expect(conversationKeyFromBlockId(followUp?.blockId)).toBe('C0PUBLIC001:1767200000.000042');
    expect(all.find(({ button }) => button.action_id === slackActionIds.feedbackUp)?.button.value).toBe(
      answer.id,
    );
    expect(all.find(({ button }) => button.action_id === slackActionIds.feedbackDown)?.button.value).toBe(
      answer.id,
    );
    expect(
      renderSlackMessages(answer, { feedback: false })
        .flatMap(buttons)
        .map(({ button }) => button.action_id),
    ).not.toContain(slackActionIds.feedbackUp);
  });
});

describe('cutMrkdwn: the text cutter with the mrkdwn syntax', () => {
  it('never cuts an entity, a link or a surrogate pair, and keeps every piece within the limit', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'word',
            ' ',
            '\n',
            '&amp;',
            '&lt;',
            '<https://example.com/a|[1]>',
            '🙂',
            'x'.repeat(40),
          ),
          { maxLength: 400 },
        ),
        fc.integer({ min: 20, max: 200 }),
        (tokens, limit) => {
          for (const piece of cutMrkdwn(tokens.join(''), limit)) {
            expect(piece.length).toBeLessThanOrEqual(limit);
            expect(loneSurrogate.test(piece)).toBe(false);
            // A link may be cut inside its label (closed, then reopened): it stays well formed.
            expect(piece.replace(/<https:\/\/example\.com\/a\|[^<>]*>/g, '')).not.toMatch(/[<>]/);
            expect(piece.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
