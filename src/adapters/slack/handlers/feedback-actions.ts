import type { App } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { safeUrl } from '../../../answer/renderers/sanitize.js';
import { parseFeedbackButtonValue, slackActionIds } from '../action-ids.js';
import type { SlackMessage } from '../answer-blocks.js';
import { describeFailure } from '../failure-reasons.js';
import {
  blockActionSchema,
  buttonSchema,
  type FeedbackMetadata,
  feedbackMetadataSchema,
  viewSchema,
} from '../payloads.js';
import { slackSurface } from '../ports.js';
import type { HandlerContext } from './handler-context.js';
import { ephemeralResponder } from './slash-command.js';

export const feedbackModalCallbackId = 'amicus_feedback_reason';
const reasonBlockId = 'reason';
const reasonActionId = 'reason_input';

/**
 * 👍 is stored at once and thanked with an ephemeral message. 👎 opens a modal asking for an
 * optional reason; submitting stores it with the reason, closing the modal stores it without.
 * Feedback is stored against the answer's id; the store hashes the user id.
 */
export function registerFeedbackActions(app: App, context: HandlerContext): void {
  app.action(slackActionIds.feedbackUp, async ({ ack, body, action, respond }) => {
    await ack();
    const click = parseClick(body, action);
    if (!click) return;
    await recordAndThank(
      context,
      { answerId: click.answerId, rating: 'up', userId: click.userId },
      ephemeralResponder(respond),
    );
  });

  app.action(slackActionIds.feedbackDown, async ({ ack, body, action, client, respond }) => {
    await ack();
    const click = parseClick(body, action);
    if (!click) return;
    await askForReason(context, click, client, ephemeralResponder(respond));
  });

  // Slack's feedback_buttons element: one action, the rating in the clicked button's value.
  app.action(slackActionIds.feedbackButtons, async ({ ack, body, action, client, respond }) => {
    await ack();
    const click = parseClick(body, action);
    const rated = click ? parseFeedbackButtonValue(click.answerId) : undefined;
    if (!click || !rated) {
      context.logger.warn({ event: 'slack.action_invalid' }, 'unexpected feedback_buttons payload');
      return;
    }
    const ratedClick = { ...click, answerId: rated.answerId };
    if (rated.rating === 'down') {
      await askForReason(context, ratedClick, client, ephemeralResponder(respond));
      return;
    }
    await recordAndThank(
      context,
      { answerId: ratedClick.answerId, rating: 'up', userId: click.userId },
      ephemeralResponder(respond),
    );
  });

  app.view(feedbackModalCallbackId, async ({ ack, view, body }) => {
    await ack();
    const parsed = viewSchema.safeParse(view);
    const metadata = parsed.success ? parseMetadata(parsed.data.private_metadata) : undefined;
    if (!parsed.success || metadata === undefined) return;
    const reason = parsed.data.state?.values[reasonBlockId]?.[reasonActionId]?.value?.trim();
    await recordAndThank(
      context,
      { answerId: metadata.answerId, rating: 'down', userId: body.user.id, ...(reason ? { reason } : {}) },
      metadata.responseUrl === undefined ? undefined : responseUrlPoster(metadata.responseUrl),
    );
  });

  app.view({ callback_id: feedbackModalCallbackId, type: 'view_closed' }, async ({ ack, view, body }) => {
    await ack();
    const parsed = viewSchema.safeParse(view);
    const metadata = parsed.success ? parseMetadata(parsed.data.private_metadata) : undefined;
    if (metadata === undefined) return;
    await recordAndThank(
      context,
      { answerId: metadata.answerId, rating: 'down', userId: body.user.id },
      undefined,
    );
  });
}

