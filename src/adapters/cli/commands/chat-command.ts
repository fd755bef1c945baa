import { randomUUID } from 'node:crypto';
import readline from 'node:readline/promises';
import type { Command } from 'commander';
import { renderPlainText } from '../../../answer/renderers/plain-text.js';
import { openConfiguredApplication } from '../../../application.js';
import { describeError } from '../../../core/errors.js';
import type { CommandContext } from '../../shared/command-context.js';

/**
 * `amicus chat`: a REPL that keeps the thread, so "what about distribution?" is understood in
 * the light of the question before it. `/new` starts a new thread; `/quit` or an empty line
 * at end of input leaves.
 */
export function registerChatCommand(program: Command, context: CommandContext): void {
  program
    .command('chat')
    .description('ask questions in a conversation; follow-ups keep the thread')
    .option('--jurisdiction <code>', 'answer from this jurisdiction (e.g. US-CA) and federal law')
    .action(async (options: { jurisdiction?: string }) => {
      const config = context.loadConfig();
      const application = await openConfiguredApplication(config);
      const terminal = readline.createInterface({
        input: process.stdin,
        output: process.stdout,
        terminal: process.stdin.isTTY,
      });
      let threadId = randomUUID();
      context.output.out(
        `${config.deployment.name} — legal information from vetted sources, not legal advice. /new starts over, /quit leaves.`,
      );
      try {
        // The async iterator buffers lines, so piped input is not lost while an answer is made.
        terminal.setPrompt('\n> ');
        terminal.prompt();
        for await (const line of terminal) {
          const question = line.trim();
          if (question === '/quit' || question === '/exit') break;
          if (question === '/new') {
            threadId = randomUUID();
            context.output.out('Started a new conversation.');
          } else if (question.length > 0) {
            try {
              const answer = await application.conversation.ask({
                question,
                jurisdiction: options.jurisdiction,
                thread: { surface: 'cli', threadId },
              });
              context.output.out(renderPlainText(answer, { colour: context.output.isTerminal }));
            } catch (error) {
              // The user always hears why there is no answer, and the conversation goes on.
              context.output.error(`Could not answer: ${describeError(error)}`);
            }
          }
          terminal.prompt();
        }
      } finally {
        terminal.close();
        await application.close();
      }
    });
}
