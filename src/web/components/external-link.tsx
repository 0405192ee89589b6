import type { Child } from 'hono/jsx';
import { safeExternalUrl } from './links.js';

/**
 * A link to another site, with rel="noopener". The address comes from data, so it is checked: only
 * http(s) addresses become links; anything else is shown as text.
 */
export function ExternalLink({ href, children }: { href: string | null | undefined; children?: Child }) {
  const safe = safeExternalUrl(href);
  if (safe === undefined) return <>{children ?? href}</>;
  return (
    <a class="utrecht-link" href={safe} rel="noopener">
      {children ?? href}
    </a>
  );
}
