import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertDisclaimerFitsDiscord,
  type DiscordMessage,
  discordLimits,
  renderDiscordMessages,
} from '../../../src/adapters/discord/answer-embeds.js';
import {
  feedbackCustomId,
  followUpCustomId,
  parseCustomId,
} from '../../../src/adapters/discord/custom-ids.js';
import type { Answer, AnswerSource } from '../../../src/answer/answer.js';
import { AmicusError, ErrorCode } from '../../../src/core/errors.js';
import { answerArbitrary, testDisclaimer } from '../../support/answer-arbitraries.js';
import { discordLimitViolations, embedText } from '../../support/fake-discord.js';

const disclaimer =
  'Amicus gives general legal information from vetted sources, not legal advice. Talk to a licensed lawyer about your own case.';

function source(n: number, overrides: Partial<AnswerSource> = {}): AnswerSource {
  return {
    n,
    label: `18 U.S.C. § ${1000 + n}(a)`,
    title: `Section ${1000 + n} title`,
    url: `https://www.law.cornell.edu/uscode/text/18/${1000 + n}`,
    collection: 'usc-title-18',
    sourceType: 'statute',
    jurisdiction: 'US-federal',
    asOf: '2024-01-01',
    passageId: `passage-${n}`,
    vetted: true,
    vettedBy: 'Law library',
    vettedOn: '2025-01-15',
    ...overrides,
  };
}

function baseAnswer(overrides: Partial<Answer> = {}): Answer {
  return {
    id: '6f1c1c1e-7a3b-4d5e-9f10-112233445566',
    question: 'Is it a federal crime to lie to an FBI agent?',
    kind: 'answer',
    checkedOn: '2026-11-25',
    summary: [
      {
        text: 'Knowingly making a materially false statement to a federal agent is a crime.',
        citations: [1],
      },
      { text: 'The penalty is a fine or up to five years in prison.', citations: [1, 2] },
    ],
    sections: [
      {
        heading: 'What the statute requires',
        sentences: [{ text: 'The statement must be material and knowingly false.', citations: [2] }],
      },
    ],
    gaps: ['Available sources do not mention case law on materiality.'],
    limitations: 'This answer rests only on the U.S. Code, current to 2024-01-01.',
    followUps: ['What makes a statement material?', 'Does 18 U.S.C. § 1001 apply to state police?'],
    sources: [source(1), source(2)],
    related: [],
    referrals: [],
    privateReply: false,
    generatedBy: 'extractive',
    disclaimer,
    ...overrides,
  };
}

/** A long answer: many long sections and many sources. */
function longAnswer(disclaimerText = disclaimer): Answer {
  const sentence = (index: number) =>
    `Sentence ${index} explains, at some length and with care, how subsection (b) applies when the defendant knew the statement was false and the agency relied on it; `.repeat(
      4,
    );
  const sections = Array.from({ length: 30 }, (_, index) => ({
    heading: `Theme number ${index + 1} of the statute`,
    sentences: Array.from({ length: 4 }, (__, sentenceIndex) => ({
      text: sentence(sentenceIndex),
      citations: [index + 2],
    })),
  }));
  return baseAnswer({
    summary: [{ text: 'A long summary sentence. '.repeat(40), citations: [1] }],
    sections,
    sources: Array.from({ length: 31 }, (_, index) =>
      source(index + 1, { title: `A rather long source title for section ${index + 1} `.repeat(4) }),
    ),
    followUps: ['One?', 'Two?', 'Three?', 'Four?', 'Five?'],
    disclaimer: disclaimerText,
  });
}

function lastEmbedFooter(message: DiscordMessage): string {
  return message.embeds.at(-1)?.footer?.text ?? '';
}

