import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import { InputError } from '../domain/errors.js';
import type { OrganisationRecord } from '../domain/organisation.js';
import { codeFromTooiUri } from '../domain/tooi.js';
import { draftCode, draftParent, draftRecord, newDraft, type OrganisationDraft } from './register-record.js';
import { IssueCollector, ORGANISATION_FIELDS, type ParsedOrganisations } from './types.js';
import { decodeUtf8, Utf8Error } from './utf8.js';

/** The namespace family of the register export (`.../oo/export/2.6.9` and other versions). */
export const REGISTER_NAMESPACE_PREFIX = 'https://organisaties.overheid.nl/static/schema/oo/export/';

/** Limits that keep a hostile or broken file from taking the memory of the process. */
export const XML_LIMITS = {
  /** Characters in one field we read (a name, a URL). */
  fieldChars: 10_000,
  /** Nesting depth of elements. */
  depth: 64,
  /** Characters the parser may read without completing a tag or text (bounds its buffers). */
  tokenChars: 1_000_000,
};

/** The element paths (below an `organisatie`, lower-case local names) whose text we read. */
const FIELDS = {
  naam: 'name',
  afkorting: 'abbreviation',
  'identificatiecodes/resourceidentifier': 'identifier',
  begindatum: 'begin',
  einddatum: 'end',
  'contact/internetadressen/internetadres/url': 'url',
} as const;
type Field = (typeof FIELDS)[keyof typeof FIELDS];

/** The register provides neither the province nor the successor: those keep their stored values. */
const PROVIDES = ORGANISATION_FIELDS.filter((f) => f !== 'provinceCode' && f !== 'successorCode');

/**
 * A copy of a string that the parser may have cut from a whole chunk of the file: V8 keeps such a
 * substring's parent alive, so keeping the substring would keep every chunk, and the whole file.
 */
const detach = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

function attribute(tag: SaxesTagNS, local: string): string | undefined {
  for (const a of Object.values<SaxesAttributeNS>(tag.attributes)) {
    if (a.local.toLowerCase() === local && a.prefix !== 'xmlns') return detach(a.value);
  }
  return undefined;
}

function failure(name: string, where: { line: number; column: number }, message: string): InputError {
  const location = `line ${where.line}, column ${where.column}`;
  return new InputError(`${name} is not a valid register export (${location}): ${message}`, [{ location, message }]);
}

/**
 * Reads the register's XML export (`exportOO.xml`) as a stream: only the organisation being read is held
 * in memory. Organisations without a TOOI code of a known shape are counted as skipped. A DOCTYPE,
 * malformed XML or invalid UTF-8 fails with the line and column; invalid values fail with every issue.
 */
