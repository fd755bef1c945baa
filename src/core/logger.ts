import { type Logger, pino } from 'pino';

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
    },
    pino.destination(2),
  );
}

/** A logger that drops everything, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
