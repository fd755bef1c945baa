import { type Command, Option } from 'commander';
import { renderJson } from '../../../answer/renderers/json.js';
import { renderPlainText } from '../../../answer/renderers/plain-text.js';
import { openConfiguredApplication } from '../../../application.js';
import { type Audience, audiences } from '../../../core/config.js';
import { AmicusError, ErrorCode } from '../../../core/errors.js';
import type { CommandContext } from '../../shared/command-context.js';

interface AskOptions {
  readonly json?: boolean;
  readonly jurisdiction?: string;
  readonly audience?: Audience;
}

export function registerAskCommand(program: Command, context: CommandContext): void {
  program
    .command('ask')
    .description('answer a question from the vetted sources, with citations and the disclaimer')
    .argument('<question>', 'the question')
    .option('--json', 'print the answer as JSON')
    .option('--jurisdiction <code>', 'answer from this jurisdiction (e.g. US-CA) and federal law')
    .addOption(
      new Option('--audience <audience>', 'who asks (default: deployment.audience)').choices(audiences),
    )
    .action(async (question: string, options: AskOptions) => {
      if (question.trim().length === 0) {
        throw new AmicusError(ErrorCode.Usage, 'The question is empty', { location: '<question>' });
      }
      const config = context.loadConfig();
      const application = await openConfiguredApplication(config, { oneShot: true });
      try {
        const answer = await application.answers.ask({
          question,
          jurisdiction: options.jurisdiction,
          audience: options.audience,
        });
        // Recorded like every surface's answers, so it can be approved or filed by its id.
        await application.review.queue.record(answer, { surface: 'cli', jurisdiction: options.jurisdiction });
        context.output.out(
          options.json ? renderJson(answer) : renderPlainText(answer, { colour: context.output.isTerminal }),
        );
      } finally {
        await application.close();
      }
    });
}
