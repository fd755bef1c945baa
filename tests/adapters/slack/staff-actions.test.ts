/**
 * Staff in the loop, through the real Bolt app (signed requests) and the fake Slack Web API:
 * a 👎 reaches the review queue; "Ask a staff member" posts in the staff channel with a link
 * to the thread and files a hand-off; "Share in channel" reposts a private answer without the
 * asker's personal details.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { slackActionIds } from '../../../src/adapters/slack/action-ids.js';
import type { SlackSettings } from '../../../src/adapters/slack/ports.js';
import { fakeTeamId } from '../../support/fake-slack-api.js';
import { useIngestedFixture } from '../../support/retrieval-fixtures.js';
import { actionIdsOf, blocksOf, buttonOf, expectWellFormedMessage, textsOf } from './block-kit-inspection.js';
import {
  askerId,
  buttonClick,
  mentionEvent,
  publicChannel,
  type SlackHarness,
  startSlackHarness,
} from './slack-harness.js';

const staffChannel = 'C0STAFF0001';
const staffUserGroup = 'S0STAFF01';
const depositQuestion = 'How long does a landlord have to return a security deposit?';
const personalQuestion =
  'My name is Maria Lopez, email maria.lopez@example.com, phone 415-555-0134. My landlord kept my deposit, what should I do? How long does a landlord have to return a security deposit?';

describe('Slack: staff review buttons', () => {
  const application = useIngestedFixture('amicus-slack-staff-');
  let harness: SlackHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  async function start(settings: Partial<SlackSettings> = {}): Promise<SlackHarness> {
    harness = await startSlackHarness({ application: application(), settings });
    return harness;
  }

  /** Asks by mention; returns the thread, the answer message's ts and the answer's blocks. */
  async function askByMention(running: SlackHarness, text: string) {
    const event = mentionEvent(text);
    await running.sendEvent(event);
    const update = await running.fake.waitForCall('chat.update');
    await running.bot.whenIdle();
    const placeholder = running.fake.callsTo('chat.postMessage')[0]!;
    return { threadTs: event.ts, answerTs: placeholder.response.ts as string, update };
  }

  it('a 👎 files the answer in the review queue with its channel and reason', async () => {
    const running = await start();
    const { threadTs, answerTs, update } = await askByMention(running, depositQuestion);
    const down = buttonOf(blocksOf(update), slackActionIds.feedbackDown);
    await running.sendAction(
      buttonClick({
        actionId: slackActionIds.feedbackDown,
        blockId: down.blockId,
        value: down.value,
        messageTs: answerTs,
        threadTs,
        responseUrl: running.fake.responseUrl(),
      }),
    );
    const opened = await running.fake.waitForCall('views.open');
    const view = opened.body.view as { private_metadata: string; callback_id: string };
    await running.sendView({
      type: 'view_submission',
      team: { id: fakeTeamId, domain: 'amicus-test' },
      user: { id: askerId, username: 'asker', name: 'asker', team_id: fakeTeamId },
      api_app_id: 'A0AMICUS',
      token: 'unused-verification-token',
      trigger_id: '1.2.3',
      view: {
        id: 'V0000009',
        team_id: fakeTeamId,
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: {
          values: {
            reason: { reason_input: { type: 'plain_text_input', value: 'Wrong section, call 415-555-0199' } },
          },
        },
        hash: 'h',
      },
    });
    await expect
      .poll(async () => (await application().review.queue.list({ reason: 'thumbs-down' })).length)
      .toBe(1);
    const [item] = await application().review.queue.list({ reason: 'thumbs-down' });
    expect(item).toMatchObject({
      answerId: down.value,
      surface: 'slack',
      channel: publicChannel,
      userId: null,
      status: 'open',
    });
    expect(item?.question).toBe(depositQuestion);
    expect(item?.reasons[0]?.detail).toBe('Wrong section, call [phone]');
  });

  it('without a staff channel, answers carry no "Ask a staff member" button', async () => {
    const running = await start();
    const { update } = await askByMention(running, depositQuestion);
    expect(actionIdsOf(blocksOf(update))).not.toContain(slackActionIds.handOff);
    expect(actionIdsOf(blocksOf(update))).toContain(slackActionIds.feedbackDown);
  });

  it('"Ask a staff member" posts a link to the thread in the staff channel, tells the asker and files a hand-off', async () => {
    const running = await start({ staffChannel, staffUserGroup });
    const { threadTs, answerTs, update } = await askByMention(running, depositQuestion);
    const blocks = blocksOf(update);
    // Beside the feedback buttons, in the same actions block.
    const handOff = buttonOf(blocks, slackActionIds.handOff);
    expect(handOff.blockId).toBe(buttonOf(blocks, slackActionIds.feedbackDown).blockId);
    const answerId = buttonOf(blocks, slackActionIds.feedbackDown).value;
    running.fake.reset();

    await running.sendAction(
      buttonClick({
        actionId: slackActionIds.handOff,
        blockId: handOff.blockId,
        value: handOff.value,
        messageTs: answerTs,
        threadTs,
        responseUrl: running.fake.responseUrl('hand-off'),
      }),
    );
    const post = await running.fake.waitForCall('chat.postMessage');
    const note = await running.fake.waitForCall('response_url');
    const permalink = running.fake.callsTo('chat.getPermalink')[0];
    expect(permalink?.body).toMatchObject({ channel: publicChannel, message_ts: answerTs });
    expect(post.body.channel).toBe(staffChannel);
    const postText = textsOf(blocksOf(post)).join('\n');
    expect(postText).toContain(`<!subteam^${staffUserGroup}>`);
    expect(postText).toContain(permalink?.response.permalink as string);
    expect(postText).toContain(depositQuestion);
    expect(postText).toContain(`<@${askerId}>`);
    expectWellFormedMessage(post, application().config.deployment.disclaimer);

    expect(note.responseUrlId).toBe('hand-off');
    expect(note.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textsOf(blocksOf(note)).join('\n')).toContain('Someone will follow up');

    const items = await application().review.queue.list({ reason: 'hand-off' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ answerId, surface: 'slack', channel: publicChannel });
    expect(postText).toContain(`#${items[0]?.id}`);
  });

  it('"Share in channel" reposts a private /ask answer in the channel without personal details', async () => {
    const running = await start();
    await running.sendCommand({ text: personalQuestion, responseUrl: running.fake.responseUrl('private') });
    await running.fake.waitFor((calls) => calls.filter((call) => call.method === 'response_url').length >= 1);
    await running.bot.whenIdle();
    const privateAnswer = running.fake
      .callsTo('response_url')
      .find((call) => actionIdsOf(blocksOf(call)).includes(slackActionIds.share));
    expect(privateAnswer).toBeDefined();
    const share = buttonOf(blocksOf(privateAnswer!), slackActionIds.share);
    running.fake.reset();

    await running.sendAction(
      buttonClick({
        actionId: slackActionIds.share,
        blockId: share.blockId,
        value: share.value,
        messageTs: '1767225600.999999',
        ephemeral: true,
        responseUrl: running.fake.responseUrl('share'),
      }),
    );
    const shared = await running.fake.waitForCall('chat.postMessage');
    expect(shared.body.channel).toBe(publicChannel);
    // A private /ask answer had no thread: the shared copy starts one.
    expect(shared.body.thread_ts).toBeUndefined();
    expectWellFormedMessage(shared, application().config.deployment.disclaimer);
    const payload = JSON.stringify(shared.body);
    for (const detail of ['Maria', 'Lopez', 'maria.lopez@example.com', '415-555-0134'])
      expect(payload).not.toContain(detail);
    const texts = textsOf(blocksOf(shared)).join('\n');
    expect(texts).toContain('My name is [name], email [email], phone [phone].');
    expect(texts).toContain(`Shared by <@${askerId}>`);
    // The individualized notice stays: general information, not advice on the asker's case.
    expect(texts).toContain("can't advise you on your own situation");
    expect(actionIdsOf(blocksOf(shared))).not.toContain(slackActionIds.share);
  });

  it('"Share in channel" on a private reply in a thread reposts it in that thread', async () => {
    const running = await start();
    const event = mentionEvent(personalQuestion);
    await running.sendEvent(event);
    await running.fake.waitForCall('chat.postEphemeral');
    await running.bot.whenIdle();
    const ephemeral = running.fake.callsTo('chat.postEphemeral')[0]!;
    const share = buttonOf(blocksOf(ephemeral), slackActionIds.share);
    running.fake.reset();
    await running.sendAction(
      buttonClick({
        actionId: slackActionIds.share,
        blockId: share.blockId,
        value: share.value,
        messageTs: ephemeral.response.message_ts as string,
        ephemeral: true,
        responseUrl: running.fake.responseUrl('share'),
      }),
    );
    const shared = await running.fake.waitForCall('chat.postMessage');
    expect(shared.body).toMatchObject({ channel: publicChannel, thread_ts: event.ts });
    expect(JSON.stringify(shared.body)).not.toMatch(/Maria|Lopez|maria\.lopez@example\.com|415-555-0134/);
  });
});
