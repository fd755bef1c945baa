import { Command, Option } from 'commander';
import { type AmicusConfig, loadConfig } from '../../core/config.js';
import { registerDiscordCommand } from '../discord/discord-command.js';
import { registerServeCommand } from '../http/serve-command.js';
import { registerSlackCommand } from '../slack/slack-command.js';
import { registerAskCommand } from './commands/ask-command.js';
import { registerChatCommand } from './commands/chat-command.js';
import { registerEvalCommand } from './commands/eval-command.js';
import { registerIngestCommand } from './commands/ingest-command.js';
import { registerPassageCommand } from './commands/passage-command.js';
import { registerSearchCommand } from './commands/search-command.js';
import { registerSourcesCommand } from './commands/sources-command.js';
import type { CliOutput } from './main.js';

export interface GlobalOptions {
  readonly data?: string;
  readonly config?: string;
}

/** What every command receives: where to print, and how to load the configuration. */
export interface CommandContext {
  readonly output: CliOutput;
  loadConfig(): AmicusConfig;
}

export function buildProgram(output: CliOutput): Command {
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
  registerServeCommand(program, context);
  registerDiscordCommand(program, context);
  registerSlackCommand(program, context);
  registerEvalCommand(program, context);
  return program;
}
