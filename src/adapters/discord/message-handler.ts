import { type Message, type SendableChannels, ThreadAutoArchiveDuration } from 'discord.js';
import type { Logger } from '../../core/logger.js';
import { channelAudience, checkPlace, type DiscordPlace, type DiscordSettings } from './access.js';
import { renderDiscordMessages } from './answer-embeds.js';
import { toDiscordJsMessage } from './discord-js-payloads.js';
import { discordPlainText } from './discord-markdown.js';
import type { QuestionRunner } from './question-runner.js';
import { failureMessage, notEnabledMessage, noticeMessage, rateLimitedMessage } from './replies.js';

const privateAnswerNote = noticeMessage(
  '🔒 This question is about a personal situation, so I sent the answer to you in a direct message.',
);

/** Discord's limit on thread names. */
const threadNameLimit = 100;
const typingRenewalMs = 8000;

/**
 * Messages: an @mention in a channel starts a thread from the message and the answer goes there;
 * later messages in that thread are follow-ups and need no mention; direct messages are answered
 * when the deployment allows them. Messages from bots (this one included) are ignored.
 */
export class DiscordMessageHandler {
  constructor(
    private readonly settings: DiscordSettings,
    private readonly runner: QuestionRunner,
    private readonly logger: Logger,
    /** Answers carry "Ask a staff member" (a staff channel and the review queue are set up). */
    private readonly handOff = false,
  ) {}

  async handle(message: Message): Promise<void> {
    if (message.author.bot || message.system) return;
    const channel = message.channel;
    // Group DMs cannot be written to by bots; there is nothing to answer there.
    if (!channel.isSendable()) return;
    const botId = message.client.user.id;
    const mentioned = message.mentions.users.has(botId);

    if (!message.inGuild()) {
      const access = checkPlace(this.settings, {
        guildId: null,
        channelId: message.channelId,
        parentChannelId: null,
      });
      if (!access.allowed) {
        await this.send(channel, notEnabledMessage(access.reason));
        return;
      }
      await this.question(message, botId, channel, `dm:${message.channelId}`, undefined);
      return;
    }

    const inThread = channel.isThread();
    const followUp = inThread && (await this.runner.isKnownThread(channel.id));
    if (!mentioned && !followUp) return;
    const place: DiscordPlace = {
      guildId: message.guildId,
      channelId: channel.id,
      parentChannelId: inThread ? channel.parentId : null,
    };
    const access = checkPlace(this.settings, place);
    if (!access.allowed) {
      await message.reply(toDiscordJsMessage(notEnabledMessage(access.reason)));
      return;
    }
    if (inThread) {
      await this.question(message, botId, channel, channel.id, place);
      return;
    }
    const question = questionText(message.content, botId);
    if (!(await this.admissible(message, question))) return;
    let thread: SendableChannels;
    try {
      thread = await message.startThread({
        name: discordPlainText(question, threadNameLimit) || 'Amicus answer',
        autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
      });
    } catch (error) {
      const reference = this.runner.logFailure(error, { messageId: message.id, step: 'start thread' });
      await message.reply(
        toDiscordJsMessage(
          noticeMessage(
            `⚠️ I could not open a thread for the answer (reference ${reference}). An admin can give me the ` +
              '"Create Public Threads" and "Send Messages in Threads" permissions here; meanwhile, use `/ask`.',
          ),
        ),
      );
      return;
    }
    await this.answerInto(thread, question, message, thread.id, place);
  }

  /** A question in a DM or in a thread: answered where it was asked. */
  private async question(
    message: Message,
    botId: string,
    channel: SendableChannels,
    threadId: string,
    place: DiscordPlace | undefined,
  ) {
    const question = questionText(message.content, botId);
    if (!(await this.admissible(message, question))) return;
    await this.answerInto(channel, question, message, threadId, place);
  }

  /** Empty questions get a hint and fast askers a wait; both as a reply to their message. */
  private async admissible(message: Message, question: string): Promise<boolean> {
    if (question.length === 0) {
      await message.reply(
        toDiscordJsMessage(
          noticeMessage('Ask me a legal question after the mention, e.g. "What is hearsay?"'),
        ),
      );
      return false;
    }
    const admission = await this.runner.admit(message.author.id);
    if (!admission.admitted) {
      await message.reply(toDiscordJsMessage(rateLimitedMessage(admission.retryAfterSeconds)));
      return false;
    }
    return true;
  }

  /** `place` is set in a server (undefined in a direct message, which is private already). */
  private async answerInto(
    channel: SendableChannels,
    question: string,
    message: Message,
    threadId: string,
    place: DiscordPlace | undefined,
  ): Promise<void> {
    const userId = message.author.id;
    const messageId = message.id;
    // Discord shows "Amicus is typing…" for 10 seconds per request; renew it until the answer is ready.
    const typing = () => channel.sendTyping().catch(() => undefined);
    void typing();
    const renewal = setInterval(typing, typingRenewalMs);
    try {
      const answer = await this.runner.ask({
        question,
        userId,
        threadId,
        channel: channel.id,
        jurisdiction: undefined,
        audience: place ? channelAudience(this.settings, place) : undefined,
        ephemeral: false,
      });
      clearInterval(renewal);
      const rendered = renderDiscordMessages(answer, { handOff: this.handOff });
      // A message in a server cannot be ephemeral: a personal or emergency answer goes to the
      // asker's direct messages, and the thread gets a short note. If the asker does not accept
      // direct messages, the answer is posted where it was asked rather than lost, since it may
      // carry crisis resources.
      if (answer.privateReply && place !== undefined && (await this.sendPrivately(message, rendered))) {
        await this.send(channel, privateAnswerNote);
        return;
      }
      for (const part of rendered) await channel.send(toDiscordJsMessage(part));
    } catch (error) {
      clearInterval(renewal);
      const reference = this.runner.logFailure(error, { messageId, threadId });
      await this.send(channel, failureMessage(error, reference));
    }
  }

  private async sendPrivately(
    message: Message,
    rendered: ReturnType<typeof renderDiscordMessages>,
  ): Promise<boolean> {
    try {
      const direct = await message.author.createDM();
      for (const part of rendered) await direct.send(toDiscordJsMessage(part));
      return true;
    } catch (error) {
      this.logger.warn(
        { error: String(error) },
        'could not send a private Discord answer; answering in the thread',
      );
      return false;
    }
  }

  private async send(
    channel: SendableChannels,
    message: Parameters<typeof toDiscordJsMessage>[0],
  ): Promise<void> {
    try {
      await channel.send(toDiscordJsMessage(message));
    } catch (error) {
      this.logger.warn({ channelId: channel.id, error: String(error) }, 'could not send a Discord message');
    }
  }
}

/** The message without mentions of the bot, trimmed. */
export function questionText(content: string, botId: string): string {
  return content
    .replace(new RegExp(`<@!?${botId}>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
