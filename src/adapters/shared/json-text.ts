/**
 * The one JSON serializer for every JSON response Amicus sends (the API, the console's data,
 * the Discord interactions endpoint). `JSON.stringify` escapes C0 controls and lone surrogates
 * but writes DEL, the C1 controls, invisible format characters (bidi overrides, zero-width
 * characters, the byte-order mark) and the line and paragraph separators raw. Text from a
 * question or a source can carry any of them, so they are all written as `\uXXXX` too: the
 * parsed value is the same, and no client, log viewer or terminal meets them raw.
 */
const invisibleCharacters = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

function escapeCodeUnits(character: string): string {
  let escaped = '';
  for (let index = 0; index < character.length; index += 1) {
    escaped += `\\u${character.charCodeAt(index).toString(16).padStart(4, '0')}`;
  }
  return escaped;
}

export function jsonText(value: unknown): string {
  // Outside strings JSON is ASCII, so every match is inside a string literal.
  return JSON.stringify(value).replace(invisibleCharacters, escapeCodeUnits);
}
