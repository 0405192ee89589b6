/**
 * For the scanning process tests and the scan benchmark: the sealed test network with N benchmark domains
 * (no ::1, so it runs beside the scenario test), and a federation that owns them — organisation and domain
 * CSV files to import with the real `thorbecke import` commands.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingResolverTools } from '../../src/testnet/resolver.js';
import { startTestnet, type Testnet } from '../../src/testnet/network.js';

/** Why the sealed test network cannot run here, or undefined when it can. */
export function testnetUnavailable(): string | undefined {
  const missing = missingResolverTools();
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  return process.getuid?.() !== 0 ? 'ports 25/53/80/443 need root' : undefined;
}

export interface ScanNetwork {
  net: Testnet;
  /** The scanner's settings for this network (THORBECKE_RESOLVER and friends). */
  scannerEnv: Record<string, string>;
  organisationsCsv: string;
  domainsCsv: string;
  domains: string[];
}

/**
 * Starts the network with `count` benchmark domains and writes the federation files into `dir`: `organisations`
 * municipalities (gm9001 …), the domains dealt round robin, each registered for web and mail.
 */
export async function startScanNetwork(dir: string, options: { base: string; count: number; organisations: number }): Promise<ScanNetwork> {
  const net = await startTestnet({ dir: join(dir, 'net'), base: options.base, bench: options.count, ipv6: false });
  const codes = Array.from({ length: options.organisations }, (_, i) => `gm${String(9001 + i)}`);
  const organisationsCsv = join(dir, 'organisations.csv');
  writeFileSync(organisationsCsv, ['type,tooi_code,name', ...codes.map((c, i) => `gemeente,${c},Testgemeente ${String(i + 1)}`)].join('\n') + '\n');
  const domains = net.benchDomains;
  const domainsCsv = join(dir, 'domains.csv');
  writeFileSync(domainsCsv, ['organisation,domain,kind', ...domains.flatMap((d, i) => [`${codes[i % codes.length] ?? ''},${d},web`, `${codes[i % codes.length] ?? ''},${d},mail`])].join('\n') + '\n');
  return {
    net,
    scannerEnv: {
      THORBECKE_RESOLVER: net.resolver,
      THORBECKE_CA_FILE: net.caFile,
      THORBECKE_ALLOW_TARGETS: net.allowTargets,
      THORBECKE_RPKI_ROAS: net.rpkiRoas,
      THORBECKE_RPKI_ORIGINS: net.rpkiOrigins,
    },
    organisationsCsv,
    domainsCsv,
    domains,
  };
}
