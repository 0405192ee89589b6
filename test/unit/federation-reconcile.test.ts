import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.js';
import type { Organisation } from '../../src/domain/organisation.js';
import { reconcile } from '../../src/federation/reconcile.js';

const AS_OF = '2026-11-29';

function org(code: string, fields: Partial<Organisation> = {}): Organisation {
  return {
    code,
    name: `Organisation ${code}`,
    shortName: null,
    layer: code.startsWith('pv') ? 'provincie' : 'gemeente',
    oin: null,
    provinceCode: null,
    parentCode: null,
    website: null,
    validFrom: null,
    validTo: null,
    successorCode: null,
    ...fields,
  };
}

const full = { full: true, asOf: AS_OF };
const partial = { full: false, asOf: AS_OF };
const summary = (r: ReturnType<typeof reconcile>): Record<string, unknown> => ({
  added: r.added.map((d) => d.after.code),
  changed: r.changed.map((d) => [d.after.code, d.fields]),
  ended: r.ended.map((d) => [d.after.code, d.after.validTo]),
  reinstated: r.reinstated.map((d) => d.after.code),
  unchanged: r.unchanged,
});

describe('reconcile', () => {
  it('adds what is new and leaves what is equal alone', () => {
    const result = reconcile([org('gm0363')], [org('gm0363'), org('gm0344', { website: 'utrecht.nl' })], full);
    expect(summary(result)).toEqual({ added: ['gm0344'], changed: [], ended: [], reinstated: [], unchanged: 1 });
    expect(result.added[0]).toMatchObject({ kind: 'added', before: null, fields: ['name', 'layer', 'website'] });
  });

  it('reports changed fields with before and after', () => {
    const before = org('gm0363', { website: 'amsterdam.nl' });
    const result = reconcile([before], [org('gm0363', { name: 'Gemeente Amsterdam', website: 'www.amsterdam.nl' })], full);
    expect(summary(result)).toMatchObject({ changed: [['gm0363', ['name', 'website']]], unchanged: 0 });
    expect(result.changed[0]?.before).toEqual(before);
    expect(result.changed[0]?.after.website).toBe('www.amsterdam.nl');
  });

  it('ends what a full import no longer lists, but never what a partial import leaves out', () => {
    const stored = [org('gm0363'), org('gm0457'), org('gm0001', { validTo: '2019-01-01' })];
    expect(summary(reconcile(stored, [org('gm0363')], full))).toEqual({
      added: [],
      changed: [],
      ended: [['gm0457', AS_OF]],
      reinstated: [],
      unchanged: 1,
    });
    expect(summary(reconcile(stored, [org('gm0363')], partial))).toEqual({ added: [], changed: [], ended: [], reinstated: [], unchanged: 1 });
  });

  it('reinstates an ended organisation that is listed again without an end date', () => {
    const result = reconcile([org('gm0457', { validTo: '2026-01-01' })], [org('gm0457')], partial);
    expect(summary(result)).toEqual({ added: [], changed: [], ended: [], reinstated: ['gm0457'], unchanged: 0 });
    expect(result.reinstated[0]?.fields).toEqual(['validTo']);
  });

  it('records a merger as the end of the old organisation, with its successor', () => {
    const stored = [org('gm0363'), org('gm0457')];
    const merged = org('gm0457', { validTo: '2022-03-24', successorCode: 'gm0363' });
    const result = reconcile(stored, [org('gm0363'), merged], full);
    expect(result.ended).toEqual([{ kind: 'ended', before: org('gm0457'), after: merged, fields: ['validTo', 'successorCode'] }]);
    // A successor that is itself new in the same import is fine.
    expect(reconcile([], [merged, org('gm0363')], full).added).toHaveLength(2);
  });

  it('keeps the stored value of a field the file does not provide', () => {
    const stored = [org('gm0363', { provinceCode: 'pv27', website: 'amsterdam.nl' })];
    const result = reconcile(stored, [org('gm0363', { website: 'www.amsterdam.nl' })], { ...full, provides: ['name', 'layer', 'website', 'validTo'] });
    expect(result.changed[0]?.after).toMatchObject({ provinceCode: 'pv27', website: 'www.amsterdam.nl' });
    expect(result.changed[0]?.fields).toEqual(['website']);
    const added = reconcile([], [org('gm0344', { provinceCode: 'pv26' })], { ...full, provides: ['name', 'layer'] });
    expect(added.added[0]?.after.provinceCode).toBeNull();
  });

  it('refuses duplicate codes and references to unknown organisations', () => {
    expect(() => reconcile([], [org('gm0363'), org('gm0363')], full)).toThrow(/more than once/);
    const unknown = (): unknown => reconcile([org('gm0363')], [org('gm0457', { validTo: '2022-03-24', successorCode: 'gm9999' })], partial);
    expect(unknown).toThrow(InputError);
    try {
      unknown();
    } catch (error) {
      expect((error as InputError).issues).toEqual([{ location: 'gm0457', message: 'its successor gm9999 is neither in the file nor known' }]);
    }
    expect(() => reconcile([], [org('oorg10103', { parentCode: 'mnre1034' })], full)).toThrow(/refers to 1 organisation it does not list/);
    // A stored parent is fine.
    expect(reconcile([org('mnre1034')], [org('oorg10103', { parentCode: 'mnre1034' })], partial).added).toHaveLength(1);
  });
});
