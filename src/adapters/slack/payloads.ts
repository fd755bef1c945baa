import { z } from 'zod';

/**
 * The parts of Slack's payloads the adapter reads, validated at the edge. Bolt's types describe
 * far more (and allow `any`); these say exactly what each handler relies on.
 */
export const mentionEventSchema = z.object({
  type: z.literal('app_mention'),
  user: z.string().min(1).optional(),
  bot_id: z.string().optional(),
  text: z.string().default(''),
  ts: z.string().min(1),
  thread_ts: z.string().min(1).optional(),
  channel: z.string().min(1),
});

export const messageEventSchema = z.object({
  type: z.literal('message'),
  subtype: z.string().optional(),
  user: z.string().min(1).optional(),
  bot_id: z.string().optional(),
  text: z.string().default(''),
  ts: z.string().min(1),
  thread_ts: z.string().min(1).optional(),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
});
export type MessageEvent = z.infer<typeof messageEventSchema>;

export const commandSchema = z.object({
  text: z.string().default(''),
  user_id: z.string().min(1),
  channel_id: z.string().min(1),
  trigger_id: z.string().min(1),
});

export const blockActionSchema = z.object({
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }).optional(),
  container: z
    .object({
      channel_id: z.string().optional(),
      message_ts: z.string().optional(),
      thread_ts: z.string().optional(),
      is_ephemeral: z.boolean().optional(),
    })
    .default({}),
  message: z.object({ ts: z.string().min(1), thread_ts: z.string().min(1).optional() }).optional(),
  trigger_id: z.string().min(1),
  response_url: z.string().optional(),
});
export type BlockActionBody = z.infer<typeof blockActionSchema>;

export const buttonSchema = z.object({
  action_id: z.string().min(1),
  block_id: z.string().optional(),
  value: z.string().default(''),
});

/** What the feedback modal carries through Slack and back, in `private_metadata`. */
export const feedbackMetadataSchema = z.object({
  answerId: z.string().min(1).max(200),
  responseUrl: z.string().optional(),
});
export type FeedbackMetadata = z.infer<typeof feedbackMetadataSchema>;

export const viewSchema = z.object({
  private_metadata: z.string().default(''),
  state: z
    .object({
      values: z.record(
        z.string(),
        z.record(z.string(), z.object({ value: z.string().nullable().optional() })),
      ),
    })
    .optional(),
});

/** The channel of an action, wherever Slack put it. */
export function actionChannel(body: BlockActionBody): string | undefined {
  return body.channel?.id ?? body.container.channel_id;
}
