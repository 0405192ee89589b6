import type { Locale } from '../i18n/index.js';
import { withQuery } from './links.js';

type Query = Record<string, string | undefined>;

/** The base of every open-data table (served by src/web/open-data/routes.ts), for DownloadLinks. */
export const dataBase = {
  progress: '/data/progress',
  aggregates: '/data/aggregates',
  /** Query: `scope` (nation, layer, province), `id`, `target`, `since`. */
  history: '/data/history',
  explanations: '/data/explanations',
  targetProgress: (id: string): string => `/data/targets/${encodeURIComponent(id)}/progress`,
  organisationProgress: (code: string): string => `/data/organisations/${encodeURIComponent(code)}/progress`,
  /** Query: `target`. */
  organisationHistory: (code: string): string => `/data/organisations/${encodeURIComponent(code)}/history`,
} as const;

/** The three files of an open-data table at `base`, with the query (left out when empty) after the extension. */
export const downloadHrefs = (base: string, query: Query = {}): { csv: string; json: string; metadata: string } => ({
  csv: withQuery(`${base}.csv`, query),
  json: withQuery(`${base}.json`, query),
  metadata: withQuery(`${base}.csv-metadata.json`, query),
});

/**
 * "Download: CSV · JSON · metadata" under a table: links to the same data as open data
 * (`${base}.csv`, `${base}.json` and the CSV on the Web description `${base}.csv-metadata.json`).
 * `label` names the data for screen readers (usually the table's caption), so that each link says
 * what it downloads even when read out of context (WCAG 2.4.4) and what kind of file it is; the
 * separators are not read. `query` narrows the data (`{ scope: 'layer', id: 'gemeente' }` for
 * `/data/history`); it goes after the extension.
 *
 * @example
 * <DownloadLinks base={dataBase.targetProgress('forum-web-all')} locale={locale} label="Voortgang per organisatie" />
 */
export function DownloadLinks({ base, locale, label, query }: { base: string; locale: Locale; label?: string; query?: Query }) {
  const t = locale.t.openData;
  const hrefs = downloadHrefs(base, query);
  const about = label ?? t.thisData;
  const links = [
    { href: hrefs.csv, text: t.csv, hint: t.csvHint, type: 'text/csv' },
    { href: hrefs.json, text: t.json, hint: t.jsonHint, type: 'application/json' },
    { href: hrefs.metadata, text: t.metadata, hint: t.metadataHint, type: 'application/csvm+json' },
  ];
  return (
    <p class="utrecht-paragraph thorbecke-downloads">
      {t.download}:{' '}
      {links.map((link, i) => (
        <>
          {i > 0 ? <span aria-hidden="true"> · </span> : null}
          <a class="utrecht-link" href={link.href} type={link.type}>
            {link.text}
            <span class="thorbecke-visually-hidden">
              {' '}
              ({link.hint}, {about})
            </span>
          </a>
        </>
      ))}
    </p>
  );
}
