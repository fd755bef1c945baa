import { Command, Option } from 'commander';
import { loadConfig } from '../../core/config.js';
import type { CliOutput, CommandContext } from '../shared/command-context.js';
import { registerAskCommand } from './commands/ask-command.js';
import { registerChatCommand } from './commands/chat-command.js';
import { registerEvalCommand } from './commands/eval-command.js';
import { registerIngestCommand } from './commands/ingest-command.js';
import { registerPassageCommand } from './commands/passage-command.js';
import { registerGapsCommand, registerReviewCommand } from './commands/review-command.js';
import { registerSearchCommand } from './commands/search-command.js';
import { registerSourcesCommand } from './commands/sources-command.js';

export interface GlobalOptions {
  readonly data?: string;
  readonly config?: string;
}

type RegisterCommand = (program: Command, context: CommandContext) => void;

/**
 * The chat adapters and the server pull in discord.js, Bolt and Fastify, which take over a
 * second to load; `amicus ask` and `amicus search` should not pay for them. They are loaded
 * only when their command is run (or when help lists every command).
 */
const adapterCommands: Record<string, () => Promise<RegisterCommand>> = {
  serve: async () => (await import('../http/serve-command.js')).registerServeCommand,
  discord: async () => (await import('../discord/discord-command.js')).registerDiscordCommand,
  slack: async () => (await import('../slack/slack-command.js')).registerSlackCommand,
};

/** The command a command line asks for, after the global options; undefined when there is none. */
export function requestedCommand(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--data' || argument === '--config') {
      index += 1;
      continue;
    }
    if (argument.startsWith('-')) continue;
    return argument;
  }
  return undefined;
}

export async function buildProgram(output: CliOutput, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('amicus')
    .description(
      'Cited answers to legal questions from a vetted source corpus. Legal information, not legal advice.',
    )
    .version('0.1.0')
    .addOption(new Option('--data <dir>', 'data directory (default ./.amicus, or AMICUS_DATA)'))
    .addOption(
      new Option('--config <file>', 'JSON config file (default ./amicus.config.json, or AMICUS_CONFIG)'),
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.out(text),
      writeErr: (text) => output.error(text),
    });

  const context: CommandContext = {
    output,
    loadConfig: () => {
      const options = program.opts<GlobalOptions>();
      return loadConfig({ configFile: options.config, dataDirectory: options.data });
    },
  };

  registerIngestCommand(program, context);
  registerSourcesCommand(program, context);
  registerPassageCommand(program, context);
  registerSearchCommand(program, context);
  registerAskCommand(program, context);
  registerChatCommand(program, context);
  registerEvalCommand(program, context);
  registerReviewCommand(program, context);
  registerGapsCommand(program, context);
  const requested = requestedCommand(argv);
  for (const [name, load] of Object.entries(adapterCommands)) {
    if (requested === undefined || requested === 'help' || requested === name)
      (await load())(program, context);
  }
  return program;
}
