/** Links of the scorecard, comparison and report pages, built with encodeURIComponent. */

/** `/explanations/42` */
export const explanationHref = (id: number): string => `/explanations/${encodeURIComponent(String(id))}`;
/** `/organisations/gm0363/feed.atom` */
export const feedHref = (code: string): string => `/organisations/${encodeURIComponent(code)}/feed.atom`;
/** `/data/organisations/gm0363` (add `/progress` or `/history`, then the file extension). */
export const organisationDataBase = (code: string): string => `/data/organisations/${encodeURIComponent(code)}`;
/** `/compare?org=gm0363&org=gm0599` */
export function compareHref(codes: readonly string[]): string {
  const params = new URLSearchParams(codes.map((c): [string, string] => ['org', c]));
  const query = params.toString();
  return query === '' ? '/compare' : `/compare?${query}`;
}
/** The list of reports. */
export const REPORTS_HREF = '/reports';
/** `/reports/2026-H1` */
export const reportHref = (name: string): string => `/reports/${encodeURIComponent(name)}`;
