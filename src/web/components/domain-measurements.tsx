import { CHECK_STATUSES } from '../../domain/check.js';
import type { LatestObservation } from '../../store/observations-read.js';
import type { Locale } from '../i18n/index.js';
import { countByStatus } from './check-status.js';
import { domainHref } from './links.js';
import { LatestTable, MomentView } from './observation-table.js';
import { Table } from './table.js';

export interface DomainMeasurementsProps {
  /** The organisation's domain names (each once), in the order to show them. */
  domains: readonly string[];
  /** The latest observations per domain name; a domain missing or with none has not been measured. */
  latest: ReadonlyMap<string, readonly LatestObservation[]>;
  locale: Locale;
}

const lastMeasured = (latest: readonly LatestObservation[]): Date =>
  new Date(Math.max(...latest.map((o) => Math.max(o.lastSeen.getTime(), o.pending?.lastSeen.getTime() ?? 0))));

/**
 * The measurements of an organisation's domains: a summary table (checks per status, awaiting
 * confirmation, last measured; each domain linking to its page), every check per domain in a collapsed
 * `<details>`, and the domains not measured yet, said plainly.
 */
export function DomainMeasurements({ domains, latest, locale }: DomainMeasurementsProps) {
  const { t, format } = locale;
  const m = t.measurements;
  const measured = domains.filter((d) => (latest.get(d)?.length ?? 0) > 0);
  const unmeasured = domains.filter((d) => (latest.get(d)?.length ?? 0) === 0);
  if (measured.length === 0) return <p class="utrecht-paragraph">{m.noneMeasured}</p>;
  const summaryRows = measured.map((domain) => {
    const observations = latest.get(domain) ?? [];
    const counts = countByStatus(observations);
    return [
      <a class="utrecht-link" href={domainHref(domain)}>
        {domain}
      </a>,
      ...CHECK_STATUSES.map((s) => format.number(counts[s])),
      format.number(observations.filter((o) => o.pending !== null).length),
      <MomentView moment={lastMeasured(observations)} locale={locale} withTime />,
    ];
  });
  return (
    <>
      <p class="utrecht-paragraph">{m.intro}</p>
      <Table
        id="measurements-summary"
        caption={m.summaryCaption}
        head={[m.domain, ...CHECK_STATUSES.map((s) => t.checkStatuses[s]), m.awaiting, m.lastMeasured]}
        rows={summaryRows}
      />
      {measured.map((domain, index) => {
        const observations = latest.get(domain) ?? [];
        return (
          <details class="thorbecke-details">
            <summary class="thorbecke-details__summary">{m.checksOf(domain, format.number(observations.length))}</summary>
            <LatestTable id={`measurements-${String(index + 1)}`} caption={m.checksCaption(domain)} latest={observations} locale={locale} />
            <p class="utrecht-paragraph">
              <a class="utrecht-link" href={domainHref(domain)}>
                {m.domainLink(domain)}
              </a>
            </p>
          </details>
        );
      })}
      {unmeasured.length === 0 ? null : (
        <p class="utrecht-paragraph">
          {m.notMeasured}{' '}
          {unmeasured.map((domain, i) => (
            <>
              {i === 0 ? '' : ', '}
              <a class="utrecht-link" href={domainHref(domain)}>
                {domain}
              </a>
            </>
          ))}
        </p>
      )}
    </>
  );
}
