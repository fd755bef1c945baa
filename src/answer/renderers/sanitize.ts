/**
 * The one sanitiser for untrusted text on every surface (GUIDE §1: no mass mentions and no
 * markup injection from corpus text). Every string of an answer comes from the corpus, the
 * question or a model, so each surface passes it through `sanitizeText` before it escapes its
 * own markup, and through `safeUrl` before it links anything. Surface escapers (Markdown,
 * mrkdwn, HTML, Discord) live with their surface; what they all share lives here.
 */

/**
 * Characters that must never reach a reader from corpus text: C0 controls but tab and newline,
 * DEL, C1 controls, and the bidi embeddings, overrides and isolates that reorder text on screen
 * (the "Trojan Source" characters, U+202A–U+202E and U+2066–U+2069).
 */
const controlCharacters = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** An ANSI control sequence (CSI): ESC `[`, parameters, intermediates, one final byte. */
const terminalSequence = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** Control sequences removed whole (so their parameters do not show as "[31m"), then every control character. */
export function stripControlCharacters(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(terminalSequence, '').replace(controlCharacters, '');
}

/**
 * Mass and user mentions made inert on every surface:
 * - a word joiner after `@` keeps `@everyone` readable but inert (Discord matches `@everyone`
 *   even inside longer words, so no word boundary is required);
 * - Slack's `<!channel>`/`<!here>`/`<!everyone>`, `<@U123>` and `<#C123>` cannot form.
 */
export function defuseMentions(text: string): string {
  return text.replace(/@(everyone|here|channel)/gi, '@\u2060$1').replace(/<([!@#])/g, '<\u2060$1');
}

/**
 * Text that looks like one of our citation markers ("see [7]") is shown as "(7)", so every `[n]`
 * a reader sees is one the renderer wrote.
 */
export function defuseCitationMarkers(text: string): string {
  return text.replace(/\[(\d+)\]/g, '($1)');
}

/** Untrusted text made safe to show anywhere: control characters dropped, mentions and marker look-alikes defused. */
export function sanitizeText(text: string): string {
  return defuseCitationMarkers(defuseMentions(stripControlCharacters(text)));
}

/** Characters percent-encoded in an address: they could end a link early (Markdown, mrkdwn, HTML) or form a mention. */
const linkBreakers = /[()<>\s@[\]\\|`'"]/g;

/**
 * The one rule for links on every surface: an `http:` or `https:` address, normalized, with
 * every character that could end a link or carry a mention percent-encoded; `undefined` for
 * anything else (javascript:, data:, relative or malformed addresses), and for an address with
 * a user name or password before the host, a phishing trick (`https://bank.example@evil.example`).
 */
export function safeUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (parsed.username !== '' || parsed.password !== '') return undefined;
  const rest = `${parsed.pathname}${parsed.search}${parsed.hash}`.replace(
    linkBreakers,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `${parsed.protocol}//${parsed.host}${rest}`;
}
