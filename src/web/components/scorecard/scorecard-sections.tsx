import type { OrganisationDetail } from '../../../services/organisations.js';
import type { Scorecard } from '../../../services/scorecard.js';
import type { Locale } from '../../i18n/index.js';
import { DownloadLinks } from '../download-links.js';
import { Section } from '../section.js';
import type { ScorecardEdit } from '../account/edit-links.js';
import { ScorecardHistory } from './history-chart.js';
import { compareHref, feedHref, organisationDataBase } from './links.js';
import { PeersTable } from './peers-table.js';
import { ScorecardPriorities } from './scorecard-section.js';

export interface ScorecardSectionsProps {
  detail: OrganisationDetail;
  /** Undefined when no strategy has been applied. */
  scorecard: Scorecard | undefined;
  locale: Locale;
  /** Edit links per target, for a signed-in person who may use them. */
  edit?: ScorecardEdit | undefined;
}

/**
 * The scorecard part of the organisation page: the targets per priority with findings (section `targets`),
 * the history chart (`progress-history`), the comparison with peers (`peers`), and the Atom feed (`follow`).
 */
export function ScorecardSections({ detail, scorecard, locale, edit }: ScorecardSectionsProps) {
  const { t } = locale;
  const s = t.scorecard;
  const org = detail.organisation;
  const layerPlural = t.layersPlural[org.layer];
  const data = organisationDataBase(org.code);
  if (scorecard === undefined || detail.targets.length === 0) {
    return (
      <Section id="targets" title={t.organisation.targets}>
        <p class="utrecht-paragraph">{t.organisation.noTargets}</p>
      </Section>
    );
  }
  const items = scorecard.priorities.flatMap((p) => p.targets);
  const computed = items.some((i) => i.progress !== undefined);
  return (
    <>
      <Section id="targets" title={t.organisation.targets}>
        <p class="utrecht-paragraph">{s.intro(layerPlural)}</p>
        {computed ? null : <p class="utrecht-paragraph">{s.notComputed}</p>}
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={compareHref([org.code])}>
            {s.compareLink}
          </a>
        </p>
        <ScorecardPriorities scorecard={scorecard} locale={locale} edit={edit} />
        <DownloadLinks base={`${data}/progress`} locale={locale} label={s.downloadProgress} />
      </Section>
      <Section id="progress-history" title={s.history}>
        <ScorecardHistory name={org.name} targets={detail.targets} history={scorecard.history} locale={locale} />
        <DownloadLinks base={`${data}/history`} locale={locale} label={s.downloadHistory} />
      </Section>
      <Section id="peers" title={s.peers}>
        <p class="utrecht-paragraph">{s.peersIntro(layerPlural)}</p>
        <PeersTable items={items} layerPlural={layerPlural} provinceName={detail.provinceName} locale={locale} />
      </Section>
      <Section id="follow" title={s.feed}>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={feedHref(org.code)} type="application/atom+xml">
            {s.feedLink(org.name)}
          </a>
        </p>
      </Section>
    </>
  );
}
