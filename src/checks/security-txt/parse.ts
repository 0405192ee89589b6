/** A pure parser for security.txt (RFC 9116 section 4): fields, comments, and an optional OpenPGP cleartext signature. */

export interface SecurityTxtField {
  /** Lower-cased field name. */
  name: string;
  value: string;
  /** 1-based line number in the file as served. */
  line: number;
}

export interface ParsedSecurityTxt {
  /** The file was an OpenPGP cleartext-signed message (the signature itself is not verified). */
  signed: boolean;
  fields: SecurityTxtField[];
  /** Lines that are neither fields, comments nor blank, and structural problems of the signature block. */
  problems: string[];
}

const BEGIN_SIGNED = '-----BEGIN PGP SIGNED MESSAGE-----';
const BEGIN_SIGNATURE = '-----BEGIN PGP SIGNATURE-----';
const FIELD = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;

/** Picks the signed text out of a cleartext-signed message (RFC 4880 section 7), undoing dash-escaping. */
function unwrapSigned(lines: string[], problems: string[]): { lines: string[]; offset: number } {
  let i = 1;
  while (i < lines.length && lines[i] !== '') i++; // armor headers such as "Hash: SHA256"
  const start = i + 1;
  const end = lines.indexOf(BEGIN_SIGNATURE, start);
  if (end === -1) problems.push('the PGP signed message has no signature block');
  const body = lines.slice(start, end === -1 ? lines.length : end).map((l) => (l.startsWith('- ') ? l.slice(2) : l));
  return { lines: body, offset: start };
}

/** Parses the text of a security.txt file; never throws. */
export function parseSecurityTxt(text: string): ParsedSecurityTxt {
  const problems: string[] = [];
  let lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let offset = 0;
  const signed = lines[0]?.trim() === BEGIN_SIGNED;
  if (signed) ({ lines, offset } = unwrapSigned(lines, problems));
  const fields: SecurityTxtField[] = [];
  lines.forEach((raw, index) => {
    const line = raw.trimEnd();
    if (line.trim() === '' || line.startsWith('#')) return;
    const match = FIELD.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) {
      problems.push(`line ${index + offset + 1} is not a field: "${line.slice(0, 80)}"`);
      return;
    }
    fields.push({ name: match[1].toLowerCase(), value: match[2], line: index + offset + 1 });
  });
  return { signed, fields, problems };
}

/** The values of one field, in order. */
export function fieldValues(parsed: ParsedSecurityTxt, name: string): string[] {
  const lower = name.toLowerCase();
  return parsed.fields.filter((f) => f.name === lower).map((f) => f.value);
}

/** An RFC 3339 date-time (as RFC 9116 requires for Expires), or undefined. */
export function parseRfc3339(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
  const time = Date.parse(value.toUpperCase());
  return Number.isNaN(time) ? undefined : new Date(time);
}
