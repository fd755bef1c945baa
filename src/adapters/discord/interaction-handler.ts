import type { Answer } from '../../answer/answer.js';
import type { AmicusConfig } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
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

/** What the Discord adapter needs from the application (a subset of `Application`). */
export interface DiscordDependencies {
  readonly config: AmicusConfig;
  readonly logger: Logger;
  readonly feedback: { record(feedback: Feedback): Promise<void> };
  readonly store: { listCollections(): CollectionSummary[] };
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
  ) {}

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
      jurisdiction: followUp.jurisdiction,
      ephemeral: followUp.ephemeral || interaction.sourceMessageEphemeral,
    });
  }

  /** Rate limit, defer, answer, deliver; or tell the user why not. */
  private async answer(
    interaction: IncomingInteraction,
    responder: InteractionResponder,
    request: { question: string; threadId: string; jurisdiction: string | undefined; ephemeral: boolean },
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
    const messages = renderDiscordMessages(answer);
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
