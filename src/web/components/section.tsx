import type { Child } from 'hono/jsx';

/** A titled section of a page: an h2 that labels it (for landmarks and the outline). */
export function Section({ id, title, children }: { id: string; title: string; children?: Child }) {
  return (
    <section aria-labelledby={`${id}-heading`} class="thorbecke-section">
      <h2 class="utrecht-heading-2" id={`${id}-heading`}>
        {title}
      </h2>
      {children}
    </section>
  );
}
