/**
 * Whether a failure happened before any server answered: the connection was refused or reset,
 * the name did not resolve, or nothing came back in time. Clients wrap these differently (the
 * Slack SDK in `original`, fetch in `cause`, discord.js not at all), so the error and its
 * chain of causes are searched for a network error code or a timeout.
 */
const networkErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_SOCKET',
  'ECONNABORTED',
]);

const timeoutNames = new Set(['AbortError', 'TimeoutError']);

/** The reason a request never got an answer ("connect ECONNREFUSED 127.0.0.1:9"), or undefined. */
export function unreachableReason(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth += 1) {
    const candidate = current as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof candidate.code === 'string' && networkErrorCodes.has(candidate.code)) {
      return typeof candidate.message === 'string' && candidate.message.length > 0
        ? candidate.message
        : candidate.code;
    }
    if (typeof candidate.name === 'string' && timeoutNames.has(candidate.name)) return 'no answer in time';
    const next =
      (current as { cause?: unknown; original?: unknown }).cause ??
      (current as { original?: unknown }).original;
    current = next;
  }
  return undefined;
}
