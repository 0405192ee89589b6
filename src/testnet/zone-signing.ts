/**
 * Zones of the sealed test network as master files, signed with real DNSSEC signatures by the ldns tools
 * (Debian `ldnsutils`: `ldns-keygen`, `ldns-signzone`), for the validating resolver in resolver.ts.
 * The master-file text itself comes from master-file.ts. Zone text is handed to the tools in files, never
 * through a shell; keys and files stay under `dir`.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { checkedApex, zoneFileText } from './master-file.js';

/** How a zone is published under the signed test root (test-root.ts): unsigned (an insecure delegation); signed
 *  with its DS in the root (validates: AD); signed but with expired signatures (bogus: SERVFAIL, answers with CD);
 *  signed with no DS in the root (RRSIGs, no AD); signed with a DS in the root that matches none of its keys (bogus). */
export type ZoneSigning = 'unsigned' | 'signed' | 'bogus-expired' | 'signed-untrusted' | 'wrong-ds';

export interface ZoneSource {
  /** e.g. 'good.scenario.test' (no trailing dot). */
  apex: string;
  /** Master-file body (RFC 1035 presentation format), names relative to the apex or absolute with a dot, `@` for the apex.
   *  `$ORIGIN` and `$TTL` are added; so are an SOA and an NS (`ns.<apex>.`) when the text has none. `$INCLUDE` is refused. */
  text: string;
  signing: ZoneSigning;
}

export interface PreparedZone {
  apex: string;
  /** Absolute path of the (signed) master file. */
  file: string;
  signing: ZoneSigning;
  /** The DS record the parent publishes: for 'signed' and 'bogus-expired' the key's own, for 'wrong-ds' one whose
   *  digest matches no key; never for 'unsigned' or 'signed-untrusted'. */
  ds?: string;
}

