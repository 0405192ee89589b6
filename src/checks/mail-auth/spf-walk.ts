/**
 * Follows an SPF record's includes and redirects with the injected TXT lookup to count the terms that cause
 * DNS lookups (RFC 7208 section 4.6.4: at most 10). Capped: it stops fetching once the count passes the
 * limit, never goes deeper than the maximum depth, and does not follow a name already on its own path.
 */
import { MAIL_AUTH_CRITERIA } from './criteria.js';
import type { SpfLookupFacts, TxtAnswer } from './facts.js';
import { hasMacro, parseSpf, selectSpfRecords, SPF_LOOKUP_MECHANISMS } from './spf.js';

export type TxtLookup = (name: string) => Promise<TxtAnswer>;

const lower = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/** Counts lookups across the SPF tree rooted at `record` (the SPF record of `domain`). */
export async function walkSpf(domain: string, record: string, lookupTxt: TxtLookup): Promise<SpfLookupFacts> {
  const facts: SpfLookupFacts = { count: 0, exceeded: false, loops: [], macros: [], unresolved: [], redirects: [] };
  const limit = MAIL_AUTH_CRITERIA.spfLookupLimit;

  /** Counts one lookup; false once the limit is passed (then nothing more is fetched). */
  const spend = (): boolean => {
    facts.count++;
    if (facts.count > limit) facts.exceeded = true;
    return !facts.exceeded;
  };

  async function follow(target: string, via: 'include' | 'redirect', path: string[], topChain: boolean): Promise<void> {
    const name = lower(target);
    if (hasMacro(target)) {
      facts.macros.push(target);
      return;
    }
    if (path.includes(name)) {
      facts.loops.push(name);
      return;
    }
    if (path.length > MAIL_AUTH_CRITERIA.spfMaxDepth) {
      facts.exceeded = true;
      return;
    }
    const answer = await lookupTxt(name);
    const records = selectSpfRecords(answer.texts);
    const [only] = records;
    if (topChain && via === 'redirect') facts.redirects.push({ name, ...(records.length === 1 && only !== undefined ? { record: only } : {}) });
    if (records.length !== 1 || only === undefined) {
      facts.unresolved.push({ name, via, outcome: answer.outcome, detail: answer.detail, records: records.length });
      return;
    }
    await walk(only, [...path, name], topChain && via === 'redirect');
  }

  async function walk(text: string, path: string[], topChain: boolean): Promise<void> {
    const parsed = parseSpf(text);
    for (const mechanism of parsed.mechanisms) {
      if (!SPF_LOOKUP_MECHANISMS.includes(mechanism.name)) continue;
      if (!spend()) return;
      if (mechanism.name === 'include' && mechanism.value !== undefined) await follow(mechanism.value, 'include', path, false);
      if (facts.exceeded) return;
    }
    // redirect= only applies when the record has no `all` (RFC 7208 section 6.1).
    if (parsed.redirect !== undefined && parsed.all === undefined) {
      if (!spend()) return;
      await follow(parsed.redirect, 'redirect', path, topChain);
    }
  }

  await walk(record, [lower(domain)], true);
  return facts;
}
