import { readFile, stat } from 'node:fs/promises';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { InputError, type Issue, messageOf } from '../domain/errors.js';
import { referenceIssues, strategySchema, type Strategy } from './schema.js';

/** Strategy files larger than this are refused before they are parsed. */
export const MAX_STRATEGY_BYTES = 2 * 1024 * 1024;

/**
 * How often aliases may be expanded. Enough for a few shared anchors (`layers: *all`), far too few for an
 * alias bomb ("billion laughs"), whose expansions multiply.
 */
export const MAX_ALIAS_COUNT = 50;

type PathSegment = PropertyKey;

/** `targets[3].deadline` */
export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}

interface Located {
  /** Offset in the text that the issue points at. */
  offset: number;
  /** The path of the problem, shown after the position. */
  path: readonly PathSegment[];
  message: string;
}

/** The deepest node along `path`, and whether the whole path exists. */
function walk(doc: Document, path: readonly PathSegment[]): { node: Node | null; keyNode: Node | null; complete: boolean } {
  let node: unknown = doc.contents;
  let keyNode: Node | null = null;
  for (const segment of path) {
    let next: unknown;
    let nextKey: Node | null = null;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (pair) {
        next = pair.value;
        nextKey = isScalar(pair.key) ? pair.key : null;
        // `deadline:` with nothing after it: point at the key.
        if (next === null || (isScalar(next) && next.range === undefined)) next = nextKey;
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    if (next === undefined || next === null || isPair(next)) {
      return { node: node as Node | null, keyNode, complete: false };
    }
    node = next;
    keyNode = nextKey;
  }
  return { node: node as Node | null, keyNode, complete: true };
}

function startOf(node: Node | null): number {
  return node?.range?.[0] ?? 0;
}

/** Turns one zod issue into located issues: one per unknown key, the parent map for a missing key. */
function locateSchemaIssue(doc: Document, issue: z.core.$ZodIssue): Located[] {
  const { node, complete } = walk(doc, issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const at = complete ? walk(doc, [...issue.path, key]) : undefined;
      return {
        offset: startOf(at?.keyNode ?? node),
        path: [...issue.path, key],
        message: `unknown key "${key}"`,
      };
    });
  }
  const last = issue.path[issue.path.length - 1];
  const missing = !complete && issue.path.length > 0 && walk(doc, issue.path.slice(0, -1)).complete;
  const message =
    missing && issue.code === 'invalid_type' && typeof last === 'string' ? `missing required key "${last}"` : issue.message;
  return [{ offset: startOf(node), path: issue.path, message }];
}

function toIssues(located: Located[], sourceName: string, lines: LineCounter): Issue[] {
  const seen = new Set<string>();
  return located
    .map((l) => ({ ...l, pos: lines.linePos(l.offset) }))
    .sort((a, b) => a.offset - b.offset)
    .map(({ pos, path, message }) => ({
      location: `${sourceName}:${pos.line}:${pos.col}${path.length > 0 ? ` (${formatPath(path)})` : ''}`,
      message,
    }))
    .filter((issue) => {
      const key = `${issue.location}\u0000${issue.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function invalid(sourceName: string, issues: Issue[]): InputError {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return new InputError(`${sourceName} is not a valid strategy file (${count}).`, issues);
}

/**
 * Parses and validates the text of a strategy file. Throws an {@link InputError} listing every problem
 * found, each located as `<sourceName>:<line>:<col> (targets[3].deadline)`.
 *
 * @param text the YAML text
 * @param sourceName the file name shown in issue locations
 */
export function parseStrategy(text: string, sourceName: string): Strategy {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_STRATEGY_BYTES) {
    throw new InputError(
      `${sourceName} is too large for a strategy file: ${bytes} bytes, at most ${MAX_STRATEGY_BYTES} allowed.`,
    );
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const located = doc.errors.map((e) => ({ offset: e.pos[0], path: [], message: `YAML syntax: ${e.message}` }));
    throw invalid(sourceName, toIssues(located, sourceName, lines));
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const reason = messageOf(error);
    const message = /excessive alias count/i.test(reason)
      ? `YAML aliases expand too much (more than ${MAX_ALIAS_COUNT} expansions); a strategy file may use anchors and aliases only sparingly`
      : `YAML: ${reason}`;
    throw invalid(sourceName, [{ location: sourceName, message }]);
  }

  const result = strategySchema.safeParse(data);
  if (result.success) return result.data;

  const located = result.error.issues.flatMap((issue) => locateSchemaIssue(doc, issue));
  // The cross-reference rules only run once the rest is valid; report them now as well.
  for (const ref of referenceIssues(data)) {
    located.push({ offset: startOf(walk(doc, ref.path).node), path: ref.path, message: ref.message });
  }
  throw invalid(sourceName, toIssues(located, sourceName, lines));
}

/**
 * Reads, parses and validates a strategy file. Throws an {@link InputError} when the file cannot be read,
 * is larger than {@link MAX_STRATEGY_BYTES}, or is not a valid strategy.
 */
export async function loadStrategyFile(path: string): Promise<Strategy> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new InputError(`Cannot read strategy file ${path}: it is not a file.`);
    if (info.size > MAX_STRATEGY_BYTES) {
      throw new InputError(
        `${path} is too large for a strategy file: ${info.size} bytes, at most ${MAX_STRATEGY_BYTES} allowed.`,
      );
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    const reason = messageOf(error);
    throw new InputError(`Cannot read strategy file ${path}: ${reason}`);
  }
  return parseStrategy(text, path);
}
