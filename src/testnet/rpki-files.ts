/**
 * The RPKI data of the sealed test network, in the formats `thorbecke check --rpki-roas/--rpki-origins`
 * reads from real sources: validated ROA payloads as rpki-client writes them (JSON), and the prefix-to-origin
 * table in CAIDA's RouteViews pfx2as format. Valid routes are announced by AS64500 and authorised for it,
 * invalid ones are announced by AS64501 under a ROA for AS64500, unknown ones by AS64502 without any ROA.
 */
import { IPV6_HOST, ROUTE_BLOCKS, type RouteState } from './address-plan.js';

const ORIGIN: Record<RouteState, number> = { valid: 64500, invalid: 64501, 'not-found': 64502 };
const AUTHORISED = 64500;
const TA = 'thorbecke-testnet';

export interface RpkiFiles {
  roasJson: string;
  pfx2as: string;
}

export function rpkiFiles(base: string): RpkiFiles {
  const routes = ROUTE_BLOCKS.map(({ octet, state }) => ({ prefix: `${base}.${octet}.0`, length: 24, state }));
  const roas = [
    ...routes.filter((r) => r.state !== 'not-found').map((r) => ({ asn: AUTHORISED, prefix: `${r.prefix}/${r.length}`, maxLength: r.length, ta: TA })),
    { asn: AUTHORISED, prefix: `${IPV6_HOST}/128`, maxLength: 128, ta: TA },
  ];
  const lines = [
    '# prefix\tlength\torigin AS (CAIDA RouteViews pfx2as format)',
    ...routes.map((r) => `${r.prefix}\t${r.length}\t${ORIGIN[r.state]}`),
    `${IPV6_HOST}\t128\t${AUTHORISED}`,
  ];
  return {
    roasJson: `${JSON.stringify({ metadata: { generated: Math.floor(Date.now() / 1000), source: 'thorbecke testnet' }, roas }, null, 2)}\n`,
    pfx2as: `${lines.join('\n')}\n`,
  };
}