/** 👎: the modal asks for an optional reason; without the modal the 👎 still counts, without one. */
async function askForReason(
  context: HandlerContext,
  click: Click,
  client: { views: { open(arguments_: { trigger_id: string; view: ModalView }): Promise<unknown> } },
  thank: (message: SlackMessage) => Promise<void>,
): Promise<void> {
  const metadata: FeedbackMetadata = {
    answerId: click.answerId,
    ...(click.responseUrl === undefined ? {} : { responseUrl: click.responseUrl }),
  };
  try {
    await client.views.open({ trigger_id: click.triggerId, view: feedbackModal(metadata) });
  } catch (error) {
    context.logger.warn(
      { event: 'slack.feedback_modal_failed', code: describeFailure(error).code },
      'could not open the feedback modal',
    );
    await recordAndThank(context, { answerId: click.answerId, rating: 'down', userId: click.userId }, thank);
  }
}

interface Click {
  readonly answerId: string;
  readonly userId: string;
  readonly triggerId: string;
  readonly responseUrl: string | undefined;
}

function parseClick(body: unknown, action: unknown): Click | undefined {
  const parsedBody = blockActionSchema.safeParse(body);
  const parsedButton = buttonSchema.safeParse(action);
  if (!parsedBody.success || !parsedButton.success || parsedButton.data.value.length === 0) return undefined;
  return {
    answerId: parsedButton.data.value,
    userId: parsedBody.data.user.id,
    triggerId: parsedBody.data.trigger_id,
    responseUrl: parsedBody.data.response_url,
  };
}

function parseMetadata(text: string): FeedbackMetadata | undefined {
  try {
    const parsed = feedbackMetadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function recordAndThank(
  context: HandlerContext,
  feedback: { answerId: string; rating: 'up' | 'down'; userId: string; reason?: string },
  thank: ((message: SlackMessage) => Promise<void>) | undefined,
): Promise<void> {
  let message: SlackMessage;
  try {
    await context.feedback.record({ ...feedback, surface: slackSurface });
    context.logger.info(
      {
        event: 'slack.feedback',
        answerId: feedback.answerId,
        rating: feedback.rating,
        reasonLength: feedback.reason?.length ?? 0,
      },
      'feedback recorded',
    );
    message = context.messages.feedbackThanks(feedback.rating);
  } catch (error) {
    const failure = describeFailure(error);
    context.logger.warn(
      { event: 'slack.feedback_failed', code: failure.code, reference: failure.reference },
      'feedback not recorded',
    );
    message = context.messages.feedbackFailed(failure);
  }
  if (!thank) return;
  try {
    await thank(message);
  } catch (error) {
    context.logger.warn(
      { event: 'slack.reply_failed', what: 'feedback thanks', code: describeFailure(error).code },
      'slack reply failed',
    );
  }
}

/** An ephemeral message through a `response_url` kept in the modal's metadata. */
function responseUrlPoster(responseUrl: string): ((message: SlackMessage) => Promise<void>) | undefined {
  // The one http(s) rule of every surface: anything else, or an address with user info, is not posted to.
  const url = safeUrl(responseUrl);
  if (url === undefined) return undefined;
  return async (message) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        response_type: 'ephemeral',
        replace_original: false,
        text: message.text,
        blocks: message.blocks,
      }),
    });
    if (!response.ok) throw new Error(`response_url answered ${response.status}`);
  };
}

/** The 👎 modal: one optional, multi-line reason (at most 2,000 characters, what the store keeps). */
export function feedbackModal(metadata: FeedbackMetadata): ModalView {
  return {
    type: 'modal',
    callback_id: feedbackModalCallbackId,
    notify_on_close: true,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: 'Feedback' },
    submit: { type: 'plain_text', text: 'Send' },
    close: { type: 'plain_text', text: 'Skip' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'Thanks for telling us this answer was not helpful. What was wrong with it? (Optional. Please leave out personal details.)',
        },
      },
      {
        type: 'input',
        block_id: reasonBlockId,
        optional: true,
        label: { type: 'plain_text', text: 'Reason' },
        element: {
          type: 'plain_text_input',
          action_id: reasonActionId,
          multiline: true,
          max_length: 2000,
          placeholder: {
            type: 'plain_text',
            text: 'For example: it cited the wrong rule, or missed an exception.',
          },
        },
      },
    ],
  };
}
