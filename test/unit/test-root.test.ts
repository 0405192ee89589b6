import { describe, expect, it } from 'vitest';
import { rootZoneText } from '../../src/testnet/test-root.js';

describe('the signed test root', () => {
  it('delegates every zone, publishes the DS of the zones that have one, and nothing for the others', () => {
    const text = rootZoneText([
      { apex: 'good.scenario.test', ds: 'good.scenario.test. IN DS 12345 13 2 abcdef' },
      { apex: 'plain.scenario.test' },
    ], '127.42.255.53');
    const lines = text.trim().split('\n');
    expect(lines).toContain('good.scenario.test. IN NS a.root-servers.test.');
    expect(lines).toContain('good.scenario.test. IN DS 12345 13 2 abcdef');
    expect(lines).toContain('plain.scenario.test. IN NS a.root-servers.test.');
    expect(lines.filter((line) => line.startsWith('plain.scenario.test.') && line.includes(' DS '))).toEqual([]);
    expect(lines).toContain('a.root-servers.test. IN A 127.42.255.53');
    expect(lines[0]).toBe('$ORIGIN .');
  });

  it('refuses a zone name that is not a domain name', () => {
    expect(() => rootZoneText([{ apex: 'bad name.test' }], '127.0.0.1')).toThrow(/not a domain name/);
  });
});