export async function parseRegisterXml(bytes: AsyncIterable<Uint8Array>, name = 'The XML file'): Promise<ParsedOrganisations> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const issues = new IssueCollector();
  const records: { record: OrganisationRecord; draft: OrganisationDraft }[] = [];
  const skippedReasons: Record<string, number> = {};
  const stack: string[] = [];
  let draft: OrganisationDraft | undefined;
  let capture: { field: Field; text: string; line: number; kind: string; depth: number } | undefined;
  let lastToken = 0;
  let sawRoot = false;
  const here = (): { line: number; column: number } => ({ line: parser.line, column: parser.column + 1 });
  const fail = (where: { line: number; column: number }, message: string): InputError => failure(name, where, message);
  const touch = (): void => {
    lastToken = parser.position;
  };

  parser.on('doctype', () => {
    throw fail(here(), 'a DOCTYPE is not allowed (no entities are expanded)');
  });
  parser.on('xmldecl', (decl) => {
    if (decl.encoding !== undefined && !/^utf-?8$/i.test(decl.encoding)) {
      throw fail(here(), `encoding ${decl.encoding} is not supported; the export is UTF-8`);
    }
  });
  parser.on('comment', touch);
  parser.on('processinginstruction', touch);
  parser.on('opentag', (tag) => {
    touch();
    const ours = tag.uri === '' || tag.uri.startsWith(REGISTER_NAMESPACE_PREFIX);
    const local = ours ? tag.local.toLowerCase() : '#other';
    if (!sawRoot) {
      sawRoot = true;
      if (local !== 'overheidsorganisaties') throw fail(here(), `the root element is <${tag.name}>, not <overheidsorganisaties>`);
    }
    stack.push(local);
    if (stack.length > XML_LIMITS.depth) throw fail(here(), `elements are nested deeper than ${XML_LIMITS.depth}`);
    if (local === 'organisatie' && stack[stack.length - 2] === 'organisaties') {
      draft = newDraft(parser.line, stack.length - 1, draft);
      draft.tooiAttribute = attribute(tag, 'resourceidentifiertooi');
      return;
    }
    if (draft === undefined) return;
    const path = stack.slice(draft.depth + 1).join('/');
    if (path === 'relatiemetministerie') {
      const uri = attribute(tag, 'resourceidentifiertooi');
      if (uri !== undefined) draft.ministryCode ??= codeFromTooiUri(uri);
      return;
    }
    const field = (FIELDS as Record<string, Field | undefined>)[path];
    if (field !== undefined) {
      capture = { field, text: '', line: parser.line, kind: attribute(tag, 'naam')?.toLowerCase() ?? '', depth: stack.length };
    }
  });
  const onText = (text: string): void => {
    touch();
    if (capture === undefined) return;
    capture.text += text;
    if (capture.text.length > XML_LIMITS.fieldChars) {
      throw fail(here(), `a field is longer than ${XML_LIMITS.fieldChars} characters`);
    }
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    touch();
    if (capture !== undefined && capture.depth === stack.length && draft !== undefined) {
      const text = detach(capture.text);
      const value = { value: text, line: capture.line };
      if (capture.field === 'name') draft.name ??= text;
      else if (capture.field === 'abbreviation') draft.abbreviation ??= text;
      else if (capture.field === 'identifier') draft.identifiers.push({ kind: capture.kind, value });
      else if (capture.field === 'begin') draft.begin ??= value;
      else if (capture.field === 'end') draft.end ??= value;
      else draft.urls.push(text.trim());
    }
    capture = undefined;
    if (draft !== undefined && draft.depth === stack.length - 1) {
      const done = draft;
      draft = done.enclosing;
      const code = draftCode(done);
      if ('skip' in code) {
        skippedReasons[code.skip] = (skippedReasons[code.skip] ?? 0) + 1;
      } else {
        done.code = code.code;
        records.push({ record: draftRecord(done, code.code, issues), draft: done });
        done.identifiers = [];
        done.urls = [];
      }
    }
    stack.pop();
  });

  try {
    for await (const text of decodeUtf8(bytes)) {
      parser.write(text);
      if (parser.position - lastToken > XML_LIMITS.tokenChars) {
        throw fail(here(), `no tag or text ends within ${XML_LIMITS.tokenChars} characters`);
      }
    }
    parser.close();
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof Utf8Error) throw fail(error, 'invalid UTF-8');
    if (error instanceof Error) {
      const m = /^(\d+):(\d+): (.*)$/s.exec(error.message);
      if (m) throw fail({ line: Number(m[1]), column: Number(m[2]) + 1 }, m[3] ?? error.message);
    }
    throw error;
  }
  issues.throwIfAny(name);
  // An organisation listed twice with the same content counts once; different content is an error later.
  const unique = new Map<string, OrganisationRecord>();
  const result: OrganisationRecord[] = [];
  for (const { record, draft: d } of records) {
    record.parentCode = draftParent(d, record.code);
    const seen = unique.get(record.code);
    if (seen !== undefined && JSON.stringify(seen) === JSON.stringify(record)) {
      skippedReasons['listed more than once'] = (skippedReasons['listed more than once'] ?? 0) + 1;
      continue;
    }
    unique.set(record.code, record);
    result.push(record);
  }
  const skipped = Object.values(skippedReasons).reduce((a, b) => a + b, 0);
  return { format: 'xml', records: result, provides: PROVIDES, skipped, skippedReasons, provinces: new Map() };
}
