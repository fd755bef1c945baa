import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';

const order: Readonly<Record<LogLevel, number>> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

/**
 * Bolt's and the Web API client's logs, through our logger. Their debug output is dropped
 * whatever the level: it can carry request bodies, and so message text.
 */
export class BoltLoggerAdapter implements BoltLogger {
  private level: LogLevel = LogLevel.INFO;
  private name = 'slack';

  constructor(private readonly logger: Logger) {}

  debug(): void {
    // Never forwarded: see the class comment.
  }

  info(...messages: unknown[]): void {
    if (this.enabled(LogLevel.INFO)) this.logger.info({ library: this.name }, describe(messages));
  }

  warn(...messages: unknown[]): void {
    if (this.enabled(LogLevel.WARN)) this.logger.warn({ library: this.name }, describe(messages));
  }

  error(...messages: unknown[]): void {
    if (this.enabled(LogLevel.ERROR)) this.logger.error({ library: this.name }, describe(messages));
  }

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  getLevel(): LogLevel {
    return this.level;
  }

  setName(name: string): void {
    this.name = name;
  }

  private enabled(level: LogLevel): boolean {
    return order[level] >= order[this.level];
  }
}

/** Messages as one line; errors by name and message only (no request objects, no stacks). */
function describe(messages: readonly unknown[]): string {
  return messages
    .map((message) => {
      if (message instanceof Error) return `${message.name}: ${message.message}`;
      if (typeof message === 'string') return message;
      return typeof message;
    })
    .join(' ');
}
