import type { Child } from 'hono/jsx';

/** An NL Design System alert box (no role: it is part of the page, not a live update). */
export function Alert({ type, children }: { type: 'info' | 'ok' | 'warning' | 'error'; children?: Child }) {
  return (
    <div class={`utrecht-alert utrecht-alert--${type}`}>
      <div class="utrecht-alert__content">
        <div class="utrecht-alert__message">{children}</div>
      </div>
    </div>
  );
}
