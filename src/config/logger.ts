import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stderr (stdout stays free for command output). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'thorbecke' } }, pino.destination(2));
}
