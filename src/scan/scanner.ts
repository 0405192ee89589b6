/**
 * The scanner of a long-running process (server or worker): the settings of `thorbecke check`, read from the
 * configuration once, and the measurements shared between jobs (mail servers, RPKI data).
 */
import { readFileSync, statSync } from 'node:fs';
import { createDnsClient, parseResolver, type DnsClient } from '../checks/dns/client.js';
import { loadRpkiData, type RpkiData } from '../checks/rpki/data.js';
import { createMailServerMemo } from '../checks/smtp/memo.js';
import type { Config } from '../config/schema.js';
import { appVersion } from '../config/version.js';
import type { CheckFamily } from '../domain/check.js';
import { ConfigError } from '../config/load.js';
import { createAddressPolicy, parseCidrList } from './address-policy.js';
import { checkDomain, type CheckDomainOptions, type DomainReport } from './check-domain.js';

export interface Scanner {
  /** The scanner's own DNS client (for the per-IP limit's address lookups). */
  dns: DnsClient;
  /** `dns`: the job's own cached client (what it already asked is not asked again); default `dns` above. */
  check(domain: string, what: { web: boolean; mail: boolean; families?: readonly CheckFamily[]; dns?: DnsClient }): Promise<DomainReport>;
}

/** Why this configuration cannot scan, or undefined when it can. */
export function scanningUnavailable(config: Pick<Config, 'THORBECKE_RESOLVER'>): string | undefined {
  return config.THORBECKE_RESOLVER === undefined
    ? 'no validating resolver is configured (THORBECKE_RESOLVER): nothing is scanned until one is set'
    : undefined;
}

const RPKI_RECHECK_MS = 60_000;

/** RPKI data that is read again when either file changes (checked at most once a minute). */
function rpkiSource(roas: string | undefined, origins: string | undefined): () => RpkiData | undefined {
  if (roas === undefined && origins === undefined) return () => undefined;
  if (roas === undefined || origins === undefined) {
    throw new ConfigError('THORBECKE_RPKI_ROAS and THORBECKE_RPKI_ORIGINS go together: RPKI needs both the validated ROAs and the origin table');
  }
  const stamp = (): string => `${String(statSync(roas).mtimeMs)}/${String(statSync(origins).mtimeMs)}`;
  let loaded = { stamp: stamp(), data: loadRpkiData(roas, origins), checkedAt: Date.now() };
  return () => {
    if (Date.now() - loaded.checkedAt < RPKI_RECHECK_MS) return loaded.data;
    loaded.checkedAt = Date.now();
    try {
      const now = stamp();
      if (now !== loaded.stamp) loaded = { stamp: now, data: loadRpkiData(roas, origins), checkedAt: loaded.checkedAt };
    } catch {
      // A file being replaced: keep the data read last time and try again next minute.
    }
    return loaded.data;
  };
}

/** Builds the scanner from the configuration; throws ConfigError naming the setting that is wrong. */
export function createScanner(config: Config): Scanner {
  const unavailable = scanningUnavailable(config);
  if (unavailable !== undefined || config.THORBECKE_RESOLVER === undefined) throw new ConfigError(unavailable ?? 'no resolver');
  const setting = <T>(name: string, read: () => T): T => {
    try {
      return read();
    } catch (error) {
      throw new ConfigError(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const resolver = config.THORBECKE_RESOLVER;
  const server = setting('THORBECKE_RESOLVER', () => parseResolver(resolver));
  const allow = setting('THORBECKE_ALLOW_TARGETS', () => (config.THORBECKE_ALLOW_TARGETS === undefined ? [] : parseCidrList(config.THORBECKE_ALLOW_TARGETS)));
  const caFile = config.THORBECKE_CA_FILE;
  const caPems = setting('THORBECKE_CA_FILE', () => (caFile === undefined ? [] : [readFileSync(caFile, 'utf8')]));
  const rpki = setting('THORBECKE_RPKI_ROAS', () => rpkiSource(config.THORBECKE_RPKI_ROAS, config.THORBECKE_RPKI_ORIGINS));
  const timeoutMs = Math.round(config.THORBECKE_SCAN_TIMEOUT * 1000);
  const dns = createDnsClient({ server, timeoutMs: Math.min(timeoutMs, 2000) });
  const base: Omit<CheckDomainOptions, 'web' | 'mail'> = {
    dns,
    policy: createAddressPolicy({ allow }),
    caPems,
    timeoutMs,
    userAgent: `Thorbecke/${appVersion()} (+${config.THORBECKE_PUBLIC_URL}; ${config.THORBECKE_CONTACT_EMAIL})`,
    scannerVersion: appVersion(),
    // A shared MX is measured once an hour, not once per domain.
    mailServers: createMailServerMemo({ ttlMs: 3_600_000 }),
  };
  return {
    dns,
    check: (domain, what) => {
      const data = rpki();
      return checkDomain(domain, {
        ...base,
        dns: what.dns ?? base.dns,
        web: what.web,
        mail: what.mail,
        ...(data === undefined ? {} : { rpki: data }),
        ...(what.families === undefined ? {} : { families: new Set(what.families) }),
      });
    },
  };
}
