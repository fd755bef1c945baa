import type { DiscordPlace } from './access.js';
import type { DiscordMessage } from './answer-embeds.js';
import type { RawOptionValue } from './commands.js';

/**
 * One interaction, whatever transport brought it: the gateway (discord.js) or the HTTP
 * interactions endpoint. The handler sees only this and a responder, so both transports share
 * every rule (after bolt-js's one Receiver interface with interchangeable transports).
 */
export interface IncomingInteraction {
  readonly id: string;
  readonly kind: 'command' | 'button' | 'other';
  /** Slash command name, for commands. */
  readonly commandName: string | undefined;
  /** The button's custom id, for buttons. */
  readonly customId: string | undefined;
  readonly options: ReadonlyMap<string, RawOptionValue>;
  readonly userId: string;
  readonly place: DiscordPlace;
  readonly memberRoleIds: readonly string[];
  /** For a button: whether the message it sits on is ephemeral. */
  readonly sourceMessageEphemeral: boolean;
  /** For a button: the id of the message it sits on (for a link to it). */
  readonly sourceMessageId?: string | undefined;
}

export interface ResponseOptions {
  readonly ephemeral: boolean;
}

/** The ways to answer an interaction; Discord wants the first (reply or defer) within 3 seconds. */
export interface InteractionResponder {
  /** Answers at once (interaction response type 4). */
  reply(message: DiscordMessage, options: ResponseOptions): Promise<void>;
  /** Acknowledges now and answers later (type 5); Discord shows "thinking…". */
  defer(options: ResponseOptions): Promise<void>;
  /** Replaces the deferred or first reply (PATCH `@original`). */
  editOriginal(message: DiscordMessage): Promise<void>;
  deleteOriginal(): Promise<void>;
  /** A further message (POST to the interaction webhook). */
  followUp(message: DiscordMessage, options: ResponseOptions): Promise<void>;
}
