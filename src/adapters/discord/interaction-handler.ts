import type { Answer } from '../../answer/answer.js';
import type { AmicusConfig } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import { redactForSharing } from '../../core/redaction.js';
import type { Feedback } from '../../store/feedback-store.js';
import type { CollectionSummary } from '../../store/passage-store.js';
import { channelAudience, checkAdmin, checkPlace } from './access.js';
import { type DiscordMessage, renderDiscordMessages } from './answer-embeds.js';
import { type AskOptions, askCommand, readCommandOptions, sourcesCommand } from './commands.js';
import { parseCustomId } from './custom-ids.js';
import type { IncomingInteraction, InteractionResponder } from './interaction-port.js';
import { discordSurface, type QuestionRunner } from './question-runner.js';
import { failureMessage, notEnabledMessage, noticeMessage, rateLimitedMessage } from './replies.js';
import { sourcesMessages } from './sources-message.js';
import { type DiscordChannelPoster, type DiscordReview, handOffPost } from './staff-posts.js';

/** What the Discord adapter needs from the application (a subset of `Application`). */
export interface DiscordDependencies {
  readonly config: AmicusConfig;
  readonly logger: Logger;
  readonly feedback: { record(feedback: Feedback): Promise<void> };
  readonly store: { listCollections(): CollectionSummary[] };
  /**
   * The review queue (`application.review.queue`): with it, answers carry "Ask a staff member"
   * (when `discord.staffChannelId` is set) and private answers "Share in channel".
   */
  readonly reviewQueue?: DiscordReview | undefined;
}

/** Kinds of private answer that may be shared: not a refusal, and not an emergency's crisis resources. */
function shareable(answer: Answer): boolean {
  return answer.kind !== 'refused' && answer.kind !== 'emergency';
}

const privateNote = noticeMessage(
  '🔒 This question is about a personal situation, so the answer was sent privately to the person who asked.',
);

/**
 * Slash commands and buttons, the same for the gateway and the HTTP endpoint. The order of
 * every interaction: allowlists, then the rate limit (both answered at once, privately), then a
 * deferral well inside Discord's 3 seconds, then the answer. Every failure is reported to the
 * user in place of the answer.
 */
export class DiscordInteractionHandler {
  constructor(
    private readonly dependencies: DiscordDependencies,
    private readonly runner: QuestionRunner,
    private readonly clock: () => Date = () => new Date(),
    /** Posts hand-offs in the staff channel; without it there is no "Ask a staff member". */
    private readonly staffChannel?: DiscordChannelPoster,
  ) {}

  /** Whether answers carry "Ask a staff member": a staff channel, a poster and the review queue. */
  get handOffEnabled(): boolean {
    return (
      this.dependencies.config.discord.staffChannelId !== undefined &&
      this.staffChannel !== undefined &&
      this.dependencies.reviewQueue !== undefined
    );
  }

  async handle(interaction: IncomingInteraction, responder: InteractionResponder): Promise<void> {
    if (interaction.kind === 'command' && interaction.commandName === askCommand.name) {
      await this.ask(interaction, responder);
    } else if (interaction.kind === 'command' && interaction.commandName === sourcesCommand.name) {
      await this.sources(interaction, responder);
    } else if (interaction.kind === 'button' && interaction.customId !== undefined) {
      await this.button(interaction, interaction.customId, responder);
    } else {
      await responder.reply(noticeMessage('Amicus does not know this command. Try `/ask`.'), {
        ephemeral: true,
      });
    }
  }

  private async ask(interaction: IncomingInteraction, responder: InteractionResponder): Promise<void> {
    if (!(await this.placeAllowed(interaction, responder))) return;
    let options: AskOptions;
    try {
      options = readCommandOptions(askCommand, interaction.options);
    } catch (error) {
      await responder.reply(failureMessage(error, interaction.id), { ephemeral: true });
      return;
    }
    const question = options.question.trim();
    if (question.length === 0) {
      await responder.reply(
        noticeMessage('Please include a question, e.g. `/ask question: What is hearsay?`'),
        {
          ephemeral: true,
        },
      );
      return;
    }
    await this.answer(interaction, responder, {
      question,
      threadId: `slash:${interaction.id}`,
      channel: interaction.place.channelId ?? undefined,
      jurisdiction: options.jurisdiction?.trim() || undefined,
      ephemeral: options.private === true,
    });
  }

