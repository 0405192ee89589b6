import { describe, expect, it } from 'vitest';
import { canonicalJson, changedFields, diffStrategies, strategyContentHash, strategyHeader } from '../../src/strategy/diff.js';
import type { Strategy } from '../../src/strategy/schema.js';
import { sampleStrategy } from '../support/sample-strategy.js';

/** A deep copy whose keys come in reverse order at every level (what jsonb may hand back). */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
  }
  return value;
}

function edited(edit: (s: Strategy) => void): Strategy {
  const copy = structuredClone(sampleStrategy());
  edit(copy);
  return copy;
}

describe('canonicalJson and strategyContentHash', () => {
  it('do not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 2 }], c: 3 } })).toBe('{"a":{"c":3,"d":[2,{"e":2,"f":1}]},"b":1}');
    const strategy = sampleStrategy();
    expect(strategyContentHash(reversedKeys(strategy) as Strategy)).toBe(strategyContentHash(strategy));
  });

  it('change with any content, including array order', () => {
    const base = strategyContentHash(sampleStrategy());
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(strategyContentHash(edited((s) => (s.version = '2026-02')))).not.toBe(base);
    expect(strategyContentHash(edited((s) => s.targets.reverse()))).not.toBe(base);
  });

  it('treat undefined like JSON does', () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });
});

describe('changedFields', () => {
  it('lists the top-level keys whose JSON differs, sorted', () => {
    expect(changedFields({ a: 1, b: { x: 1, y: 2 }, c: 3 }, { b: { y: 2, x: 1 }, a: 2, d: 4 })).toEqual(['a', 'c', 'd']);
  });
});

describe('diffStrategies', () => {
  it('adds everything when there is no previous version', () => {
    const after = sampleStrategy();
    const diff = diffStrategies(undefined, after);
    expect(diff.map((d) => `${d.kind} ${d.entity} ${d.entityId}`)).toEqual([
      'added strategy test',
      'added priority cloud',
      'added priority resilience',
      'added target web-https-hsts',
      'added target pqc-plan',
      'added target cloud-eu-30',
      'added context eu-key-public-services',
    ]);
    expect(diff.every((d) => d.fields.length === 0 && d.before === null)).toBe(true);
    expect(diff[0]?.after).toEqual(strategyHeader(after));
    expect(diff[0]?.after).not.toHaveProperty('targets');
    expect(diff[3]?.after).toEqual(after.targets[0]);
  });

  it('finds nothing between equal strategies, whatever their key order', () => {
    expect(diffStrategies(sampleStrategy(), reversedKeys(sampleStrategy()) as Strategy)).toEqual([]);
  });

  it('records added, changed and removed entities with the changed fields', () => {
    const before = sampleStrategy();
    const after = edited((s) => {
      s.version = '2026-02';
      const hsts = s.targets[0];
      if (!hsts) throw new Error('fixture');
      hsts.deadline = '2019-06-30';
      hsts.scope.layers.push('waterschap');
      s.targets.splice(1, 1); // pqc-plan removed
      s.targets.push({ ...hsts, id: 'web-security-txt', explainAllowed: true });
      const priority = s.priorities[0];
      if (priority) priority.title.en = 'Cloud first';
      s.context = [];
    });
    const diff = diffStrategies(before, after);
    expect(diff.map((d) => [d.kind, d.entity, d.entityId, d.fields])).toEqual([
      ['changed', 'strategy', 'test', ['version']],
      ['changed', 'priority', 'cloud', ['title']],
      ['changed', 'target', 'web-https-hsts', ['deadline', 'scope']],
      ['added', 'target', 'web-security-txt', []],
      ['removed', 'target', 'pqc-plan', []],
      ['removed', 'context', 'eu-key-public-services', []],
    ]);
    const changed = diff.find((d) => d.entityId === 'web-https-hsts');
    expect(changed?.before).toEqual(before.targets[0]);
    expect(changed?.after).toEqual(after.targets[0]);
    const removed = diff.find((d) => d.entityId === 'pqc-plan');
    expect(removed).toMatchObject({ before: before.targets[1], after: null });
  });

  it('does not modify its inputs', () => {
    const before = sampleStrategy();
    const after = edited((s) => (s.version = 'x'));
    const snapshot = JSON.stringify([before, after]);
    diffStrategies(before, after);
    expect(JSON.stringify([before, after])).toBe(snapshot);
  });
});
