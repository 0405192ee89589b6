/**
 * Master files (RFC 1035 presentation format) of the sealed test network's zones: the one check of a zone
 * apex, a small tokenizer that finds each record's owner and type (following parentheses, quotes, comments
 * and `$ORIGIN`; `$INCLUDE` refused), and the text handed to ldns and unbound with what a zone must have.
 */

const DEFAULT_TTL = 300;

/** Lower case, no trailing dot; only letters, digits, `-` and `_` in labels (the apex also names files). */
export function checkedApex(raw: string): string {
  const apex = raw.toLowerCase().replace(/\.$/, '');
  if (!/^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(apex) || apex.length > 253) {
    throw new Error(`zone apex "${raw}" is not a domain name of letters, digits, hyphens and underscores`);
  }
  return apex;
}

/** Splits master-file text into records (owner, type), following parentheses, quotes and comments. */
export function recordsOf(text: string, apex: string): { owner: string; type: string }[] {
  const records: { owner: string; type: string }[] = [];
  let origin = `${apex}.`;
  let owner = origin;
  let pending: string[] | null = null;
  let depth = 0;
  let startsIndented = false;
  for (const line of text.split(/\r?\n/)) {
    const tokens: string[] = [];
    let current = '';
    let quoted = false;
    let hasToken = false;
    for (let i = 0; i < line.length; i++) {
      const char = line.charAt(i);
      if (quoted) {
        current += char;
        if (char === '\\' && i + 1 < line.length) current += line.charAt(++i);
        else if (char === '"') quoted = false;
        continue;
      }
      if (char === ';') break;
      if (char === '"') {
        quoted = true;
        hasToken = true;
        current += char;
      } else if (char === '(' || char === ')') {
        depth += char === '(' ? 1 : -1;
        if (hasToken) tokens.push(current);
        current = '';
        hasToken = false;
      } else if (char === ' ' || char === '\t') {
        if (hasToken) tokens.push(current);
        current = '';
        hasToken = false;
      } else {
        current += char;
        hasToken = true;
      }
    }
    if (hasToken) tokens.push(current);
    if (pending === null) {
      if (tokens.length === 0) continue;
      pending = [];
      startsIndented = /^[ \t]/.test(line);
    }
    pending.push(...tokens);
    if (depth > 0) continue;
    depth = 0;
    const record: string[] = pending;
    pending = null;
    const first = record[0];
    if (first === undefined) continue;
    if (first.startsWith('$')) {
      const directive = first.toUpperCase();
      if (directive === '$INCLUDE') throw new Error(`zone ${apex}: $INCLUDE is not allowed in test zone text`);
      if (directive === '$ORIGIN' && record[1] !== undefined) origin = absolute(record[1], origin);
      continue;
    }
    let rest = record;
    if (!startsIndented) {
      owner = absolute(first, origin);
      rest = record.slice(1);
    }
    // [TTL] [CLASS] or [CLASS] [TTL], then the type.
    let index = 0;
    while (index < 2 && rest[index] !== undefined && (/^\d+[smhdw\d]*$/i.test(rest[index] ?? '') || /^(IN|CH|HS|CS|CLASS\d+)$/i.test(rest[index] ?? ''))) index++;
    const type = rest[index];
    if (type !== undefined) records.push({ owner, type: type.toUpperCase() });
  }
  return records;
}

function absolute(name: string, origin: string): string {
  if (name === '@') return origin.toLowerCase();
  if (name.endsWith('.')) return name.toLowerCase();
  return `${name}.${origin}`.toLowerCase();
}

/** The master file handed to ldns and unbound: `$ORIGIN`, `$TTL`, SOA and NS when missing, then the caller's text. */
export function zoneFileText(rawApex: string, text: string): string {
  const apex = checkedApex(rawApex);
  const records = recordsOf(text, apex);
  const atApex = records.filter((record) => record.owner === `${apex}.`);
  const lines = [`$ORIGIN ${apex}.`, `$TTL ${DEFAULT_TTL}`];
  if (!atApex.some((record) => record.type === 'SOA')) lines.push(`@ IN SOA ns.${apex}. hostmaster.${apex}. 1 3600 600 86400 60`);
  if (!atApex.some((record) => record.type === 'NS')) lines.push(`@ IN NS ns.${apex}.`);
  lines.push(text, '');
  return lines.join('\n');
}

