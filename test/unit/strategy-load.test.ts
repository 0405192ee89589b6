import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import { loadStrategyFile, MAX_STRATEGY_BYTES, parseStrategy } from '../../src/strategy/load.js';
import type { Strategy } from '../../src/strategy/schema.js';
import { MAIL_SET, WEB_SET } from '../support/check-ids.js';

const NDS = 'strategy/nds.yaml';
const FIXTURES = 'test/fixtures/strategy';

const CATALOGUE = new Set([...WEB_SET, ...MAIL_SET, 'web.security-txt']);

const MAIN_LAYERS = ['rijk', 'provincie', 'gemeente', 'waterschap', 'publieke-dienstverlener'];

/** The targets the default strategy must have, with their deadline and source kind. */
const REQUIRED: [id: string, deadline: string, source: string][] = [
  ['forum-web-2017-https-personal-data', '2017-12-31', 'agreement'],
  ['forum-web-2017-dnssec', '2017-12-31', 'agreement'],
  ['forum-mail-2017-dnssec', '2017-12-31', 'agreement'],
  ['forum-mail-2017-spf-dkim-dmarc', '2017-12-31', 'agreement'],
  ['forum-web-2018-https-hsts', '2018-12-31', 'agreement'],
  ['forum-web-2018-tls-ncsc', '2018-12-31', 'agreement'],
  ['forum-mail-2019-starttls-dane', '2019-12-31', 'agreement'],
  ['forum-mail-2019-spf-dmarc-strict', '2019-12-31', 'agreement'],
  ['forum-web-2021-ipv6', '2021-12-31', 'agreement'],
  ['forum-mail-2021-ipv6', '2021-12-31', 'agreement'],
  ['forum-web-2024-rpki', '2024-12-31', 'agreement'],
  ['forum-mail-2024-rpki', '2024-12-31', 'agreement'],
  ['forum-web-all', '2024-12-31', 'agreement'],
  ['forum-mail-all', '2024-12-31', 'agreement'],
  ['law-web-2023-https-hsts', '2023-07-01', 'law'],
  ['security-txt', '2023-05-25', 'comply-or-explain'],
  ['accessibility-statement', '2020-09-23', 'law'],
  ['algorithm-register-high-risk', '2025-12-31', 'register'],
  ['pqc-migration-plan', '2026-12-31', 'eu'],
  ['cloud-eu-30', '2029-12-31', 'motion'],
];

function issuesOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