  private async button(
    interaction: IncomingInteraction,
    customId: string,
    responder: InteractionResponder,
  ): Promise<void> {
    const parsed = parseCustomId(customId);
    if (parsed === undefined) {
      await responder.reply(noticeMessage('This button is no longer supported. Ask again with `/ask`.'), {
        ephemeral: true,
      });
      return;
    }
    if (parsed.kind === 'feedback') {
      await this.feedback(interaction, parsed.answerId, parsed.rating, responder);
      return;
    }
    if (parsed.kind === 'hand-off') {
      await this.handOff(interaction, parsed.answerId, responder);
      return;
    }
    if (parsed.kind === 'share') {
      if (!(await this.placeAllowed(interaction, responder))) return;
      await this.share(interaction, parsed.answerId, responder);
      return;
    }
    if (!(await this.placeAllowed(interaction, responder))) return;
    const followUp = this.runner.followUp(parsed.answerId, parsed.index);
    if (followUp === undefined) {
      await responder.reply(
        noticeMessage('This suggestion has expired. Ask it yourself with `/ask`, or mention Amicus.'),
        { ephemeral: true },
      );
      return;
    }
    await this.answer(interaction, responder, {
      question: followUp.question,
      threadId: followUp.threadId,
      channel: interaction.place.channelId ?? undefined,
      jurisdiction: followUp.jurisdiction,
      ephemeral: followUp.ephemeral || interaction.sourceMessageEphemeral,
    });
  }

  /** Rate limit, defer, answer, deliver; or tell the user why not. */
  private async answer(
    interaction: IncomingInteraction,
    responder: InteractionResponder,
    request: {
      question: string;
      threadId: string;
      channel: string | undefined;
      jurisdiction: string | undefined;
      ephemeral: boolean;
    },
  ): Promise<void> {
    const admission = await this.runner.admit(interaction.userId);
    if (!admission.admitted) {
      await responder.reply(rateLimitedMessage(admission.retryAfterSeconds), { ephemeral: true });
      return;
    }
    await responder.defer({ ephemeral: request.ephemeral });
    let answer: Answer;
    try {
      answer = await this.runner.ask({
        ...request,
        userId: interaction.userId,
        audience: channelAudience(this.dependencies.config.discord, interaction.place),
      });
    } catch (error) {
      const reference = this.runner.logFailure(error, { interactionId: interaction.id });
      await responder.editOriginal(failureMessage(error, reference));
      return;
    }
    try {
      await this.deliver(answer, responder, request.ephemeral);
    } catch (error) {
      // Rendering or Discord refused the answer: say so where the answer should have been.
      const reference = this.runner.logFailure(error, { interactionId: interaction.id, answerId: answer.id });
      await responder.followUp(failureMessage(error, reference), { ephemeral: true });
    }
  }

  /**
   * A private answer after a public deferral: Discord keeps a deferred reply's visibility, so the
   * public "thinking…" message becomes a short note, the answer follows privately, and the note
   * is then removed.
   */
  private async deliver(
    answer: Answer,
    responder: InteractionResponder,
    deferredEphemeral: boolean,
  ): Promise<void> {
    const privately = answer.privateReply || deferredEphemeral;
    const messages = renderDiscordMessages(answer, {
      handOff: this.handOffEnabled,
      share: this.dependencies.reviewQueue !== undefined && privately && shareable(answer),
    });
    if (answer.privateReply && !deferredEphemeral) {
      await responder.editOriginal(privateNote);
      for (const message of messages) await responder.followUp(message, { ephemeral: true });
      await responder.deleteOriginal().catch((error: unknown) => {
        this.dependencies.logger.warn({ error: String(error) }, 'could not delete the public note');
      });
      return;
    }
    const [first, ...rest] = messages;
    if (first) await responder.editOriginal(first);
    for (const message of rest) await responder.followUp(message, { ephemeral: deferredEphemeral });
  }

  private async feedback(
    interaction: IncomingInteraction,
    answerId: string,
    rating: 'up' | 'down',
    responder: InteractionResponder,
  ): Promise<void> {
    try {
      await this.dependencies.feedback.record({
        answerId,
        rating,
        surface: discordSurface,
        userId: interaction.userId,
      });
    } catch (error) {
      const reference = this.runner.logFailure(error, { interactionId: interaction.id, answerId });
      await responder.reply(failureMessage(error, reference), { ephemeral: true });
      return;
    }
    const thanks =
      rating === 'up'
        ? '👍 Thanks, your feedback on this answer was recorded.'
        : '👎 Thanks, your feedback was recorded. The people who maintain the sources review it.';
    await responder.reply(noticeMessage(thanks), { ephemeral: true });
  }

