import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger.js';

/** Logs one line through Thorbecke's logger and returns it parsed. */
function logged(write: (logger: ReturnType<typeof createLogger>) => void): Record<string, unknown> {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  write(logger);
  return JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
}

describe('logger', () => {
  it('never writes credentials or e-mail addresses', () => {
    const line = logged((l) => {
      l.info(
        {
          email: 'anne@gemeente.example.nl',
          password: 'correct horse',
          token: 'tbk_secret',
          totpCode: '123456',
          code: '654321',
          headers: { authorization: 'Bearer x', cookie: 'thorbecke_session=abc', 'user-agent': 'curl' },
          account: { id: 7, email: 'anne@gemeente.example.nl' },
          req: { headers: { authorization: 'Bearer y', 'set-cookie': 'a=b' } },
        },
        'login',
      );
    });
    const text = JSON.stringify(line);
    for (const secret of ['anne@', 'correct horse', 'tbk_secret', '123456', '654321', 'Bearer', 'abc', 'a=b']) expect(text).not.toContain(secret);
    expect(line).toMatchObject({ app: 'thorbecke', msg: 'login', account: { id: 7 }, headers: { 'user-agent': 'curl' } });
  });

  it('keeps error codes readable', () => {
    const error = Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' });
    const line = logged((l) => {
      l.error({ err: error }, 'failed');
    });
    expect(line).toMatchObject({ err: { code: 'ECONNREFUSED', message: 'connect refused' } });
  });
});