describe('renderDiscordMessages', () => {
  it('renders the title, the cited summary, a field per section, a sources embed and the closing footer', () => {
    const [message, ...rest] = renderDiscordMessages(baseAnswer());
    expect(rest).toEqual([]);
    const [main, sources] = message!.embeds;
    expect(main?.title).toBe('Is it a federal crime to lie to an FBI agent?');
    expect(main?.description).toBe(
      'Knowingly making a materially false statement to a federal agent is a crime. [1] The penalty is a fine or up to five years in prison. [1] [2]',
    );
    expect(main?.fields?.map((field) => field.name)).toEqual([
      '1. What the statute requires',
      'What the sources do not cover',
      'Limitations',
      'Want to dive deeper?',
    ]);
    expect(main?.fields?.[0]?.value).toBe('The statement must be material and knowingly false. [2]');
    expect(sources?.title).toBe('Sources');
    expect(sources?.description).toContain(
      '**1.** [18 U.S.C. § 1001(a)](https://www.law.cornell.edu/uscode/text/18/1001)',
    );
    expect(sources?.description).toContain('usc-title-18; statute; US-federal; current to 2024-01-01');
    expect(sources?.footer?.text).toBe(`Checked on 2026-11-25 · Disclaimer: ${disclaimer}`);
    expect(message!.allowed_mentions).toEqual({ parse: [] });
    expect(discordLimitViolations({ ...message })).toEqual([]);
  });

  it('adds one row per follow-up button and a row of feedback buttons carrying the answer id', () => {
    const [message] = renderDiscordMessages(baseAnswer());
    const rows = message!.components;
    expect(rows).toHaveLength(3);
    expect(rows[0]?.components[0]).toMatchObject({
      label: 'What makes a statement material?',
      custom_id: followUpCustomId('6f1c1c1e-7a3b-4d5e-9f10-112233445566', 0),
    });
    expect(rows[2]?.components.map((button) => [button.emoji?.name, button.custom_id])).toEqual([
      ['👍', 'amicus:fb:up:6f1c1c1e-7a3b-4d5e-9f10-112233445566'],
      ['👎', 'amicus:fb:down:6f1c1c1e-7a3b-4d5e-9f10-112233445566'],
    ]);
  });

  it('keeps at most five rows of five buttons, short custom ids and labels', () => {
    const answer = baseAnswer({
      followUps: Array.from(
        { length: 5 },
        (_, index) => `${'A very long follow-up question '.repeat(5)}${index}?`,
      ),
    });
    const [message] = renderDiscordMessages(answer);
    expect(message!.components.length).toBeLessThanOrEqual(5);
    for (const row of message!.components) {
      expect(row.components.length).toBeLessThanOrEqual(5);
      for (const button of row.components) {
        expect(button.custom_id.length).toBeLessThanOrEqual(100);
        expect(button.label!.length).toBeLessThanOrEqual(80);
      }
    }
    expect(message!.components[0]!.components[0]!.label!.endsWith('…')).toBe(true);
  });

  it('splits a long answer into messages within every limit, each closing with the disclaimer', () => {
    const answer = longAnswer();
    const messages = renderDiscordMessages(answer);
    expect(messages.length).toBeGreaterThan(2);
    for (const [index, message] of messages.entries()) {
      expect(discordLimitViolations({ ...message }), `message ${index}`).toEqual([]);
      expect(message.allowed_mentions).toEqual({ parse: [] });
      expect(lastEmbedFooter(message)).toBe(
        `Part ${index + 1} of ${messages.length} · Checked on 2026-11-25 · Disclaimer: ${disclaimer}`,
      );
      expect(message.components.length > 0).toBe(index === messages.length - 1);
    }
    const text = messages.map((message) => embedText({ ...message })).join('\n');
    for (const section of answer.sections) expect(text).toContain(section.heading);
    for (const listed of answer.sources) expect(text).toContain(`**${listed.n}.**`);
    // Continuation pieces are marked, and nothing is cut inside an escape.
    expect(text).toContain('(continued)');
    expect(text).not.toMatch(/(^|[^\\])(\\\\)*\\…/);
  });

  it('moves a disclaimer too long for a footer into a final embed of every message, never dropping it', () => {
    const longDisclaimer = `${'This deployment requires a very long disclaimer sentence. '.repeat(40)}End.`;
    expect(longDisclaimer.length).toBeGreaterThan(2048);
    const messages = renderDiscordMessages(longAnswer(longDisclaimer));
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(discordLimitViolations({ ...message })).toEqual([]);
      const last = message.embeds.at(-1)!;
      expect(last.description).toContain('**Disclaimer:** This deployment requires a very long disclaimer');
      expect(last.description).toContain('End.');
      expect(last.footer?.text).toMatch(/Checked on 2026-11-25$/);
    }
  });

  it('refuses a disclaimer that no Discord embed can hold', () => {
    const huge = 'x'.repeat(5000);
    // A configuration error (config_invalid, exit code 2), not a bare RangeError.
    expect(() => assertDisclaimerFitsDiscord(huge)).toThrow(AmicusError);
    expect(() => assertDisclaimerFitsDiscord(huge)).toThrow(
      expect.objectContaining({ code: ErrorCode.ConfigInvalid }),
    );
    expect(() => renderDiscordMessages(baseAnswer({ disclaimer: huge }))).toThrow(AmicusError);
    expect(() => assertDisclaimerFitsDiscord(disclaimer)).not.toThrow();
  });

  it('escapes Markdown and defuses mentions in every string from the answer', () => {
    const answer = baseAnswer({
      question: '@everyone look: **bold** <@123456> [x](https://evil.example) ||spoiler||',
      summary: [{ text: '# Heading\n> quote\n- list\n1. item @here `code`', citations: [1] }],
      sections: [
        { heading: '@everyone __underlined__', sentences: [{ text: 'plain @heretic', citations: [2] }] },
      ],
      followUps: ['@everyone ping?'],
    });
    const [message] = renderDiscordMessages(answer);
    const text = embedText({ ...message! });
    expect(text.replaceAll('\u2060', '')).toContain('@everyone');
    expect(text).not.toMatch(/@(everyone|here)/i);
    const main = message!.embeds[0]!;
    expect(main.title).toBe(
      '@\u2060everyone look: \\*\\*bold\\*\\* \\<\u2060@123456> \\[x\\](https://evil.example) \\|\\|spoiler\\|\\|',
    );
    expect(main.description).toBe('\\# Heading\n\\> quote\n\\- list\n1\\. item @\u2060here \\`code\\` [1]');
    expect(main.fields?.[0]?.name).toBe('1. @\u2060everyone \\_\\_underlined\\_\\_');
    expect(message!.components[0]?.components[0]?.label).toBe('@\u2060everyone ping?');
  });

  it('only links http(s) sources, and none with user info', () => {
    const answer = baseAnswer({
      sources: [
        source(1, { url: 'javascript:alert(1)' }),
        source(2, { url: 'https://example.com/a b(c)@everyone' }),
        // User info before the host is refused (safeUrl), so this source is not linked at all.
        source(3, { url: 'https://user:secret@example.com/a' }),
      ],
    });
    const [message] = renderDiscordMessages(answer);
    const sources = message!.embeds[1]!.description!;
    expect(sources).not.toContain('javascript:');
    expect(sources).toContain('**1.** 18 U.S.C. § 1001(a) — ');
    expect(sources).toContain('](https://example.com/a%20b%28c%29%40everyone)');
    expect(sources).toContain('**3.** 18 U.S.C. § 1003(a) — ');
    expect(sources).not.toContain('secret');
  });

  it('cuts very long words without splitting a surrogate pair or an escape', () => {
    const answer = baseAnswer({
      sections: [
        { heading: 'Emoji', sentences: [{ text: '🙂'.repeat(3000), citations: [1] }] },
        { heading: 'Escapes', sentences: [{ text: '*_'.repeat(3000), citations: [2] }] },
      ],
    });
    const messages = renderDiscordMessages(answer);
    for (const message of messages) {
      expect(discordLimitViolations({ ...message })).toEqual([]);
      for (const field of message.embeds.flatMap((embed) => embed.fields ?? [])) {
        expect(field.value).not.toMatch(
          /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
        );
        expect(field.value).not.toMatch(/(^|[^\\])(\\\\)*\\…/);
      }
    }
  });

  it('puts crisis resources first in an emergency', () => {
    const answer = baseAnswer({
      kind: 'emergency',
      notice: 'If you are in danger, call for help now.',
      summary: [],
      sections: [],
      sources: [],
      gaps: [],
      followUps: [],
      limitations: '',
      referrals: [
        {
          name: '988 Suicide & Crisis Lifeline',
          contact: 'Call or text 988',
          whenToUse: 'You are thinking about suicide.',
        },
      ],
    });
    const [message] = renderDiscordMessages(answer);
    const main = message!.embeds[0]!;
    expect(main.color).toBe(0xed4245);
    expect(main.description).toBe(
      '🚨 If you are in danger, call for help now.\n\n• 988 Suicide & Crisis Lifeline: Call or text 988 — You are thinking about suicide.',
    );
    expect(lastEmbedFooter(message!)).toContain(disclaimer);
  });

  it('keeps every limit and the disclaimer for any valid answer', () => {
    fc.assert(
      fc.property(answerArbitrary, (answer) => {
        const messages = renderDiscordMessages(answer);
        expect(messages.length).toBeGreaterThan(0);
        for (const message of messages) {
          expect(discordLimitViolations({ ...message })).toEqual([]);
          expect(message.allowed_mentions).toEqual({ parse: [] });
          expect(lastEmbedFooter(message)).toContain(testDisclaimer);
          expect(embedText({ ...message })).not.toMatch(/@(everyone|here)/i);
          for (const embed of message.embeds) {
            expect(embed.title ?? 'x').not.toBe('');
            for (const field of embed.fields ?? []) expect(field.value.trim()).not.toBe('');
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('custom ids', () => {
  it('round-trips follow-up and feedback ids', () => {
    expect(parseCustomId(followUpCustomId('abc-123', 3))).toEqual({
      kind: 'follow-up',
      answerId: 'abc-123',
      index: 3,
    });
    expect(parseCustomId(feedbackCustomId('abc-123', 'down'))).toEqual({
      kind: 'feedback',
      answerId: 'abc-123',
      rating: 'down',
    });
    expect(parseCustomId('amicus:fb:maybe:abc')).toBeUndefined();
    expect(parseCustomId('amicus:fu:-1:abc')).toBeUndefined();
    expect(parseCustomId('someone-else:button')).toBeUndefined();
  });

  it('leaves out buttons when the answer id cannot fit a custom id', () => {
    const [message] = renderDiscordMessages(baseAnswer({ id: 'x'.repeat(discordLimits.customId) }));
    expect(message!.components).toEqual([]);
  });
});
