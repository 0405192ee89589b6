import type { Locale } from '../i18n/index.js';

export interface PaginationProps {
  locale: Locale;
  page: number;
  pages: number;
  /** The address of another page. */
  href: (page: number) => string;
}

/** Previous/next links and "page x of y", as a labelled navigation landmark. */
export function Pagination({ locale, page, pages, href }: PaginationProps) {
  const { t, format } = locale;
  return (
    <nav class="utrecht-pagination thorbecke-pagination" aria-label={t.organisations.pagination}>
      {page > 1 ? (
        <a class="utrecht-link utrecht-pagination__relative-link utrecht-pagination__relative-link--prev" href={href(page - 1)} rel="prev">
          {t.organisations.previous}
        </a>
      ) : null}
      <span>{t.organisations.pageOf(format.number(page), format.number(pages))}</span>
      {page < pages ? (
        <a class="utrecht-link utrecht-pagination__relative-link utrecht-pagination__relative-link--next" href={href(page + 1)} rel="next">
          {t.organisations.next}
        </a>
      ) : null}
    </nav>
  );
}
