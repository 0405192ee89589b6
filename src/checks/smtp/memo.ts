/**
 * Mail servers measured once per run: many domains share one MX (a hosting platform, a shared service
 * centre), and its STARTTLS and TLS facts do not depend on which domain pointed to it — the SNI is the MX
 * name, part of the key. Entries expire after `ttlMs`; at most `max` are kept (the oldest go first). A
 * measurement that could not be completed (timeout, reset, refused connection) is not kept: one network
 * hiccup must not become an error for every domain that uses the server.
 */
import type { MailServerFacts } from './gather.js';

export interface MailServerMemo {
  get(key: string, measure: () => Promise<MailServerFacts>): Promise<MailServerFacts>;
}

/** Failure kinds that say nothing lasting about the server. */
const TRANSIENT = new Set(['timeout', 'reset', 'refused', 'closed', 'other']);

export function isTransient(facts: MailServerFacts): boolean {
  return (facts.error !== undefined && TRANSIENT.has(facts.error.kind)) || (facts.tls?.error !== undefined && TRANSIENT.has(facts.tls.error.kind));
}

export function createMailServerMemo(options: { ttlMs?: number; max?: number } = {}): MailServerMemo {
  const ttlMs = options.ttlMs ?? 3_600_000;
  const max = options.max ?? 10_000;
  const entries = new Map<string, { at: number; facts: Promise<MailServerFacts> }>();
  const forget = (key: string, entry: { facts: Promise<MailServerFacts> }) => {
    if (entries.get(key) === entry) entries.delete(key);
  };
  return {
    get(key, measure) {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit !== undefined && now - hit.at < ttlMs) return hit.facts;
      const entry = { at: now, facts: measure() };
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > max) entries.delete(entries.keys().next().value ?? key);
      entry.facts.then((facts) => { if (isTransient(facts)) forget(key, entry); }, () => { forget(key, entry); });
      return entry.facts;
    },
  };
}
