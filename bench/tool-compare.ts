/**
 * Reads what sslscan and nmap's ssl-enum-ciphers report for a server and compares it with Thorbecke's own
 * TLS facts and verdicts: the protocol versions accepted, and (for nmap, which names suites as IANA does)
 * the verdict on the suites under the NCSC table. Used by bench/check.ts to print where verdicts differ.
 */
import { CIPHER_FALLBACK, CIPHER_RULES, classify, STATUS_OF, worst, type Category } from '../src/checks/tls/criteria.js';
import type { TlsFacts } from '../src/checks/tls/facts.js';

const VERSION_NAMES: Record<string, string> = {
  SSLv2: 'SSL 2.0', SSLv3: 'SSL 3.0', 'TLSv1.0': 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3',
};

/** sslscan's "SSL/TLS Protocols" block: `TLSv1.0   enabled`. */
export function sslscanVersions(output: string): string[] {
  return [...output.matchAll(/^(SSLv2|SSLv3|TLSv1\.[0-3])\s+enabled/gm)].map((m) => VERSION_NAMES[m[1] ?? ''] ?? '');
}

/** nmap ssl-enum-ciphers: the version sections and the IANA suite names listed under each. */
export function nmapReport(output: string): { versions: string[]; suites: string[] } {
  const versions = [...output.matchAll(/^\|\s+(SSLv3|TLSv1\.[0-3]):\s*$/gm)].map((m) => VERSION_NAMES[m[1] ?? ''] ?? '');
  // nmap writes TLS 1.3 suites as TLS_AKE_WITH_...; IANA names them TLS_...
  const suites = [...output.matchAll(/^\|\s+(TLS_\w+)\s/gm)].map((m) => (m[1] ?? '').replace(/^TLS_AKE_WITH_/, 'TLS_'));
  return { versions, suites };
}

const accepted = (facts: TlsFacts): string[] => facts.versions.filter((v) => v.accepted === true).map((v) => v.version);

/** The status Thorbecke's criteria give a list of accepted suites (the worst one counts). */
export function suitesStatus(suites: readonly string[]): string {
  if (suites.length === 0) return 'not measured';
  const categories: Category[] = suites.map((s) => classify(CIPHER_RULES, s, CIPHER_FALLBACK).category);
  return STATUS_OF[worst(categories)];
}

/** Differences, in words; empty when the tool and Thorbecke agree. */
export function differences(tool: string, toolVersions: readonly string[], ours: TlsFacts, oursCiphers?: string, toolSuites?: readonly string[]): string[] {
  const found: string[] = [];
  const mine = new Set(accepted(ours));
  const theirs = new Set(toolVersions);
  const only = (a: Set<string>, b: Set<string>) => [...a].filter((v) => !b.has(v));
  const toolOnly = only(theirs, mine);
  const oursOnly = only(mine, theirs);
  if (toolOnly.length > 0) found.push(`${tool} sees ${toolOnly.join(', ')} accepted, Thorbecke does not`);
  if (oursOnly.length > 0) found.push(`Thorbecke sees ${oursOnly.join(', ')} accepted, ${tool} does not`);
  if (oursCiphers !== undefined && toolSuites !== undefined && toolSuites.length > 0) {
    const theirStatus = suitesStatus(toolSuites);
    if (theirStatus !== oursCiphers) found.push(`suites: ${theirStatus} by the NCSC table over ${tool}'s list, ${oursCiphers} by Thorbecke`);
  }
  return found;
}
