import { createHash } from 'node:crypto';
import type { Strategy } from './schema.js';

/** Pure comparison of two strategies, and a content hash that does not depend on key order. */

/** What part of a strategy an entry is about. */
export type StrategyEntity = 'strategy' | 'priority' | 'target' | 'context';

/** One change between two versions of a strategy. */
export interface StrategyDiffEntry {
  entity: StrategyEntity;
  /** The id of the priority, target or context figure; the strategy's own id for `strategy`. */
  entityId: string;
  kind: 'added' | 'changed' | 'removed';
  /** Top-level keys whose value differs (`deadline`, `scope`, ...); empty for added and removed. */
  fields: string[];
  /** The entity before (null when added); for `strategy`, its header without priorities, targets and context. */
  before: unknown;
  /** The entity after (null when removed). */
  after: unknown;
}

/** Orders object keys recursively so that equal content gives equal text; drops undefined like JSON does. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v: unknown) => (v === undefined ? null : canonical(v)));
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

/** JSON with keys sorted at every level: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  // JSON.stringify gives undefined for undefined, whatever its declared type says.
  return value === undefined ? 'null' : JSON.stringify(canonical(value));
}

/** The sha256 (hex) of a strategy's canonical JSON: equal content, equal hash, whatever the key order. */
export function strategyContentHash(strategy: Strategy): string {
  return createHash('sha256').update(canonicalJson(strategy)).digest('hex');
}

/** The top-level keys of two objects whose canonical JSON differs, sorted. */
export function changedFields(before: object, after: object): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  // An absent key differs from one set to null.
  const text = (v: unknown): string => (v === undefined ? '' : canonicalJson(v));
  return [...keys].filter((k) => text(b[k]) !== text(a[k])).sort();
}

function diffById<T extends { id: string }>(entity: StrategyEntity, before: readonly T[], after: readonly T[]): StrategyDiffEntry[] {
  const old = new Map(before.map((item) => [item.id, item]));
  const now = new Set(after.map((item) => item.id));
  const entries: StrategyDiffEntry[] = [];
  for (const item of after) {
    const previous = old.get(item.id);
    if (previous === undefined) {
      entries.push({ entity, entityId: item.id, kind: 'added', fields: [], before: null, after: item });
      continue;
    }
    const fields = changedFields(previous, item);
    if (fields.length > 0) entries.push({ entity, entityId: item.id, kind: 'changed', fields, before: previous, after: item });
  }
  for (const item of before) {
    if (!now.has(item.id)) entries.push({ entity, entityId: item.id, kind: 'removed', fields: [], before: item, after: null });
  }
  return entries;
}

/** A strategy without its lists. */
export type StrategyHeader = Omit<Strategy, 'priorities' | 'targets' | 'context'>;

const LISTS = new Set(['priorities', 'targets', 'context']);

/** The strategy without its lists: id, version, title, summary, adopted, source (and any later top-level key). */
export function strategyHeader(strategy: Strategy): StrategyHeader {
  return Object.fromEntries(Object.entries(strategy).filter(([key]) => !LISTS.has(key))) as StrategyHeader;
}

/**
 * What changed from `before` to `after`: the strategy header, then priorities, targets and context figures
 * (each in the order of `after`, removed ones last). With no `before`, everything is added.
 */
export function diffStrategies(before: Strategy | undefined, after: Strategy): StrategyDiffEntry[] {
  const header = strategyHeader(after);
  const entries: StrategyDiffEntry[] = [];
  if (before === undefined) {
    entries.push({ entity: 'strategy', entityId: after.id, kind: 'added', fields: [], before: null, after: header });
  } else {
    const oldHeader = strategyHeader(before);
    const fields = changedFields(oldHeader, header);
    if (fields.length > 0) {
      entries.push({ entity: 'strategy', entityId: after.id, kind: 'changed', fields, before: oldHeader, after: header });
    }
  }
  entries.push(
    ...diffById('priority', before?.priorities ?? [], after.priorities),
    ...diffById('target', before?.targets ?? [], after.targets),
    ...diffById('context', before?.context ?? [], after.context),
  );
  return entries;
}
