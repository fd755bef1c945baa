import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
} from 'discord.js';
import { AmicusError, ErrorCode } from '../../core/errors.js';

/**
 * The slash commands, as plain data (after discordjs/discord-utils-bot): the same objects are
 * registered with Discord (`amicus discord register`) and read back when an interaction arrives,
 * and the option types the handlers see are derived from them.
 */
export const askCommand = {
  name: 'ask',
  type: ApplicationCommandType.ChatInput,
  description: 'Ask a legal question; answered with citations from vetted sources (information, not advice)',
  options: [
    {
      name: 'question',
      description: 'Your question, e.g. "Is it a crime to lie to an FBI agent?"',
      type: ApplicationCommandOptionType.String,
      required: true,
      max_length: 1000,
    },
    {
      name: 'private',
      description: 'Only you see the answer (default: the whole channel sees it)',
      type: ApplicationCommandOptionType.Boolean,
      required: false,
    },
    {
      name: 'jurisdiction',
      description: 'Answer from this jurisdiction, e.g. US-CA; federal law is always included',
      type: ApplicationCommandOptionType.String,
      required: false,
      max_length: 32,
    },
  ],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  integration_types: [ApplicationIntegrationType.GuildInstall],
} as const;

export const sourcesCommand = {
  name: 'amicus-sources',
  type: ApplicationCommandType.ChatInput,
  description: 'List the vetted source collections, how current they are and when they were vetted (admins)',
  options: [],
  contexts: [InteractionContextType.Guild],
  integration_types: [ApplicationIntegrationType.GuildInstall],
} as const;

export const slashCommands = [askCommand, sourcesCommand] as const;
export type SlashCommandName = (typeof slashCommands)[number]['name'];

/** What each option type holds. */
interface OptionValueTypes {
  [ApplicationCommandOptionType.String]: string;
  [ApplicationCommandOptionType.Boolean]: boolean;
  [ApplicationCommandOptionType.Integer]: number;
  [ApplicationCommandOptionType.Number]: number;
}

interface OptionSpec {
  readonly name: string;
  readonly type: keyof OptionValueTypes;
  readonly required?: boolean;
}

interface CommandSpec {
  readonly name: string;
  readonly options: readonly OptionSpec[];
}

/** The options of a command as the handler receives them: required ones always set, the rest possibly undefined. */
export type CommandOptions<Command extends CommandSpec> = {
  readonly [Option in Command['options'][number] as Option['name']]: Option extends {
    readonly required: true;
  }
    ? OptionValueTypes[Option['type']]
    : OptionValueTypes[Option['type']] | undefined;
};

export type AskOptions = CommandOptions<typeof askCommand>;

export type RawOptionValue = string | number | boolean;

const expectedTypeOf: Record<keyof OptionValueTypes, 'string' | 'boolean' | 'number'> = {
  [ApplicationCommandOptionType.String]: 'string',
  [ApplicationCommandOptionType.Boolean]: 'boolean',
  [ApplicationCommandOptionType.Integer]: 'number',
  [ApplicationCommandOptionType.Number]: 'number',
};

/**
 * Reads a command's options from what Discord sent, checking each against the command's data:
 * a missing required option or a value of the wrong type is an input error, never a crash.
 */
export function readCommandOptions<Command extends CommandSpec>(
  command: Command,
  received: ReadonlyMap<string, RawOptionValue>,
): CommandOptions<Command> {
  const values: Record<string, RawOptionValue | undefined> = {};
  for (const option of command.options) {
    const value = received.get(option.name);
    if (value === undefined) {
      if (option.required === true) {
        throw new AmicusError(ErrorCode.InputInvalid, `The option "${option.name}" is required`, {
          location: `/${command.name} ${option.name}`,
        });
      }
      values[option.name] = undefined;
      continue;
    }
    if (typeof value !== expectedTypeOf[option.type]) {
      throw new AmicusError(ErrorCode.InputInvalid, `The option "${option.name}" has the wrong type`, {
        location: `/${command.name} ${option.name}`,
      });
    }
    values[option.name] = value;
  }
  // Each key was checked against the command's own option list above.
  return values as CommandOptions<Command>;
}
