import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Fields that never reach a log line: credentials (headers, passwords, tokens, second-factor codes and
 * secrets, session ids) and e-mail addresses, at the top level and one level down (`{ account: { email } }`,
 * `{ req: { headers } }`). Log an account by its id instead.
 */
export const REDACTED_FIELDS = [
  'authorization',
  'cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  // A bare `code` only at the top level: `err.code` (ECONNREFUSED) must stay readable.
  'code',
  ...['password', 'newPassword', 'token', 'secret', 'totp', 'totpCode', 'totpSecret', 'otp', 'sessionId', 'csrfToken', 'email'].flatMap(
    (name) => [name, `*.${name}`],
  ),
];

/** The options of every Thorbecke logger (exported for tests). */
export function loggerOptions(level: string): LoggerOptions {
  return { level, base: { app: 'thorbecke' }, redact: { paths: REDACTED_FIELDS, censor: '[redacted]' } };
}

/** Structured JSON logs on stderr (stdout stays free for command output). */
export function createLogger(level: string, destination: DestinationStream = pino.destination(2)): Logger {
  return pino(loggerOptions(level), destination);
}
