/**
 * The test network's own root zone, signed: it delegates every test zone (and every stub zone) and carries
 * the DS records the zones' parents would publish, so that the resolver trusts one key — the test root's —
 * and validates down the chain as on the Internet: a DS that matches proves a zone secure, a missing DS
 * makes it insecure, a wrong DS makes it bogus. Signed with NSEC (an NSEC3 root mishandles the empty
 * non-terminals such as `test.` that these delegations create), so that names outside every test zone are
 * a validated NXDOMAIN. Nothing here reaches the Internet.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { checkedApex } from './master-file.js';
import { runLdns } from './zone-signing.js';
import type { PreparedZone } from './zone-signing.js';

export interface TestRoot {
  /** The signed root master file. */
  file: string;
  /** The root's DS record: the resolver's one trust anchor. */
  ds: string;
}

const ALGORITHM = 'ECDSAP256SHA256';
/** Every delegation points at this name; the resolver serves the zones itself, so it is never asked. */
const SERVER = 'a.root-servers.test.';

/** The root's master-file text: SOA, NS, and per child a delegation plus, where the child has one, its DS. */
export function rootZoneText(children: readonly Pick<PreparedZone, 'apex' | 'ds'>[], serverAddress: string): string {
  const lines = [
    '$ORIGIN .',
    '$TTL 300',
    `. IN SOA ${SERVER} hostmaster.root-servers.test. 1 3600 600 86400 300`,
    `. IN NS ${SERVER}`,
    `${SERVER} IN A ${serverAddress}`,
  ];
  for (const child of children) {
    const apex = `${checkedApex(child.apex)}.`;
    lines.push(`${apex} IN NS ${SERVER}`);
    if (child.ds !== undefined) lines.push(child.ds.replace(/^\S+/, apex));
  }
  return `${lines.join('\n')}\n`;
}

/** Writes and signs the root into `dir/root`, delegating `children` and `stubs` (insecurely: no DS). */
export async function prepareRoot(dir: string, children: readonly PreparedZone[], stubs: readonly string[], serverAddress: string, signal?: AbortSignal): Promise<TestRoot> {
  const rootDir = join(resolve(dir), 'root');
  await mkdir(rootDir, { recursive: true });
  const file = join(rootDir, 'root.zone');
  await writeFile(file, rootZoneText([...children, ...stubs.map((apex) => ({ apex }))], serverAddress));
  const ksk = (await runLdns('ldns-keygen', ['-a', ALGORITHM, '-k', '.'], rootDir, '.', signal)).trim();
  const zsk = (await runLdns('ldns-keygen', ['-a', ALGORITHM, '.'], rootDir, '.', signal)).trim();
  if (ksk === zsk) throw new Error('zone .: ldns-keygen made two keys with the same name');
  const now = Date.now();
  const epoch = (ms: number) => String(Math.floor(ms / 1000));
  await runLdns('ldns-signzone', ['-i', epoch(now - 3_600_000), '-e', epoch(now + 30 * 86_400_000), '-o', '.', '-f', `${file}.signed`, file, ksk, zsk], rootDir, '.', signal);
  const ds = (await readFile(join(rootDir, `${ksk}.ds`), 'utf8')).trim().split(/\s+/).join(' ');
  if (!/^\. IN DS \d+ \d+ \d+ [0-9a-f]+$/i.test(ds)) throw new Error(`zone .: unexpected DS record from ldns-keygen: "${ds}"`);
  return { file: `${file}.signed`, ds };
}
