import { strategySchema, type Strategy } from '../../src/strategy/schema.js';
import type { StrategyReader, StrategyVersionInfo, TargetChange } from '../../src/services/strategy-types.js';

/** A small strategy for tests: two priorities, three targets (one national), one context figure. */
export function sampleStrategy(): Strategy {
  return strategySchema.parse({
    id: 'test',
    version: '2026-01',
    title: { nl: 'Teststrategie', en: 'Test strategy' },
    summary: { nl: 'Samen versnellen.', en: 'Accelerate together.' },
    adopted: '2025-07-04',
    source: { kind: 'strategy', title: 'Kamerstuk 26 643 nr. 1366' },
    priorities: [
      { id: 'cloud', number: 1, title: { nl: 'Cloud', en: 'Cloud' }, summary: { nl: 'Soevereine cloud.', en: 'Sovereign cloud.' } },
      {
        id: 'resilience',
        number: 5,
        title: { nl: 'Digitale weerbaarheid en autonomie', en: 'Digital resilience and autonomy' },
        summary: { nl: 'Weerbaar.', en: 'Resilient.' },
      },
    ],
    targets: [
      {
        id: 'web-https-hsts',
        title: { nl: 'HTTPS en HSTS', en: 'HTTPS and HSTS' },
        description: { nl: 'Alle websites.', en: 'All websites.' },
        priorities: ['resilience'],
        scope: { layers: ['gemeente', 'provincie'], assets: ['web'] },
        deadline: '2018-12-31',
        source: { kind: 'agreement', title: 'Streefbeeldafspraken', url: 'https://www.forumstandaardisatie.nl/' },
        explainAllowed: false,
        indicator: { kind: 'checks', set: 'forum-web', checks: ['web.https.available', 'web.https.hsts'] },
      },
      {
        id: 'pqc-plan',
        title: { nl: 'Migratieplan post-quantum', en: 'Post-quantum migration plan' },
        description: { nl: 'Een plan.', en: 'A plan.' },
        priorities: ['resilience', 'cloud'],
        scope: { layers: ['rijk', 'gemeente'] },
        deadline: '2026-12-31',
        source: { kind: 'eu', title: 'EU PQC roadmap', verified: false },
        explainAllowed: true,
        indicator: {
          kind: 'self-assessment',
          question: { nl: 'Is er een plan?', en: 'Is there a plan?' },
          answer: 'yes-no',
          evidence: 'url',
          validForMonths: 12,
        },
      },
      {
        id: 'cloud-eu-30',
        title: { nl: '30% Europese cloud', en: '30% European cloud' },
        description: { nl: 'Motie.', en: 'Motion.' },
        priorities: ['cloud'],
        scope: { layers: ['rijk'] },
        deadline: '2029-12-31',
        source: { kind: 'motion', title: 'Motie', verified: false },
        explainAllowed: true,
        indicator: { kind: 'national', measure: { nl: 'Aandeel', en: 'Share' }, targetValue: 30, unit: 'percent' },
      },
    ],
    context: [
      {
        id: 'eu-key-public-services',
        title: { nl: 'Essentiële overheidsdiensten online', en: 'Key public services online' },
        target: { nl: '100%', en: '100%' },
        deadline: '2030-12-31',
        source: { kind: 'eu', title: 'Decision (EU) 2022/2481' },
      },
    ],
  });
}

/** A StrategyReader over a fixed strategy, for web tests that do not need the strategy tables. */
/** Pass `null` for a Thorbecke on which no strategy has been applied yet. */
export function fixedStrategyReader(strategy: Strategy | null = sampleStrategy(), history: TargetChange[] = []): StrategyReader {
  const version: StrategyVersionInfo = {
    id: 1,
    strategyId: strategy?.id ?? 'none',
    version: strategy?.version ?? 'none',
    contentHash: 'test',
    sourcePath: null,
    appliedBy: 'test',
    appliedAt: new Date('2026-01-01T00:00:00Z'),
    note: null,
  };
  return {
    current: () => Promise.resolve(strategy ? { strategy, version } : undefined),
    targetHistory: (id) => Promise.resolve(history.filter((h) => (h.after ?? h.before)?.id === id)),
    versions: () => Promise.resolve(strategy ? [version] : []),
  };
}