async function rejectionOf(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('the shipped strategy (strategy/nds.yaml)', () => {
  let nds: Strategy;
  beforeAll(async () => {
    nds = await loadStrategyFile(NDS);
  });
  const target = (id: string) => {
    const t = nds.targets.find((x) => x.id === id);
    if (!t) throw new Error(`no target ${id}`);
    return t;
  };

  it('is the NDS with its six priorities in order', () => {
    expect(nds.id).toBe('nds');
    expect(nds.adopted).toBe('2025-07-04');
    expect(nds.source.title).toContain('26 643');
    expect(nds.priorities.map((p) => [p.number, p.id, p.title.en])).toEqual([
      [1, 'cloud', 'Cloud'],
      [2, 'data', 'Data'],
      [3, 'ai', 'Artificial intelligence'],
      [4, 'services', 'Citizens and entrepreneurs first in service delivery'],
      [5, 'resilience', 'Digital resilience and autonomy'],
      [6, 'workspace', 'Digital proficiency and a modern workspace'],
    ]);
    expect(nds.priorities.map((p) => p.title.nl)).toEqual([
      'Cloud',
      'Data',
      'Artificiële intelligentie',
      'Burgers en ondernemers centraal in dienstverlening',
      'Digitale weerbaarheid en autonomie',
      'Digitaal vakmanschap en moderne werkplek',
    ]);
  });

  it.each(REQUIRED)('has target %s, due %s, from a %s source', (id, deadline, kind) => {
    const t = target(id);
    expect(t.deadline).toBe(deadline);
    expect(t.source.kind).toBe(kind);
  });

  it('references only check ids of the catalogue', () => {
    const referenced = nds.targets.flatMap((t) => (t.indicator.kind === 'checks' ? t.indicator.checks : []));
    expect(referenced.length).toBeGreaterThan(0);
    expect(referenced.filter((id) => !CATALOGUE.has(id))).toEqual([]);
  });

  it('has the Forum headline sets: all web checks and all mail checks', () => {
    const web = target('forum-web-all').indicator;
    const mail = target('forum-mail-all').indicator;
    expect(web).toMatchObject({ kind: 'checks', set: 'forum-web' });
    expect(mail).toMatchObject({ kind: 'checks', set: 'forum-mail' });
    expect(web.kind === 'checks' ? [...web.checks].sort() : []).toEqual([...WEB_SET].sort());
    expect(mail.kind === 'checks' ? [...mail.checks].sort() : []).toEqual([...MAIL_SET].sort());
  });

  it('allows no explanation for agreements and law, and does for the comply-or-explain list', () => {
    for (const t of nds.targets) {
      if (t.source.kind === 'agreement' || t.source.kind === 'law') expect(t.explainAllowed, t.id).toBe(false);
      if (t.source.kind === 'comply-or-explain') expect(t.explainAllowed, t.id).toBe(true);
    }
    expect(target('security-txt').indicator).toEqual({ kind: 'checks', checks: ['web.security-txt'] });
  });

  it('scopes per-organisation targets to at least the five main layers, and check targets to an asset kind', () => {
    for (const t of nds.targets.filter((x) => x.indicator.kind !== 'national')) {
      expect(t.scope.layers, t.id).toEqual(expect.arrayContaining(MAIN_LAYERS));
      if (t.indicator.kind === 'checks') {
        const kinds = new Set(t.indicator.checks.map((c) => c.split('.')[0]));
        expect(t.scope.assets.length, t.id).toBe(1);
        expect([...kinds], t.id).toEqual(t.scope.assets);
      }
    }
  });

  it('measures the other kinds of target as FACTS.md says', () => {
    expect(target('accessibility-statement').indicator).toMatchObject({ kind: 'register', register: 'accessibility-statements' });
    expect(target('algorithm-register-high-risk')).toMatchObject({
      priorities: ['ai'],
      indicator: { kind: 'register', register: 'algorithm-register' },
    });
    expect(target('pqc-migration-plan')).toMatchObject({
      priorities: ['resilience'],
      indicator: { kind: 'self-assessment', answer: 'yes-no', validForMonths: 12 },
    });
    expect(target('cloud-eu-30')).toMatchObject({
      priorities: expect.arrayContaining(['cloud']) as unknown,
      indicator: { kind: 'national', targetValue: 30, unit: 'percent' },
    });
  });

  it('says why a source is unverified, and cites only https URLs', () => {
    for (const s of [...nds.targets.map((t) => t.source), ...nds.context.map((c) => c.source), nds.source]) {
      if (!s.verified) expect(s.note, s.title).toBeDefined();
      if (s.url !== undefined) expect(s.url).toMatch(/^https:\/\//);
    }
  });

  it('has the EU Digital Decade figures as national context', () => {
    const ids = nds.context.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'eu-basic-digital-skills',
        'eu-ict-specialists',
        'eu-gigabit',
        'eu-5g',
        'eu-enterprises-cloud-ai-data',
        'eu-sme-digital-intensity',
        'eu-key-public-services',
        'eu-e-health-records',
        'eu-eid',
        'eu-digital-identity-wallet',
      ]),
    );
    expect(nds.context.find((c) => c.id === 'eu-basic-digital-skills')?.current).toEqual({
      value: { nl: '82,7%', en: '82.7%' },
      year: 2024,
    });
  });
});

