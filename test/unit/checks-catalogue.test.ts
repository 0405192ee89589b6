import { describe, expect, it } from 'vitest';
import { CATALOGUE, checksInSet, findCheck, isCheckId } from '../../src/checks/catalogue.js';
import { defaultStrategyFile } from '../../src/config/paths.js';
import { CHECK_FAMILIES, CHECK_SETS } from '../../src/domain/check.js';
import { loadStrategyFile } from '../../src/strategy/load.js';

import { MAIL_SET, WEB_SET } from '../support/check-ids.js';

const OTHER = ['web.security-txt', 'hosting.mail-provider', 'hosting.dns-provider', 'hosting.web-provider'];

const texts = (c: (typeof CATALOGUE)[number]) => [c.title, c.description, c.fix, c.norm, ...(c.notApplicableWhen ? [c.notApplicableWhen] : [])];

describe('the check catalogue', () => {
  it('holds exactly the ids of issue 3, each once, in a stable order', () => {
    const ids = CATALOGUE.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...WEB_SET, ...MAIL_SET, ...OTHER]);
  });

  it('gives every record both languages, non-empty, and a known family', () => {
    for (const check of CATALOGUE) {
      expect(CHECK_FAMILIES).toContain(check.family);
      for (const text of texts(check)) {
        expect(text.nl.trim(), `${check.id} nl`).not.toBe('');
        expect(text.en.trim(), `${check.id} en`).not.toBe('');
      }
    }
  });

  it('puts exactly the issue\'s ids in each Forum set, all mandatory', () => {
    expect(checksInSet('forum-web').map((c) => c.id)).toEqual(WEB_SET);
    expect(checksInSet('forum-mail').map((c) => c.id)).toEqual(MAIL_SET);
    for (const set of CHECK_SETS) for (const c of checksInSet(set)) expect(c.level).toBe('mandatory');
  });

  it('keeps security.txt and hosting out of the sets; hosting is informational', () => {
    for (const id of OTHER) expect(findCheck(id)?.sets).toEqual([]);
    expect(findCheck('web.security-txt')?.level).toBe('mandatory');
    for (const id of OTHER.filter((i) => i.startsWith('hosting.'))) expect(findCheck(id)?.level).toBe('informational');
  });

  it('states the norms of FACTS.md', () => {
    expect(findCheck('web.https.hsts')?.norm.en).toContain('31536000');
    expect(findCheck('mail.spf.policy')?.norm.en).toMatch(/~all or -all/);
    expect(findCheck('mail.dmarc.policy')?.norm.en).toMatch(/p=quarantine or p=reject/);
    expect(findCheck('web.tls.version')?.norm.en).toContain('NCSC TLS guidelines 2025');
  });

  it('marks the mail-delivery checks not applicable without MX, and DKIM without outgoing mail', () => {
    for (const id of ['mail.dnssec.mx', 'mail.ipv6.mx', 'mail.starttls', 'mail.tls.version', 'mail.dane']) {
      expect(findCheck(id)?.notApplicableWhen?.en, id).toMatch(/null MX/);
    }
    expect(findCheck('mail.dkim')?.notApplicableWhen?.en).toMatch(/sends no mail/);
    for (const id of ['mail.spf', 'mail.dmarc', 'mail.spf.policy', 'mail.dmarc.policy']) expect(findCheck(id)?.notApplicableWhen).toBeUndefined();
  });

  it('finds checks by id and rejects unknown ids', () => {
    expect(findCheck('web.https.hsts')?.family).toBe('web');
    expect(findCheck('web.https.hst')).toBeUndefined();
    expect(isCheckId('mail.dane')).toBe(true);
    expect(isCheckId('mail.mta-sts')).toBe(false);
  });

  it('knows every check id that the shipped strategy (nds.yaml) references', async () => {
    const strategy = await loadStrategyFile(defaultStrategyFile);
    const referenced = strategy.targets.flatMap((t) => (t.indicator.kind === 'checks' ? t.indicator.checks : []));
    expect(referenced.length).toBeGreaterThan(0);
    expect(referenced.filter((id) => !isCheckId(id))).toEqual([]);
  });

  it('agrees with the sets named in nds.yaml', async () => {
    const strategy = await loadStrategyFile(defaultStrategyFile);
    for (const t of strategy.targets) {
      if (t.indicator.kind !== 'checks' || t.indicator.set === undefined) continue;
      expect(t.indicator.checks, t.id).toEqual(checksInSet(t.indicator.set).map((c) => c.id));
    }
  });
});
