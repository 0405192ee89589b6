import type { Locale } from '../../i18n/index.js';

/** What a progress value is computed from. */
export interface ValueFigures {
  value: number | null;
  domainsTotal: number;
  domainsMet: number;
  domainsUnknown: number;
}

/**
 * A progress value in words: "50% of the domains pass (2 of 4)", and the domains that could not be
 * measured said separately (they never count as passing).
 */
export function ValueText({ figures, locale }: { figures: ValueFigures; locale: Locale }) {
  const s = locale.t.scorecard;
  const { format } = locale;
  if (figures.value === null) return <>{s.valueNone}</>;
  return (
    <>
      {s.valueText(format.percent(figures.value), format.number(figures.domainsMet), format.number(figures.domainsTotal))}
      {figures.domainsUnknown > 0 ? `; ${s.unknownDomains(format.number(figures.domainsUnknown))}` : null}
    </>
  );
}

/** "40% (2 of 5)" for a share of organisations, or "Not available" without any. */
export function shareText(met: number, total: number, locale: Locale): string {
  const { format } = locale;
  if (total === 0) return locale.t.scorecard.notAvailable;
  return locale.t.scorecard.shareOf(format.percent((100 * met) / total), format.number(met), format.number(total));
}
