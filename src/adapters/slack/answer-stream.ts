import type { webApi } from '@slack/bolt';
import type { Answer } from '../../answer/answer.js';
import type { CompositionProgress, StreamedSentence } from '../../answer/composer.js';
import { safeUrl, sanitizeText } from '../../answer/renderers/sanitize.js';
import type { Logger } from '../../core/logger.js';
import {
  renderSlackMessages,
  type SlackMessage,
  type SlackRenderOptions,
  shortDisclaimer,
} from './answer-blocks.js';
import { describeFailure } from './failure-reasons.js';

type WebClient = webApi.WebClient;
type ChatStreamer = ReturnType<WebClient['chatStream']>;

/** Slack's limit on the markdown of one streamed message. */
export const streamTextLimit = 12_000;
/** Kept free for the closing note, so the streamed text plus the note stays within the limit. */
const closingReserve = 600;

export interface AnswerStreamOptions {
  readonly client: WebClient;
  readonly channel: string;
  /** Streams are replies: the thread of the question. */
  readonly threadTs: string;
  /** Outside a direct message Slack needs who receives the stream. */
  readonly recipient?: { readonly userId: string; readonly teamId: string } | undefined;
  readonly disclaimer: string;
  readonly logger: Logger;
}

/** Markdown with its markup characters escaped and mentions and control characters defused. */
function escapeMarkdown(text: string): string {
  return sanitizeText(text).replace(/[\\`*_~#[\]()<>|]/g, (character) => `\\${character}`);
}

function citationMarkdown(citation: StreamedSentence['citations'][number]): string {
  const url = safeUrl(citation.url);
  return url ? `[\\[${citation.n}\\]](${url.replace(/\)/g, '%29')})` : `\\[${citation.n}\\]`;
}

/** One verified sentence as markdown: a section heading before a section's first sentence. */
export function sentenceMarkdown(sentence: StreamedSentence, first: boolean): string {
  const before = sentence.section
    ? `\n\n**${sentence.section.number}. ${escapeMarkdown(sentence.section.heading)}**\n`
    : first
      ? ''
      : ' ';
  return `${before}${escapeMarkdown(sentence.text)} ${sentence.citations.map(citationMarkdown).join(' ')}`;
}

function sameSentences(told: readonly StreamedSentence[], answer: Answer): boolean {
  const expected = [
    ...answer.summary.map((sentence) => ({ ...sentence, part: 'summary' })),
    ...answer.sections.flatMap((section) =>
      section.sentences.map((sentence) => ({ ...sentence, part: 'section' })),
    ),
  ];
  return (
    answer.generatedBy === 'llm' &&
    answer.verification?.fellBack !== true &&
    expected.length === told.length &&
    expected.every((sentence, index) => {
      const shown = told[index]!;
      return (
        shown.part === sentence.part &&
        shown.text === sentence.text &&
        shown.citations.map((citation) => citation.n).join(',') === sentence.citations.join(',')
      );
    })
  );
}

/**
 * A model's answer streamed into Slack (`chat.startStream`, `appendStream`, `stopStream`, through
 * the Web API's `ChatStreamer`): each sentence is appended once the verifier has passed it, the
 * first chunk carrying the disclaimer's short form. The stream ends with the rest of the rendered
 * answer as blocks (sources, gaps, follow-ups, feedback, the full disclaimer). When the answer
 * is not what was streamed (the model failed mid-way and the extractive answer took its place,
 * or too little survived), the stream ends with a note saying so and the whole answer.
 */
export class SlackAnswerStream implements CompositionProgress {
  private readonly streamer: ChatStreamer;
  private readonly told: StreamedSentence[] = [];
  private work: Promise<void> = Promise.resolve();
  private length = 0;
  private failed = false;
  private closed = false;
  private started = false;

  constructor(private readonly options: AnswerStreamOptions) {
    this.streamer = options.client.chatStream({
      channel: options.channel,
      thread_ts: options.threadTs,
      ...(options.recipient
        ? { recipient_user_id: options.recipient.userId, recipient_team_id: options.recipient.teamId }
        : {}),
      // Every append is sent at once: the text is whole sentences, already verified.
      buffer_size: 1,
    });
  }

  sentence(sentence: StreamedSentence): void {
    if (this.closed || this.failed) return;
    const first = this.told.length === 0;
    const lead = first ? `_${escapeMarkdown(shortDisclaimer(this.options.disclaimer))}_\n\n` : '';
    const markdown = `${lead}${sentenceMarkdown(sentence, first)}`;
    // Past the limit the rest is not streamed; the answer then ends in full after a note.
    if (this.length + markdown.length > streamTextLimit - closingReserve) {
      this.closed = true;
      return;
    }
    this.length += markdown.length;
    this.told.push(sentence);
    this.work = this.work.then(async () => {
      if (this.failed) return;
      try {
        await this.streamer.append({ markdown_text: markdown });
        this.started = true;
      } catch (error) {
        this.failed = true;
        this.options.logger.warn(
          { event: 'slack.stream_failed', code: describeFailure(error).code },
          'could not stream the answer',
        );
      }
    });
  }

  /** Whether the stream was started (after the appends under way); if not, the answer is posted whole. */
  async hasStarted(): Promise<boolean> {
    await this.work;
    return this.started;
  }

  /**
   * Ends the stream with the answer: the parts not streamed when it is what was streamed, a note
   * and the whole answer when not. Parts beyond one message follow in the thread.
   */
  async finish(
    answer: Answer,
    render: SlackRenderOptions,
  ): Promise<{ readonly streamed: number; readonly parts: number }> {
    this.closed = true;
    await this.work;
    const matches = !this.failed && sameSentences(this.told, answer);
    const messages = renderSlackMessages(answer, {
      ...render,
      ...(matches ? { omitRoles: ['title', 'summary', 'section'] } : {}),
    });
    const note = matches
      ? undefined
      : answer.verification?.fellBack
        ? '\n\n_The language model stopped before it finished, so the answer below was written from the sources without it (the extractive answer). Rely on it, not on the sentences above._'
        : '\n\n_The complete answer below differs from what was shown while it was written; it is the one to rely on._';
    await this.stop(messages, note);
    return { streamed: this.told.length, parts: messages.length };
  }

  /** Ends the stream with a failure message, so a failure always ends in a message that says why. */
  async abandon(message: SlackMessage): Promise<void> {
    this.closed = true;
    await this.work;
    await this.stop([message], '\n\n_The answer could not be finished._');
  }

  private async stop(messages: readonly SlackMessage[], note: string | undefined): Promise<void> {
    const [first, ...rest] = messages;
    await this.streamer.stop({
      ...(note ? { markdown_text: note } : {}),
      ...(first ? { blocks: first.blocks } : {}),
    });
    for (const message of rest) {
      await this.options.client.chat.postMessage({
        channel: this.options.channel,
        thread_ts: this.options.threadTs,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
    }
  }
}
