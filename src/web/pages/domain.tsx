import type { Context } from 'hono';
import { normaliseDomain } from '../../domain/asset.js';
import { InputError, NotFoundError } from '../../domain/errors.js';
import { MeasurementService, type DomainMeasurements } from '../../services/measurements.js';
import type { WebDeps } from '../deps.js';
import { frameOf } from '../components/frame.js';
import { HistoryTable, LatestTable } from '../components/observation-table.js';
import { OrgLink } from '../components/organisation-facts.js';
import type { Locale } from '../i18n/index.js';
import { errorPage } from './error.js';
import { render } from './render.js';
import { Section } from '../components/section.js';

/** The longest part of a rejected value that the error page repeats (escaped, like all text). */
const ECHO_LIMIT = 80;

function Body({ found, locale }: { found: DomainMeasurements; locale: Locale }) {
  const { t, format } = locale;
  const d = t.domain;
  return (
    <>
      <h1 class="utrecht-heading-1">{found.domain}</h1>
      <p class="utrecht-paragraph">
        {found.kinds.length === 0 ? d.notRegistered : `${d.registeredAs}: ${format.list(found.kinds.map((k) => t.assetKinds[k]))}.`}
      </p>
      <Section id="owners" title={d.owners}>
        {found.owners.length === 0 ? (
          <p class="utrecht-paragraph">{d.noOwners}</p>
        ) : (
          <ul class="utrecht-unordered-list">
            {found.owners.map((owner) => (
              <li class="utrecht-unordered-list__item">
                <OrgLink code={owner.code} name={owner.name} />{' '}
                ({d.ownerKinds(format.list(owner.kinds.map((k) => t.assetKindsPlural[k])))})
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section id="latest" title={d.latest}>
        {found.latest.length === 0 ? (
          <p class="utrecht-paragraph">{d.notMeasured}</p>
        ) : (
          <LatestTable id="latest-table" caption={d.latestCaption} latest={found.latest} locale={locale} withReason />
        )}
      </Section>
      <Section id="history" title={d.history}>
        {found.history.length === 0 ? (
          <p class="utrecht-paragraph">{d.notMeasured}</p>
        ) : (
          <>
            <p class="utrecht-paragraph">{d.historyIntro}</p>
            <HistoryTable id="history-table" history={found.history} locale={locale} />
          </>
        )}
      </Section>
    </>
  );
}

/**
 * GET /domains/:name: a domain's owners, the latest result per check (status, reason, since, last
 * measured) and the history of every check. 400 for a value that is not a domain name; 404 for a domain
 * that is neither registered nor measured.
 */
export function domainRoute(deps: WebDeps) {
  const measurements = new MeasurementService(deps.db);
  return async (c: Context): Promise<Response> => {
    const frame = frameOf(c);
    const { t } = frame.locale;
    const raw = c.req.param('name') ?? '';
    let found: DomainMeasurements;
    try {
      found = await measurements.domain(raw);
    } catch (error) {
      if (error instanceof InputError) return errorPage(c, 400, { issues: [t.errors.notADomain(raw.slice(0, ECHO_LIMIT))] });
      if (error instanceof NotFoundError) return errorPage(c, 404, { detail: t.errors.domainNotFound(normaliseDomain(raw) ?? raw) });
      throw error;
    }
    const body = <Body found={found} locale={frame.locale} />;
    return render(c, frame, { title: found.domain, nav: 'organisations', body });
  };
}