  /**
   * "Ask a staff member": files a hand-off, posts it in the staff channel mentioning the
   * moderator role (the only mention allowed), and tells the asker privately.
   */
  private async handOff(
    interaction: IncomingInteraction,
    answerId: string,
    responder: InteractionResponder,
  ): Promise<void> {
    const { reviewQueue, config } = this.dependencies;
    const staffChannelId = config.discord.staffChannelId;
    if (!this.handOffEnabled || reviewQueue === undefined || staffChannelId === undefined) {
      await responder.reply(noticeMessage('Hand-off to a staff member is not set up here.'), {
        ephemeral: true,
      });
      return;
    }
    try {
      const item = await reviewQueue.handOff({ answerId, surface: discordSurface, note: 'asked on Discord' });
      const question = (await reviewQueue.recordedAnswer(answerId))?.question ?? '(no longer recorded)';
      const { guildId, channelId } = interaction.place;
      const messageUrl =
        !interaction.sourceMessageEphemeral && interaction.sourceMessageId && channelId
          ? `https://discord.com/channels/${guildId ?? '@me'}/${channelId}/${interaction.sourceMessageId}`
          : undefined;
      await this.staffChannel?.post(
        staffChannelId,
        handOffPost({
          roleId: config.discord.moderatorRoleId,
          askerId: interaction.userId,
          question: redactForSharing(question),
          messageUrl,
          channelId,
          itemId: item.id,
        }),
      );
      this.dependencies.logger.info({ answerId, itemId: item.id }, 'discord hand-off');
    } catch (error) {
      const reference = this.runner.logFailure(error, { interactionId: interaction.id, answerId });
      await responder.reply(
        noticeMessage(
          `⚠️ Sorry, I could not reach a staff member (reference ${reference}). Please try again later.`,
        ),
        { ephemeral: true },
      );
      return;
    }
    await responder.reply(
      noticeMessage(
        '🙋 I asked a staff member to look at your question. Someone will follow up with you here or in a direct message.',
      ),
      { ephemeral: true },
    );
  }

  /**
   * "Share in channel": the private answer, from the review queue's redacted copy and with a
   * self-given name left out, posted publicly as the button's reply.
   */
  private async share(
    interaction: IncomingInteraction,
    answerId: string,
    responder: InteractionResponder,
  ): Promise<void> {
    const recorded = await this.dependencies.reviewQueue?.recordedAnswer(answerId);
    if (recorded === undefined) {
      await responder.reply(
        noticeMessage('This answer can no longer be shared. Ask the question again with `/ask`.'),
        { ephemeral: true },
      );
      return;
    }
    const answer = {
      ...recorded.answer,
      question: redactForSharing(recorded.question),
      followUps: recorded.answer.followUps.map(redactForSharing),
    };
    const [first, ...rest] = renderDiscordMessages(answer, {
      handOff: this.handOffEnabled,
      content: `📣 Shared by <@${interaction.userId}> from an answer sent privately; personal details were left out.`,
    });
    if (first) await responder.reply(first, { ephemeral: false });
    for (const message of rest) await responder.followUp(message, { ephemeral: false });
  }

  private async sources(interaction: IncomingInteraction, responder: InteractionResponder): Promise<void> {
    if (interaction.place.guildId === null) {
      await responder.reply(noticeMessage('Admin commands work only in a server.'), { ephemeral: true });
      return;
    }
    if (!(await this.placeAllowed(interaction, responder))) return;
    const admin = checkAdmin(this.dependencies.config.discord, interaction.memberRoleIds);
    if (!admin.allowed) {
      await responder.reply(notEnabledMessage(admin.reason), { ephemeral: true });
      return;
    }
    let messages: DiscordMessage[];
    try {
      messages = sourcesMessages(
        this.dependencies.store.listCollections(),
        this.dependencies.config.vetting.maxAgeDays,
        this.clock(),
      );
    } catch (error) {
      const reference = this.runner.logFailure(error, { interactionId: interaction.id });
      await responder.reply(failureMessage(error, reference), { ephemeral: true });
      return;
    }
    const [first, ...rest] = messages;
    if (first) await responder.reply(first, { ephemeral: true });
    for (const message of rest) await responder.followUp(message, { ephemeral: true });
  }

  private async placeAllowed(
    interaction: IncomingInteraction,
    responder: InteractionResponder,
  ): Promise<boolean> {
    const access = checkPlace(this.dependencies.config.discord, interaction.place);
    if (access.allowed) return true;
    await responder.reply(notEnabledMessage(access.reason), { ephemeral: true });
    return false;
  }
}
