import type { APIEmbed } from 'discord-api-types/v10';
import type { CollectionSummary } from '../../store/passage-store.js';
import { vettingWarnings } from '../../store/vetting.js';
import { type DiscordMessage, discordLimits } from './answer-embeds.js';
import { escapeDiscordInline, escapeDiscordMarkdown, truncateDiscordText } from './discord-markdown.js';

const colour = 0x5865f2;

/** The admin listing of collections: what each is, how current, who vetted it and when. */
export function sourcesMessages(
  collections: readonly CollectionSummary[],
  maxAgeDays: number,
  today: Date,
): DiscordMessage[] {
  if (collections.length === 0) {
    return [
      {
        content: 'No collections are ingested yet. Run `amicus ingest <path>` on the server.',
        embeds: [],
        components: [],
        allowed_mentions: { parse: [] },
      },
    ];
  }
  const warnings = new Map(
    vettingWarnings(collections, maxAgeDays, today).map((w) => [w.collectionId, w.message]),
  );
  const fields = collections.map((collection) => {
    const vetting = collection.vetted
      ? `vetted by ${collection.vettedBy ?? 'unknown'} on ${collection.vettedOn ?? 'an unknown date'}`
      : 'UNVETTED';
    const warning = warnings.get(collection.id);
    const lines = [
      `${collection.sourceType}, ${collection.jurisdiction}, current to ${collection.asOf}`,
      vetting,
      `${collection.documentCount} documents, ${collection.passageCount} passages`,
      ...(warning ? [`⚠️ ${warning}`] : []),
    ];
    return {
      name: escapeDiscordInline(`${collection.title} (${collection.id})`, discordLimits.fieldName),
      value: truncateDiscordText(escapeDiscordMarkdown(lines.join('\n')), discordLimits.fieldValue),
    };
  });
  const title = 'Vetted sources';
  const footer = `${collections.length} collections · vetting older than ${maxAgeDays} days is flagged`;
  // Every message keeps room for the title and the footer under Discord's 6,000 characters.
  const budget = discordLimits.embedCharacters - title.length - footer.length;
  const messages: DiscordMessage[] = [];
  let embeds: APIEmbed[] = [];
  let characters = 0;
  let current: APIEmbed | undefined;
  const closeMessage = () => {
    if (embeds.length > 0) messages.push({ embeds, components: [], allowed_mentions: { parse: [] } });
    embeds = [];
    characters = 0;
    current = undefined;
  };
  for (const field of fields) {
    const size = field.name.length + field.value.length;
    if (characters + size > budget) closeMessage();
    if (current === undefined || (current.fields?.length ?? 0) >= discordLimits.fields) {
      if (embeds.length >= discordLimits.embedsPerMessage) closeMessage();
      current = { color: colour, fields: [] };
      if (messages.length === 0 && embeds.length === 0) current.title = title;
      embeds.push(current);
    }
    current.fields?.push(field);
    characters += size;
  }
  closeMessage();
  const last = messages[messages.length - 1]?.embeds.at(-1);
  if (last) last.footer = { text: footer };
  return messages;
}
