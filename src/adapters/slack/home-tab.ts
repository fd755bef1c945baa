import type { HomeView, KnownBlock } from '@slack/types';
import type { ReferralResource } from '../../core/config.js';
import type { CollectionSummary } from '../../store/passage-store.js';
import { disclaimerBlock, slackLimits } from './answer-blocks.js';
import { collectionLines } from './corpus-overview.js';
import { cutMrkdwn, escapeMrkdwn, slackLink } from './mrkdwn.js';
import type { SlackDeployment, SlackSettings } from './ports.js';

export interface HomeTabContent {
  readonly deployment: SlackDeployment;
  readonly collections: readonly CollectionSummary[];
  readonly commandName: string;
  /** The channel settings, shown to the deployment's Slack admins only (`slack.adminUserIds`). */
  readonly adminSettings?: Pick<
    SlackSettings,
    'channelAudiences' | 'channelJurisdictions' | 'allowedChannels'
  >;
}

function section(text: string): KnownBlock[] {
  return cutMrkdwn(text, slackLimits.textLength).map((piece) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: piece },
  }));
}

function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text, emoji: true } };
}

function referralLine(referral: ReferralResource): string {
  const name = referral.url ? slackLink(referral.url, referral.name) : `*${escapeMrkdwn(referral.name)}*`;
  return `• ${name}: ${escapeMrkdwn(referral.contact)} — ${escapeMrkdwn(referral.whenToUse)}`;
}

/** `<#C123>` for each channel id with its value, or what holds when none is listed. */
function channelSettingLines(values: Readonly<Record<string, string>>, otherwise: string): string {
  const entries = Object.entries(values);
  if (entries.length === 0) return `• ${escapeMrkdwn(otherwise)}`;
  return entries
    .map(([channel, value]) => `• <#${escapeMrkdwn(channel)}>: ${escapeMrkdwn(value)}`)
    .join('\n');
}

function adminBlocks(settings: NonNullable<HomeTabContent['adminSettings']>, audience: string): KnownBlock[] {
  const allowed =
    settings.allowedChannels.length === 0
      ? '• Every channel the app is in.'
      : settings.allowedChannels.map((channel) => `• <#${escapeMrkdwn(channel)}>`).join('\n');
  return [
    { type: 'divider' },
    header('Channel settings (admins)'),
    ...section(
      `*Audience per channel* (who asks there; it decides how cautious answers are):\n${channelSettingLines(
        settings.channelAudiences ?? {},
        `Every channel: ${audience} (the deployment's audience).`,
      )}`,
    ),
    ...section(
      `*Jurisdiction per channel:*\n${channelSettingLines(settings.channelJurisdictions, 'None set: answers draw on every jurisdiction.')}`,
    ),
    ...section(`*Channels where I answer:*\n${allowed}`),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Change these in the `slack` section of the configuration (`channelAudiences`, `channelJurisdictions`, `allowedChannels`) and restart `amicus slack`. Only the admins in `slack.adminUserIds` see this part.',
        },
      ],
    },
  ];
}

/**
 * The Home tab (`views.publish`): what the deployment answers from (each collection with its
 * asOf and vetting), how to ask, where to get help with one's own situation, the disclaimer and,
 * for admins, the channel settings. Texts are escaped; Slack allows 100 blocks in a Home tab.
 */
export function homeTabView(content: HomeTabContent): HomeView {
  const { deployment } = content;
  const name = escapeMrkdwn(deployment.name);
  const blocks: KnownBlock[] = [
    header(`${deployment.name}: cited legal information`.slice(0, 150)),
    ...section(
      `${name} answers legal questions from a vetted set of sources and cites a source for every sentence. It gives general legal information, not legal advice.\n\n*How to ask:* open the *Messages* tab and type a question (each question gets its own thread), mention @${name} in a channel, or use \`${escapeMrkdwn(content.commandName)} your question\`.`,
    ),
    { type: 'divider' },
    header('What I answer from'),
    ...section(collectionLines(content.collections)),
    { type: 'divider' },
    header('Help with your own situation'),
    ...section(
      `I cannot advise you about your own case. These can:\n${deployment.referrals.map(referralLine).join('\n')}`,
    ),
    ...(content.adminSettings ? adminBlocks(content.adminSettings, deployment.audience) : []),
    { type: 'divider' },
    disclaimerBlock(deployment.disclaimer),
  ];
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
