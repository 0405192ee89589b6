import { afterEach, describe, expect, it, vi } from 'vitest';
import { CATALOGUE } from '../../src/checks/catalogue.js';
import { defaultLang } from '../../src/cli/commands/checks.js';
import { runInProcess } from '../support/run-cli.js';

describe('thorbecke checks', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('--json prints one JSON line per check, in catalogue order', async () => {
    const { status, out } = await runInProcess('checks', '--json');
    expect(status).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(CATALOGUE.length);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => r.id)).toEqual(CATALOGUE.map((c) => c.id));
    expect(records[0] && Object.keys(records[0]).sort()).toEqual(['family', 'id', 'level', 'norm', 'sets', 'title']);
    expect(records.find((r) => r.id === 'web.https.hsts')).toMatchObject({
      family: 'web',
      level: 'mandatory',
      sets: ['forum-web'],
      title: { nl: 'HSTS', en: 'HSTS' },
    });
  });

  it('prints the catalogue grouped by family in English', async () => {
    const { status, out } = await runInProcess('checks', '--lang', 'en');
    expect(status).toBe(0);
    expect(out).toContain('HTTP redirects to HTTPS');
    expect(out).toMatch(/^hosting$/m);
    expect(out).toContain('  hosting.dns-provider  DNS provider  [informational; no set]');
    expect(out).toContain('HSTS max-age ≥ 31536000 (1 year)');
  });

  it('prints Dutch with --lang nl, and by default under a Dutch locale', async () => {
    expect((await runInProcess('checks', '--lang', 'nl')).out).toContain('HTTP stuurt door naar HTTPS');
    vi.stubEnv('LC_ALL', 'nl_NL.UTF-8');
    expect((await runInProcess('checks')).out).toContain('[verplicht; forum-mail]');
  });

  it('rejects an unknown language as a usage error', async () => {
    const { status, err } = await runInProcess('checks', '--lang', 'de');
    expect(status).toBe(2);
    expect(err).toContain('--lang');
  });
});

describe('defaultLang', () => {
  it.each([
    [{ LANG: 'nl_NL.UTF-8' }, 'nl'],
    [{ LANG: 'en_GB.UTF-8' }, 'en'],
    [{ LC_ALL: 'nl_BE.UTF-8', LANG: 'en_US.UTF-8' }, 'nl'],
    [{ LC_ALL: '', LANG: 'nl' }, 'nl'],
    [{}, 'en'],
  ] as [NodeJS.ProcessEnv, string][])('%o → %s', (env, expected) => {
    expect(defaultLang(env)).toBe(expected);
  });
});
