import type { Locale } from '../../i18n/index.js';

export interface AuditPagingProps {
  locale: Locale;
  /** The address of the page before `id` (older entries); of the newest page for undefined. */
  href: (before: number | undefined) => string;
  /** This page starts before an id (it is not the newest page). */
  current: number | undefined;
  /** The `before` of the next, older page; undefined on the last one. */
  nextBefore: number | undefined;
}

/**
 * Paging of the audit log by entry number (newest first, so new entries never shift a page): a link to
 * the older entries, and back to the newest. Nothing when everything fits on one page.
 */
export function AuditPaging({ locale, href, current, nextBefore }: AuditPagingProps) {
  const p = locale.t.audit.paging;
  if (current === undefined && nextBefore === undefined) return null;
  return (
    <nav class="utrecht-pagination thorbecke-pagination" aria-label={p.label}>
      {current === undefined ? null : (
        <a class="utrecht-link utrecht-pagination__relative-link utrecht-pagination__relative-link--prev" href={href(undefined)}>
          {p.newest}
        </a>
      )}
      {nextBefore === undefined ? null : (
        <a class="utrecht-link utrecht-pagination__relative-link utrecht-pagination__relative-link--next" href={href(nextBefore)} rel="next">
          {p.older}
        </a>
      )}
    </nav>
  );
}