const TOOL_TIMEOUT_MS = 120_000;
const ALGORITHM = 'ECDSAP256SHA256';
/** Where Debian puts unbound (often not on a normal user's PATH). */
const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** The absolute path of an executable on PATH or in the sbin folders, or undefined. */
export function findTool(name: string): string | undefined {
  const folders = [...(process.env.PATH ?? '').split(delimiter).filter((folder) => folder !== ''), ...SBIN];
  for (const folder of folders) {
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

interface ToolFailure extends Error {
  code?: string | number | null;
  killed?: boolean;
}

/** Runs one ldns tool with arguments (no shell); its stdout, or an error naming the zone and quoting stderr. */
export function runLdns(tool: string, args: readonly string[], cwd: string, apex: string, signal?: AbortSignal): Promise<string> {
  const path = findTool(tool);
  if (path === undefined) return Promise.reject(new Error(`zone ${apex}: ${tool} is not installed (Debian package ldnsutils)`));
  return new Promise((resolvePromise, reject) => {
    execFile(path, args, { cwd, timeout: TOOL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8', ...(signal === undefined ? {} : { signal }) }, (error, stdout, stderr) => {
      if (error) {
        const failure = error as ToolFailure;
        const how = signal?.aborted === true ? 'was stopped: the start was aborted' : failure.killed === true ? `was stopped after ${TOOL_TIMEOUT_MS} ms` : `failed (exit code ${String(failure.code ?? 'unknown')})`;
        reject(new Error(`zone ${apex}: ${tool} ${how}: ${stderr.trim() || error.message}`));
        return;
      }
      resolvePromise(stdout);
    });
  });
}

/** The same DS record with a digest that matches no key (every hex digit moved on by one). */
function wrongDigest(ds: string): string {
  return ds.replace(/[0-9a-f]+$/i, (digest) => digest.replace(/[0-9a-f]/gi, (c) => ((parseInt(c, 16) + 1) % 16).toString(16)));
}

/** Seconds since the epoch, as ldns-signzone takes dates. */
const epoch = (date: Date): string => String(Math.floor(date.getTime() / 1000));

async function prepareZone(dir: string, zone: ZoneSource, apex: string, signal: AbortSignal | undefined): Promise<PreparedZone> {
  const zonesDir = join(dir, 'zones');
  const file = join(zonesDir, `${apex}.zone`);
  await writeFile(file, zoneFileText(apex, zone.text));
  if (zone.signing === 'unsigned') return { apex, file, signing: zone.signing };

  // Separate folders: a KSK and ZSK with the same key tag would otherwise overwrite each other's files.
  const kskDir = join(dir, 'keys', apex, 'ksk');
  const zskDir = join(dir, 'keys', apex, 'zsk');
  await Promise.all([mkdir(kskDir, { recursive: true }), mkdir(zskDir, { recursive: true })]);
  const ksk = (await runLdns('ldns-keygen', ['-a', ALGORITHM, '-k', apex], kskDir, apex, signal)).trim();
  const zsk = (await runLdns('ldns-keygen', ['-a', ALGORITHM, apex], zskDir, apex, signal)).trim();
  if (!/^K[\w.-]+\+\d+\+\d+$/.test(ksk) || !/^K[\w.-]+\+\d+\+\d+$/.test(zsk)) {
    throw new Error(`zone ${apex}: ldns-keygen printed unexpected key names: "${ksk}", "${zsk}"`);
  }
  const now = Date.now();
  // Inception an hour back tolerates clock steps; expired: a validity period long gone.
  const [inception, expiration] =
    zone.signing === 'bogus-expired' ? ['20200101000000', '20200201000000'] : [epoch(new Date(now - 3_600_000)), epoch(new Date(now + 30 * 86_400_000))];
  const signed = `${file}.signed`;
  // NSEC3 with no extra iterations and (ldns default) no salt, as RFC 9276 advises.
  await runLdns('ldns-signzone', ['-n', '-t', '0', '-i', inception, '-e', expiration, '-o', `${apex}.`, '-f', signed, file, join(kskDir, ksk), join(zskDir, zsk)], zonesDir, apex, signal);
  const prepared: PreparedZone = { apex, file: signed, signing: zone.signing };
  if (zone.signing !== 'signed-untrusted') {
    const ds = (await readFile(join(kskDir, `${ksk}.ds`), 'utf8')).trim().split(/\s+/).join(' ');
    if (!/ DS \d+ \d+ \d+ [0-9a-f]+$/i.test(ds)) throw new Error(`zone ${apex}: unexpected DS record from ldns-keygen: "${ds}"`);
    prepared.ds = zone.signing === 'wrong-ds' ? wrongDigest(ds) : ds;
  }
  return prepared;
}

/**
 * Writes (and signs) every zone into `dir` (zones in `dir/zones`, keys in `dir/keys/<apex>`), running the ldns
 * tools for at most `os.availableParallelism()` zones at once. Fails naming the zone and quoting ldns's stderr.
 * `signal` stops the running tools and starts no more.
 *
 * @example
 * const zones = await prepareZones(dir, [{ apex: 'good.test', text: 'www 300 IN A 127.0.0.10', signing: 'signed' }]);
 * const resolver = await startResolver({ dir, zones });
 */
export async function prepareZones(dir: string, zones: readonly ZoneSource[], signal?: AbortSignal): Promise<PreparedZone[]> {
  const root = resolve(dir);
  const apexes = zones.map((zone) => checkedApex(zone.apex));
  const seen = new Set<string>();
  for (const apex of apexes) {
    if (seen.has(apex)) throw new Error(`zone ${apex} is given twice`);
    seen.add(apex);
  }
  await mkdir(join(root, 'zones'), { recursive: true });
  const results: PreparedZone[] = new Array<PreparedZone>(zones.length);
  let next = 0;
  let failure: Error | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && signal?.aborted !== true && next < zones.length) {
      const index = next++;
      const zone = zones[index];
      const apex = apexes[index];
      if (zone === undefined || apex === undefined) continue;
      try {
        results[index] = await prepareZone(root, zone, apex, signal);
      } catch (error) {
        failure ??= error instanceof Error ? error : new Error(`zone ${apex}: ${JSON.stringify(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(availableParallelism(), zones.length)) }, worker));
  signal?.throwIfAborted();
  if (failure !== undefined) throw failure;
  return results;
}
