/** Reads Block Kit payloads recorded by the fake Slack API the way a test needs them. */
import { expect } from 'vitest';
import { slackLimits } from '../../../src/adapters/slack/answer-blocks.js';
import type { RecordedSlackCall } from '../../support/fake-slack-api.js';

export interface RecordedBlock {
  readonly type: string;
  readonly block_id?: string;
  readonly text?: { type: string; text: string };
  readonly elements?: ReadonlyArray<{
    type: string;
    text?: string | { type: string; text: string };
    action_id?: string;
    value?: string;
  }>;
  readonly accessory?: { type: string; action_id: string; value?: string; text: { text: string } };
}

export function blocksOf(call: RecordedSlackCall): RecordedBlock[] {
  const blocks = call.body.blocks;
  if (!Array.isArray(blocks)) throw new Error(`${call.method} carried no blocks`);
  return blocks as RecordedBlock[];
}

/** Every text of every block element (section text, context elements, button labels). */
export function textsOf(blocks: readonly RecordedBlock[]): string[] {
  return blocks.flatMap((block) => [
    ...(block.text ? [block.text.text] : []),
    ...(block.elements ?? []).flatMap((element) =>
      typeof element.text === 'string' ? [element.text] : element.text ? [element.text.text] : [],
    ),
    ...(block.accessory ? [block.accessory.text.text] : []),
  ]);
}

/** Every action id of every button (actions blocks and section accessories). */
export function actionIdsOf(blocks: readonly RecordedBlock[]): string[] {
  return blocks.flatMap((block) => [
    ...(block.elements ?? []).flatMap((element) => (element.action_id ? [element.action_id] : [])),
    ...(block.accessory ? [block.accessory.action_id] : []),
  ]);
}

export function buttonOf(
  blocks: readonly RecordedBlock[],
  actionId: string,
): { value: string; blockId: string } {
  for (const block of blocks) {
    if (block.accessory?.action_id === actionId)
      return { value: block.accessory.value ?? '', blockId: block.block_id ?? '' };
    for (const element of block.elements ?? []) {
      if (element.action_id === actionId)
        return { value: element.value ?? '', blockId: block.block_id ?? '' };
    }
  }
  throw new Error(`no button ${actionId}`);
}

/** Slack's limits and the disclaimer rule, for one recorded message. */
export function expectWellFormedMessage(call: RecordedSlackCall, disclaimer: string): void {
  const blocks = blocksOf(call);
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(slackLimits.blocksPerMessage);
  for (const text of textsOf(blocks)) {
    expect(text.length).toBeLessThanOrEqual(slackLimits.textLength);
    expect(text.trim().length).toBeGreaterThan(0);
  }
  const text = call.body.text;
  expect(typeof text).toBe('string');
  expect((text as string).length).toBeLessThanOrEqual(slackLimits.textLength);
  const last = blocks.at(-1);
  expect(last?.type).toBe('context');
  expect(last?.block_id).toBe('amicus_disclaimer');
  expect(textsOf(last ? [last] : []).join(' ')).toContain(disclaimer.slice(0, 60));
  expect(JSON.stringify(call.body)).not.toMatch(/<!(channel|here|everyone)\b/i);
}
