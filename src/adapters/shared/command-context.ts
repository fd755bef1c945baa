import type { AmicusConfig } from '../../core/config.js';

/**
 * What every command of the `amicus` CLI receives, the chat adapters' and the server's commands
 * included: where to print, and how to load the configuration. Here, beside the other pieces
 * the adapters share, so that the CLI loads the adapters' commands and no adapter imports the
 * CLI back.
 */
export interface CliOutput {
  out(text: string): void;
  error(text: string): void;
  readonly isTerminal: boolean;
}

export interface CommandContext {
  readonly output: CliOutput;
  loadConfig(): AmicusConfig;
}
