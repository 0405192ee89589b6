import { tooiUri } from '../src/domain/tooi.js';

/** A synthetic organisation for the benchmark: deterministic, with valid codes, OINs and domains. */
export interface SyntheticOrganisation {
  code: string;
  type: string;
  name: string;
  oin: string;
  website: string;
  province: string | null;
  parent: string | null;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const PROVINCES = Array.from({ length: 12 }, (_, i) => `pv${20 + i}`);
const MINISTRIES = Array.from({ length: 12 }, (_, i) => `mnre${1000 + i}`);

/** `count` organisations: 12 provinces, 12 ministries, 3,000 municipalities, 1,000 water boards, other bodies. */
export function* synthesise(count: number): Generator<SyntheticOrganisation> {
  for (let i = 0; i < count; i += 1) {
    const oin = `00000001${pad(i, 12)}`;
    const province = PROVINCES[i % 12] ?? null;
    if (i < 12) yield { code: PROVINCES[i] ?? '', type: 'provincie', name: `Provincie ${i}`, oin, website: `provincie${i}.nl`, province: null, parent: null };
    else if (i < 24) yield { code: MINISTRIES[i - 12] ?? '', type: 'rijk', name: `Ministerie ${i}`, oin, website: `ministerie${i}.nl`, province: null, parent: null };
    else if (i < 3024) yield { code: `gm${pad(i - 23, 4)}`, type: 'gemeente', name: `Gemeente ${i}`, oin, website: `gemeente${i}.nl`, province, parent: null };
    else if (i < 4024) yield { code: `ws${pad(i - 3023, 4)}`, type: 'waterschap', name: `Waterschap ${i}`, oin, website: `waterschap${i}.nl`, province: null, parent: null };
    else yield { code: `oorg${10000 + i}`, type: 'oorg', name: `Organisatie ${i}`, oin, website: `organisatie${i}.nl`, province: null, parent: MINISTRIES[i % 12] ?? null };
  }
}

export const CSV_HEADER = 'type,cbs_code,tooi_code,oin,name,cbs_name,province_code,province_name,website_domain,parent_code\n';

export function csvRow(o: SyntheticOrganisation): string {
  const cbs = o.type === 'gemeente' ? o.code.toUpperCase() : '';
  return `${o.type},${cbs},${o.code},${o.oin},${o.name},${o.name.replace(/^\w+ /, '')},${o.province ?? ''},${o.province ?? ''},${o.website},${o.parent ?? ''}\n`;
}

const NS = 'https://organisaties.overheid.nl/static/schema/oo/export/2.6.9';
export const XML_HEAD = `<?xml version="1.0" encoding="UTF-8"?>\n<p:overheidsorganisaties xmlns:p="${NS}">\n<p:organisaties>\n`;
export const XML_TAIL = '</p:organisaties>\n</p:overheidsorganisaties>\n';

/** Filler in the shape of the register's staff lists: `staff` elements of about 120 bytes each. */
function filler(staff: number): string {
  let out = '<p:medewerkers>';
  for (let j = 0; j < staff; j += 1) {
    out += `<p:medewerker><p:naam>Medewerker ${j}</p:naam><p:functie>Beleidsmedewerker &amp; adviseur</p:functie></p:medewerker>`;
  }
  return `${out}</p:medewerkers>`;
}

/** One `organisatie` element as the register export writes it, with `staff` filler elements. */
export function xmlOrganisation(o: SyntheticOrganisation, staff: number): string {
  const ministry = o.parent === null ? '' : `<p:relatieMetMinisterie p:resourceIdentifierTOOI="${tooiUri(o.parent) ?? ''}">M</p:relatieMetMinisterie>`;
  return (
    `<p:organisatie p:systeemId="${o.oin.slice(-6)}" p:resourceIdentifierTOOI="${tooiUri(o.code) ?? ''}">` +
    `<p:naam>${o.name}</p:naam><p:types><p:type>${o.type}</p:type></p:types>` +
    `<p:identificatiecodes><p:resourceIdentifier p:naam="OIN">${o.oin}</p:resourceIdentifier></p:identificatiecodes>` +
    `<p:contact><p:internetadressen><p:internetadres><p:url>https://www.${o.website}/</p:url></p:internetadres></p:internetadressen></p:contact>` +
    `${ministry}${filler(staff)}</p:organisatie>\n`
  );
}

/** A register export of about `megabytes` MB, generated chunk by chunk (never held in memory). */
export async function* syntheticExport(count: number, megabytes: number): AsyncGenerator<Uint8Array> {
  const staff = Math.max(0, Math.round((megabytes * 1024 * 1024) / count / 120));
  let buffer = XML_HEAD;
  for (const o of synthesise(count)) {
    buffer += xmlOrganisation(o, staff);
    if (buffer.length >= 256 * 1024) {
      yield Buffer.from(buffer);
      buffer = '';
      await Promise.resolve();
    }
  }
  yield Buffer.from(buffer + XML_TAIL);
}
