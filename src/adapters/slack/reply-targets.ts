import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';
import type { SlackMessage } from './answer-blocks.js';
import { SlackAnswerStream } from './answer-stream.js';
import { loadingStatus } from './messages.js';
import { threadKey } from './ports.js';

type WebClient = webApi.WebClient;

/** An ephemeral reply through a `response_url` (Bolt's `respond`, or our own POST for modals). */
export type RespondEphemerally = (message: SlackMessage) => Promise<void>;

/**
 * Where and how the answer to one question goes. The question runner talks only to this, so
 * the same flow (placeholder, answer, private reply, failure) serves mentions, direct
 * messages, thread follow-ups, `/ask`, follow-up buttons and assistant threads.
 */
export interface ReplyTarget {
  /** True when only the asker sees replies here: a direct message, an assistant thread, an ephemeral reply. */
  readonly isPrivate: boolean;
  /** True when every reply here is ephemeral (a private `/ask`, a button on an ephemeral answer). */
  readonly isEphemeral: boolean;
  /** The conversation-memory key; for a new top-level post it is known once the placeholder is posted. */
  conversationKey(): string;
  /** Posts the placeholder that the answer will replace. */
  postPlaceholder(message: SlackMessage): Promise<void>;
  /** Changes the placeholder (a queue notice); does nothing where a placeholder cannot be edited. */
  updatePlaceholder(message: SlackMessage): Promise<void>;
  /** Replaces the placeholder with the first message and posts the others after it, in the thread. */
  deliver(messages: readonly SlackMessage[]): Promise<void>;
  /** Sends messages that only the asker sees; false when that is not possible here. */
  deliverPrivately(messages: readonly SlackMessage[]): Promise<boolean>;
  /** A short message for the asker alone where possible (rate limit, help, not allowed), instead of a placeholder. */
  notify(message: SlackMessage): Promise<void>;
  /** Slack's native feedback buttons where the surface has them (agent and assistant threads), ours elsewhere. */
  readonly feedbackStyle: 'buttons' | 'native';
  /** A stream for a model's answer, or undefined where Slack cannot stream here (ephemeral replies, no thread yet). */
  openStream(disclaimer: string, logger: Logger): SlackAnswerStream | undefined;
  /** After a streamed answer: the placeholder it replaced goes (or says where the answer is). */
  retirePlaceholder(): Promise<void>;
}

export interface ThreadReplyOptions {
  readonly channel: string;
  /** The thread to answer in; undefined for a new top-level post (public `/ask`). */
  readonly threadTs: string | undefined;
  readonly userId: string;
  /** A direct message with the bot or an assistant thread. */
  readonly isPrivate: boolean;
  /** Present for slash commands and button clicks: private notices then work even where the bot is not a member. */
  readonly respond?: RespondEphemerally | undefined;
  /** The workspace, for a stream's recipient outside a direct message. */
  readonly teamId?: string | undefined;
  /**
   * Show the thread's loading status (`assistant.threads.setStatus`) instead of posting a
   * placeholder: direct-message threads of the agent and assistant experiences. Where Slack
   * refuses it, the placeholder is posted after all.
   */
  readonly loadingStatus?: boolean | undefined;
}

/**
 * Replies in a channel or direct-message thread through the Web API: the placeholder with
 * `chat.postMessage`, the answer with `chat.update` on it, further parts with
 * `chat.postMessage` in the thread, private replies with `chat.postEphemeral`.
 */
export class ThreadReply implements ReplyTarget {
  readonly isEphemeral = false;
  private threadTs: string | undefined;
  private placeholderTs: string | undefined;
  private statusShown = false;

  constructor(
    private readonly client: WebClient,
    private readonly options: ThreadReplyOptions,
  ) {
    this.threadTs = options.threadTs;
  }

  get isPrivate(): boolean {
    return this.options.isPrivate;
  }

  conversationKey(): string {
    return threadKey(this.options.channel, this.threadTs ?? this.placeholderTs ?? 'pending');
  }

  async postPlaceholder(message: SlackMessage): Promise<void> {
    if (this.options.loadingStatus && this.threadTs !== undefined) {
      try {
        await this.setStatus(loadingStatus.status, loadingStatus.loadingMessages);
        this.statusShown = true;
        return;
      } catch {
        // No loading status here (an app without the agent or assistant view): a placeholder then.
      }
    }
    const result = await this.post(message);
    this.placeholderTs = result.ts;
    this.threadTs ??= result.ts;
  }

  /** A thread that took the loading status is one of the agent (or assistant) experience: native feedback. */
  get feedbackStyle(): 'buttons' | 'native' {
    return this.statusShown ? 'native' : 'buttons';
  }

  openStream(disclaimer: string, logger: Logger): SlackAnswerStream | undefined {
    if (this.threadTs === undefined) return undefined;
    const { channel, userId, teamId, isPrivate } = this.options;
    // Outside a direct message Slack needs the recipient; without the team id there is no stream.
    if (!isPrivate && teamId === undefined) return undefined;
    return new SlackAnswerStream({
      client: this.client,
      channel,
      threadTs: this.threadTs,
      recipient: isPrivate || teamId === undefined ? undefined : { userId, teamId },
      disclaimer,
      logger,
    });
  }

