import { type Interaction, MessageFlags } from 'discord.js';
import type { RawOptionValue } from './commands.js';
import { toDiscordJsMessage } from './discord-js-payloads.js';
import type { IncomingInteraction, InteractionResponder } from './interaction-port.js';

/** A discord.js interaction as the transport-neutral interaction and responder. */
export function fromGatewayInteraction(
  interaction: Interaction,
): { incoming: IncomingInteraction; responder: InteractionResponder } | undefined {
  if (!interaction.isChatInputCommand() && !interaction.isButton()) return undefined;
  const options = new Map<string, RawOptionValue>();
  if (interaction.isChatInputCommand()) {
    for (const option of interaction.options.data) {
      if (option.value !== undefined && option.value !== null) options.set(option.name, option.value);
    }
  }
  const channel = interaction.channel;
  const roles = interaction.member?.roles;
  const memberRoleIds = roles === undefined ? [] : Array.isArray(roles) ? roles : [...roles.cache.keys()];
  const incoming: IncomingInteraction = {
    id: interaction.id,
    kind: interaction.isChatInputCommand() ? 'command' : 'button',
    commandName: interaction.isChatInputCommand() ? interaction.commandName : undefined,
    customId: interaction.isButton() ? interaction.customId : undefined,
    options,
    userId: interaction.user.id,
    place: {
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      parentChannelId: channel?.isThread() ? channel.parentId : null,
    },
    memberRoleIds,
    sourceMessageEphemeral: interaction.isButton() && interaction.message.flags.has(MessageFlags.Ephemeral),
    sourceMessageId: interaction.isButton() ? interaction.message.id : undefined,
  };
  const flagsFor = (ephemeral: boolean) => (ephemeral ? { flags: MessageFlags.Ephemeral as const } : {});
  const responder: InteractionResponder = {
    reply: async (message, { ephemeral }) => {
      await interaction.reply({ ...toDiscordJsMessage(message), ...flagsFor(ephemeral) });
    },
    defer: async ({ ephemeral }) => {
      await interaction.deferReply(flagsFor(ephemeral));
    },
    editOriginal: async (message) => {
      await interaction.editReply(toDiscordJsMessage(message));
    },
    deleteOriginal: async () => {
      await interaction.deleteReply();
    },
    followUp: async (message, { ephemeral }) => {
      await interaction.followUp({ ...toDiscordJsMessage(message), ...flagsFor(ephemeral) });
    },
  };
  return { incoming, responder };
}
