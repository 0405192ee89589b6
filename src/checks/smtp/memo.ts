/**
 * Mail servers measured once per run: many domains share one MX (a hosting platform, a shared service
 * centre), and its STARTTLS and TLS facts do not depend on which domain pointed to it — the SNI is the MX
 * name, part of the key. Entries expire after `ttlMs`; at most `max` are kept (the oldest go first).
 */
import type { MailServerFacts } from './gather.js';

export interface MailServerMemo {
  get(key: string, measure: () => Promise<MailServerFacts>): Promise<MailServerFacts>;
}

export function createMailServerMemo(options: { ttlMs?: number; max?: number } = {}): MailServerMemo {
  const ttlMs = options.ttlMs ?? 3_600_000;
  const max = options.max ?? 10_000;
  const entries = new Map<string, { at: number; facts: Promise<MailServerFacts> }>();
  return {
    get(key, measure) {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit !== undefined && now - hit.at < ttlMs) return hit.facts;
      const facts = measure();
      entries.delete(key);
      entries.set(key, { at: now, facts });
      if (entries.size > max) entries.delete(entries.keys().next().value ?? key);
      return facts;
    },
  };
}
