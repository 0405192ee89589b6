/**
 * Politeness and fairness inside one process: at most `limit` holders per key (an IP address, an
 * organisation). `acquire` takes several keys at once, all or nothing, so that two jobs that need
 * overlapping keys cannot each hold one and wait for the other.
 */
export class KeyedLimiter {
  readonly #held = new Map<string, number>();
  readonly #waiting: { keys: readonly string[]; grant: () => void }[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('a limit must be a positive integer');
  }

  /** How many holders a key has now. */
  holders(key: string): number {
    return this.#held.get(key) ?? 0;
  }

  /** Resolves with a release function once every key has room; the signal gives up waiting. */
  acquire(keys: readonly string[], signal?: AbortSignal): Promise<() => void> {
    const unique = [...new Set(keys)];
    if (this.#free(unique)) return Promise.resolve(this.#take(unique));
    return new Promise((resolve, reject) => {
      const entry = {
        keys: unique,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.#take(unique));
        },
      };
      const onAbort = (): void => {
        const i = this.#waiting.indexOf(entry);
        if (i !== -1) this.#waiting.splice(i, 1);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      if (signal?.aborted === true) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(entry);
    });
  }

  #free(keys: readonly string[]): boolean {
    return keys.every((k) => (this.#held.get(k) ?? 0) < this.limit);
  }

  #take(keys: readonly string[]): () => void {
    for (const k of keys) this.#held.set(k, (this.#held.get(k) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const k of keys) {
        const n = (this.#held.get(k) ?? 1) - 1;
        if (n === 0) this.#held.delete(k);
        else this.#held.set(k, n);
      }
      this.#grantWaiting();
    };
  }

  /** Grants, in arrival order, every waiting request that now has room (a later one may pass a blocked one). */
  #grantWaiting(): void {
    for (let i = 0; i < this.#waiting.length; ) {
      const entry = this.#waiting[i];
      if (entry !== undefined && this.#free(entry.keys)) {
        this.#waiting.splice(i, 1);
        entry.grant();
      } else i += 1;
    }
  }
}