  async retirePlaceholder(): Promise<void> {
    if (this.placeholderTs === undefined) return;
    const ts = this.placeholderTs;
    this.placeholderTs = undefined;
    await this.client.chat.delete({ channel: this.options.channel, ts });
  }

  async updatePlaceholder(message: SlackMessage): Promise<void> {
    if (this.statusShown) {
      // Slack clears the status when the answer is posted; until then it says the question waits.
      await this.setStatus('is waiting for a free moment…', ['Many questions are being answered right now…']);
      return;
    }
    if (this.placeholderTs === undefined) return;
    await this.client.chat.update({
      channel: this.options.channel,
      ts: this.placeholderTs,
      text: message.text,
      blocks: message.blocks,
    });
  }

  async deliver(messages: readonly SlackMessage[]): Promise<void> {
    const [first, ...rest] = messages;
    if (first === undefined) return;
    if (this.placeholderTs === undefined) {
      const result = await this.post(first);
      this.threadTs ??= result.ts;
    } else {
      await this.updatePlaceholder(first);
    }
    for (const message of rest) await this.post(message);
  }

  async deliverPrivately(messages: readonly SlackMessage[]): Promise<boolean> {
    if (this.options.isPrivate) {
      await this.deliver(messages);
      return true;
    }
    try {
      for (const message of messages) await this.postEphemeral(message);
      return true;
    } catch {
      return false;
    }
  }

  async notify(message: SlackMessage): Promise<void> {
    if (this.options.isPrivate) {
      await this.post(message);
    } else if (this.options.respond) {
      await this.options.respond(message);
    } else {
      await this.postEphemeral(message);
    }
  }

  private async setStatus(status: string, loadingMessages: readonly string[]): Promise<void> {
    await this.client.assistant.threads.setStatus({
      channel_id: this.options.channel,
      thread_ts: this.threadTs as string,
      status,
      loading_messages: [...loadingMessages],
    });
  }

  private async post(message: SlackMessage): Promise<{ ts: string | undefined }> {
    const result = await this.client.chat.postMessage({
      channel: this.options.channel,
      text: message.text,
      blocks: message.blocks,
      ...(this.threadTs === undefined ? {} : { thread_ts: this.threadTs }),
      unfurl_links: false,
      unfurl_media: false,
    });
    return { ts: result.ts };
  }

  private async postEphemeral(message: SlackMessage): Promise<void> {
    await this.client.chat.postEphemeral({
      channel: this.options.channel,
      user: this.options.userId,
      text: message.text,
      blocks: message.blocks,
      ...(this.threadTs === undefined ? {} : { thread_ts: this.threadTs }),
    });
  }
}

export interface EphemeralReplyOptions {
  /** Posts an ephemeral message through the `response_url`. */
  readonly respond: RespondEphemerally;
  /** The conversation-memory key (for `/ask`, a key of its own; for a button, the one it carries). */
  readonly conversationKey: string;
  /**
   * A slash command's `ack`, not yet called: the first message goes in the acknowledgement
   * itself, so the user sees the placeholder within Slack's three seconds.
   */
  readonly acknowledge?: ((message: SlackMessage) => Promise<void>) | undefined;
}

/**
 * Replies only the asker sees, through a `response_url` (ephemeral `/ask`, buttons on an
 * ephemeral answer). Ephemeral messages cannot be edited with `chat.update`, so the placeholder
 * stays and the answer follows it.
 */
export class EphemeralReply implements ReplyTarget {
  readonly isPrivate = true;
  readonly isEphemeral = true;
  readonly feedbackStyle = 'buttons';
  private acknowledge: ((message: SlackMessage) => Promise<void>) | undefined;

  constructor(private readonly options: EphemeralReplyOptions) {
    this.acknowledge = options.acknowledge;
  }

  openStream(): undefined {
    // Ephemeral messages cannot be streamed: the answer is posted whole.
    return undefined;
  }

  async retirePlaceholder(): Promise<void> {}

  /** True until the slash command has been acknowledged. */
  get awaitingAcknowledgement(): boolean {
    return this.acknowledge !== undefined;
  }

  conversationKey(): string {
    return this.options.conversationKey;
  }

  async postPlaceholder(message: SlackMessage): Promise<void> {
    await this.send(message);
  }

  async updatePlaceholder(): Promise<void> {
    // Ephemeral messages cannot be edited; the answer follows the placeholder instead.
  }

  async deliver(messages: readonly SlackMessage[]): Promise<void> {
    for (const message of messages) await this.send(message);
  }

  async deliverPrivately(messages: readonly SlackMessage[]): Promise<boolean> {
    await this.deliver(messages);
    return true;
  }

  async notify(message: SlackMessage): Promise<void> {
    await this.send(message);
  }

  private async send(message: SlackMessage): Promise<void> {
    const acknowledge = this.acknowledge;
    if (acknowledge) {
      this.acknowledge = undefined;
      await acknowledge(message);
      return;
    }
    await this.options.respond(message);
  }
}
