import type { Context } from 'hono';
import { NotFoundError } from '../../domain/errors.js';
import { MeasurementService } from '../../services/measurements.js';
import { ScorecardService, type Scorecard } from '../../services/scorecard.js';
import type { OrganisationDetail } from '../../services/organisations.js';
import type { LatestObservation } from '../../store/observations-read.js';
import type { WebDeps } from '../deps.js';
import { Alert } from '../components/alert.js';
import { frameOf } from '../components/frame.js';
import { DomainMeasurements } from '../components/domain-measurements.js';
import { domainHref, organisationHref } from '../components/links.js';
import { hasEnded, OrganisationFacts, OrgLink, today } from '../components/organisation-facts.js';
import { OrganisationHistory } from '../components/organisation-history.js';
import { DateView } from '../components/source.js';
import { Table } from '../components/table.js';
import type { Locale } from '../i18n/index.js';
import { errorPage } from './error.js';
import { changesHref } from './changes.js';
import { render } from './render.js';
import { Section } from '../components/section.js';
import { feedHref } from '../components/scorecard/links.js';
import { ScorecardSections } from '../components/scorecard/scorecard-sections.js';
import { can } from '../../domain/access.js';
import { principalOf } from '../auth/context.js';
import { DoneNotice } from '../components/account/done-notice.js';
import type { ScorecardEdit } from '../components/account/edit-links.js';

function EndedNotice({ detail, locale }: { detail: OrganisationDetail; locale: Locale }) {
  const o = locale.t.organisation;
  const { validTo } = detail.organisation;
  return (
    <Alert type="warning">
      <p class="utrecht-paragraph">{validTo === null ? o.endedNoticeNoDate : o.endedNotice(locale.format.date(validTo))}</p>
      {detail.successor === null ? null : (
        <p class="utrecht-paragraph">
          {o.continuedAs} <OrgLink code={detail.successor.code} name={detail.successor.name} />.
        </p>
      )}
    </Alert>
  );
}

interface BodyProps {
  detail: OrganisationDetail;
  /** Undefined when no strategy has been applied. */
  scorecard: Scorecard | undefined;
  /** The latest observations per domain name. */
  latest: ReadonlyMap<string, readonly LatestObservation[]>;
  locale: Locale;
  /** For a signed-in person: the edit links they may use, whether they manage the users, the notice after a write. */
  edit?: (ScorecardEdit & { users: boolean; done: string | undefined }) | undefined;
}

/** The organisation's domain names, each once (a domain can be registered for web and for mail). */
const domainNames = (detail: OrganisationDetail): string[] => [...new Set(detail.domains.map((d) => d.name))];

function Body({ detail, scorecard, latest, locale, edit }: BodyProps) {
  const { t } = locale;
  const o = t.organisation;
  const org = detail.organisation;
  const ended = hasEnded(org, today());
  return (
    <>
      <h1 class="utrecht-heading-1">{org.name}</h1>
      <DoneNotice done={edit?.done} locale={locale} />
      {edit?.users === true ? (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={`${organisationHref(org.code)}/users`}>
            {t.account.usersLink}
          </a>
        </p>
      ) : null}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={changesHref(org.code)}>
          {t.audit.changes.link}
        </a>
      </p>
      {ended ? <EndedNotice detail={detail} locale={locale} /> : null}
      <Section id="details" title={o.details}>
        <OrganisationFacts detail={detail} locale={locale} ended={ended} />
      </Section>
      {detail.predecessors.length === 0 ? null : (
        <Section id="predecessors" title={o.predecessors}>
          <p class="utrecht-paragraph">{o.predecessorsIntro}</p>
          <ul class="utrecht-unordered-list">
            {detail.predecessors.map((p) => (
              <li class="utrecht-unordered-list__item">
                <a class="utrecht-link" href={organisationHref(p.code)}>
                  {p.name}
                </a>
                {p.validTo === null ? null : (
                  <>
                    {' '}
                    (<DateView iso={p.validTo} locale={locale} />)
                  </>
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}
      <ScorecardSections detail={detail} scorecard={scorecard} locale={locale} edit={edit} />
      <Section id="domains" title={o.domains}>
        {detail.domains.length === 0 ? (
          <p class="utrecht-paragraph">{o.noDomains}</p>
        ) : (
          <Table
            id="domain-table"
            caption={o.domainsCaption}
            head={[o.domain, o.kind, o.domainSource]}
            rows={detail.domains.map((d) => [
              <a class="utrecht-link" href={domainHref(d.name)}>
                {d.name}
              </a>,
              t.assetKinds[d.kind],
              d.source,
            ])}
          />
        )}
      </Section>
      <Section id="measurements" title={t.measurements.heading}>
        {detail.domains.length === 0 ? (
          <p class="utrecht-paragraph">{o.noDomains}</p>
        ) : (
          <DomainMeasurements domains={domainNames(detail)} latest={latest} locale={locale} />
        )}
      </Section>
      <Section id="history" title={o.history}>
        <OrganisationHistory history={detail.history} locale={locale} />
      </Section>
    </>
  );
}

/**
 * GET /organisations/:code: identity, merger notice, predecessors, the scorecard (targets per priority with
 * findings, history, peers, feed), domains, the latest measurements per domain and import history.
 */
export function organisationRoute(deps: WebDeps) {
  const measurements = new MeasurementService(deps.db);
  const scorecards = new ScorecardService(deps.db);
  return async (c: Context): Promise<Response> => {
    const frame = frameOf(c);
    const code = c.req.param('code') ?? '';
    let detail: OrganisationDetail;
    try {
      detail = await deps.organisations.detail(code);
    } catch (error) {
      if (error instanceof NotFoundError) return errorPage(c, 404, { detail: frame.locale.t.errors.organisationNotFound(code) });
      throw error;
    }
    const latest = await measurements.latestByDomain(domainNames(detail));
    const current = await deps.strategy.current();
    const org = detail.organisation;
    const scorecard = current
      ? await scorecards.scorecard(current.strategy, { code: org.code, layer: org.layer, provinceCode: org.provinceCode, targets: detail.targets, latest })
      : undefined;
    const principal = principalOf(c);
    const edit =
      principal.kind === 'account'
        ? { code: org.code, commitment: can(principal, 'commitment.write', org.code), explain: can(principal, 'explanation.propose', org.code), users: can(principal, 'organisation.users', org.code), done: c.req.query('done') }
        : undefined;
    const body = <Body detail={detail} scorecard={scorecard} latest={latest} locale={frame.locale} edit={edit} />;
    const alternate = { href: feedHref(org.code), title: frame.locale.t.scorecard.feedLink(org.name) };
    return render(c, frame, { title: org.name, nav: 'organisations', body, alternate });
  };
}
