import type { Child } from 'hono/jsx';

/** One term and its description in a {@link Facts} list; left out when `value` is undefined. */
export interface Fact {
  term: string;
  value: Child | undefined;
}

/** A description list of facts (term: value). */
export function Facts({ facts, id }: { facts: readonly Fact[]; id?: string }) {
  return (
    <dl class="utrecht-data-list thorbecke-facts" id={id}>
      {facts
        .filter((f) => f.value !== undefined)
        .map((f) => (
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{f.term}</dt>
            <dd class="utrecht-data-list__item-value">{f.value}</dd>
          </div>
        ))}
    </dl>
  );
}
