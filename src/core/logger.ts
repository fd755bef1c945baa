import { type Logger, pino } from 'pino';
import { redactPersonalDetails } from './redaction.js';

export type { Logger };

/**
 * Structured logs go to stderr so stdout stays clean for answers and `--json` output.
 * Secrets are redacted by path as a second line of defence; the first is never logging them.
 * Question text is not logged at all by callers (only its length and a hash), because it may
 * carry personal details.
 */
export function createLogger(level: string = process.env.AMICUS_LOG_LEVEL ?? 'warn'): Logger {
  return pino(
    {
      level,
      base: null,
      redact: {
        paths: [
          'apiKey',
          '*.apiKey',
          'token',
          '*.token',
          'authorization',
          '*.authorization',
          'headers.authorization',
          'signingSecret',
          '*.signingSecret',
        ],
        censor: '[redacted]',
      },
      formatters: {
        // Defence in depth: if a caller ever logs user text, its personal details are redacted.
        log: (object) => redactTextFields(object),
      },
    },
    pino.destination(2),
  );
}

const userTextFields = new Set(['question', 'text', 'reason', 'standaloneQuestion', 'message']);

export function redactTextFields(object: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(object)) {
    if (typeof value === 'string' && userTextFields.has(key)) {
      copy ??= { ...object };
      copy[key] = redactPersonalDetails(value);
    }
  }
  return copy ?? object;
}

/** A logger that drops everything, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
