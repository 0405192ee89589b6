import type { OrganisationDetail } from '../../services/organisations.js';
import { tooiUri } from '../../domain/tooi.js';
import type { Locale } from '../i18n/index.js';
import { ExternalLink } from './external-link.js';
import { Facts } from './facts.js';
import { organisationHref } from './links.js';
import { DateView } from './source.js';

/** Whether an organisation's validity ended on or before `date` (ISO); one that has not started yet has not ended. */
export function hasEnded(org: Pick<OrganisationDetail['organisation'], 'validTo'>, date: string): boolean {
  return org.validTo !== null && org.validTo <= date;
}

/** Today as `YYYY-MM-DD` (UTC). */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** A link to an organisation page, by name where known. */
export function OrgLink({ code, name }: { code: string; name: string | null }) {
  return (
    <a class="utrecht-link" href={organisationHref(code)}>
      {name ?? code}
    </a>
  );
}

/** The identity of an organisation as a description list. */
export function OrganisationFacts({ detail, locale, ended }: { detail: OrganisationDetail; locale: Locale; ended: boolean }) {
  const { t } = locale;
  const o = t.organisation;
  const org = detail.organisation;
  const uri = tooiUri(org.code);
  const notKnown = t.common.notKnown;
  return (
    <Facts
      facts={[
        { term: o.name, value: org.name },
        { term: o.shortName, value: org.shortName ?? undefined },
        { term: o.code, value: <code class="utrecht-code">{org.code}</code> },
        { term: o.tooiUri, value: uri === undefined ? undefined : <ExternalLink href={uri}>{uri}</ExternalLink> },
        { term: o.oin, value: org.oin ?? notKnown },
        { term: o.layer, value: t.layers[org.layer] },
        {
          term: o.province,
          value: org.provinceCode === null ? undefined : <OrgLink code={org.provinceCode} name={detail.provinceName} />,
        },
        { term: o.parent, value: org.parentCode === null ? undefined : <OrgLink code={org.parentCode} name={detail.parentName} /> },
        { term: o.website, value: org.website === null ? notKnown : <ExternalLink href={org.website}>{org.website}</ExternalLink> },
        { term: o.validFrom, value: org.validFrom === null ? notKnown : <DateView iso={org.validFrom} locale={locale} /> },
        { term: o.validTo, value: org.validTo === null ? undefined : <DateView iso={org.validTo} locale={locale} /> },
        { term: o.status, value: ended ? o.ended : o.current },
        {
          term: o.successor,
          value: detail.successor === null ? undefined : <OrgLink code={detail.successor.code} name={detail.successor.name} />,
        },
      ]}
    />
  );
}