describe('parseStrategy errors', () => {
  it('reports every problem of a broken file, each at its line and column', async () => {
    const error = await rejectionOf(loadStrategyFile(`${FIXTURES}/broken.yaml`));
    const f = `${FIXTURES}/broken.yaml`;
    expect(error.message).toBe(`${f} is not a valid strategy file (9 problems).`);
    expect(error.issues.map((i) => [i.location, i.message])).toEqual([
      [`${f}:6:10 (adopted)`, 'use a date as YYYY-MM-DD'],
      [`${f}:7:40 (source.colour)`, 'unknown key "colour"'],
      // A missing key points at the map that lacks it.
      [`${f}:14:5 (targets[0].deadline)`, 'missing required key "deadline"'],
      [`${f}:17:25 (targets[0].priorities[1])`, 'unknown priority "data"; known: cloud'],
      [`${f}:18:33 (targets[0].scope.layers[1])`, expect.stringContaining('Invalid option') as unknown],
      [`${f}:19:51 (targets[0].source.url)`, 'use an https:// URL'],
      [`${f}:22:9 (targets[1].id)`, 'duplicate target id "web-https"'],
      [`${f}:29:21 (targets[1].explainAllowed)`, expect.stringContaining('expected boolean') as unknown],
      [`${f}:30:24 (targets[1].indicator.kind)`, expect.stringContaining('discriminator') as unknown],
    ]);
  });

  it('locates YAML syntax errors', async () => {
    const error = await rejectionOf(loadStrategyFile(`${FIXTURES}/syntax-error.yaml`));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.location).toMatch(/^test\/fixtures\/strategy\/syntax-error\.yaml:\d+:\d+$/);
    expect(error.issues[0]?.message).toMatch(/^YAML syntax: .*Flow map/);
  });

  it('locates a duplicate key', () => {
    const error = issuesOf(() => parseStrategy('id: a\nid: b\n', 'dup.yaml'));
    expect(error.issues).toEqual([{ location: 'dup.yaml:2:1', message: expect.stringContaining('unique') as unknown }]);
  });

  it('points at the document start when the file is empty or not a map', () => {
    const error = issuesOf(() => parseStrategy('', 'empty.yaml'));
    expect(error.issues).toEqual([{ location: 'empty.yaml:1:1', message: expect.stringContaining('expected object') as unknown }]);
  });

  it('refuses an alias bomb without expanding it', async () => {
    const started = Date.now();
    const error = await rejectionOf(loadStrategyFile(`${FIXTURES}/alias-bomb.yaml`));
    expect(error.issues[0]?.message).toMatch(/aliases expand too much/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('accepts aliases used sparingly (the shipped file shares its sources that way)', () => {
    const text = `
id: a
version: '1'
title: &t { nl: A, en: A }
summary: *t
adopted: '2025-07-04'
source: { kind: strategy, title: A }
priorities: [{ id: p, number: 1, title: *t, summary: *t }]
targets: []
`;
    expect(parseStrategy(text, 'aliases.yaml').priorities[0]?.summary).toEqual({ nl: 'A', en: 'A' });
  });

  it('refuses text over 2 MB before parsing it', () => {
    const text = `# ${'x'.repeat(MAX_STRATEGY_BYTES)}\n`;
    const error = issuesOf(() => parseStrategy(text, 'big.yaml'));
    expect(error.message).toMatch(/big\.yaml is too large.*at most 2097152/);
  });
});

describe('loadStrategyFile', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('refuses a file over 2 MB without reading it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'thorbecke-strategy-'));
    dirs.push(dir);
    const file = path.join(dir, 'big.yaml');
    await writeFile(file, `# ${'x'.repeat(MAX_STRATEGY_BYTES)}\n`);
    const error = await rejectionOf(loadStrategyFile(file));
    expect(error.message).toMatch(/too large/);
  });

  it('turns an unreadable file into an InputError', async () => {
    const error = await rejectionOf(loadStrategyFile(`${FIXTURES}/does-not-exist.yaml`));
    expect(error.message).toMatch(/^Cannot read strategy file .*does-not-exist\.yaml: .*ENOENT/);
    const dirError = await rejectionOf(loadStrategyFile(FIXTURES));
    expect(dirError.message).toMatch(/not a file/);
  });
});
