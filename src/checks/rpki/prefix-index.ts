/**
 * A longest-match index of prefixes: one hash map per family and prefix length, keyed by network
 * address. A lookup tries only the lengths present (at most 33 or 129), so it costs a few hash
 * lookups however many prefixes are indexed.
 */
import { MAX_PREFIX_LENGTH, prefixKey, type Family, type IpAddress, type Prefix } from './prefix.js';

export interface IndexEntry<T> {
  prefix: Prefix;
  values: T[];
}

export class PrefixIndex<T> {
  private readonly maps: Record<Family, Map<number, Map<string, IndexEntry<T>>>> = { ipv4: new Map(), ipv6: new Map() };
  /** Lengths present, longest first; rebuilt after an add. */
  private lengths: Record<Family, number[]> | undefined;
  private count = 0;

  /** Adds `value` under `prefix` (several values may share a prefix). */
  add(prefix: Prefix, value: T): void {
    const byLength = this.maps[prefix.family];
    let map = byLength.get(prefix.length);
    if (map === undefined) {
      map = new Map<string, IndexEntry<T>>();
      byLength.set(prefix.length, map);
    }
    const entry = map.get(prefix.key);
    if (entry === undefined) {
      map.set(prefix.key, { prefix, values: [value] });
      this.count++;
    } else entry.values.push(value);
    this.lengths = undefined;
  }

  /** How many distinct prefixes are indexed. */
  get size(): number {
    return this.count;
  }

  /** Every indexed prefix containing `address` at `upTo` bits or fewer, longest first. */
  containing(address: IpAddress, upTo: number = MAX_PREFIX_LENGTH[address.kind()]): IndexEntry<T>[] {
    const family = address.kind();
    const found: IndexEntry<T>[] = [];
    for (const length of this.lengthsOf(family)) {
      if (length > upTo) continue;
      const entry = this.maps[family].get(length)?.get(prefixKey(address, length));
      if (entry !== undefined) found.push(entry);
    }
    return found;
  }

  /** The longest indexed prefix containing `address`. */
  longest(address: IpAddress): IndexEntry<T> | undefined {
    const family = address.kind();
    for (const length of this.lengthsOf(family)) {
      const entry = this.maps[family].get(length)?.get(prefixKey(address, length));
      if (entry !== undefined) return entry;
    }
    return undefined;
  }

  /** Every indexed prefix that contains (or equals) `prefix`, longest first. */
  covering(prefix: Prefix): IndexEntry<T>[] {
    return this.containing(prefix.network, prefix.length);
  }

  private lengthsOf(family: Family): number[] {
    this.lengths ??= {
      ipv4: [...this.maps.ipv4.keys()].sort((a, b) => b - a),
      ipv6: [...this.maps.ipv6.keys()].sort((a, b) => b - a),
    };
    return this.lengths[family];
  }
}
