import type { Membership, AccountSummary } from '../../../store/accounts.js';
import type { Locale } from '../../i18n/index.js';
import { Facts } from '../facts.js';
import { organisationHref } from '../links.js';
import { Section } from '../section.js';
import { Table } from '../table.js';

/** "Who you are" on /account: name, e-mail, global role, how the session was opened, and the organisations with the role in each. */
export function AccountOverview({ summary, memberships, method, locale }: { summary: AccountSummary; memberships: readonly Membership[]; method: 'password' | 'oidc'; locale: Locale }) {
  const a = locale.t.account;
  const p = a.page;
  return (
    <>
      <Section id="who" title={p.who}>
        <Facts
          id="who-facts"
          facts={[
            { term: p.name, value: summary.displayName },
            { term: p.email, value: summary.email },
            { term: p.globalRole, value: summary.globalRole === null ? p.noGlobalRole : a.roles[summary.globalRole] },
            { term: p.loginMethod, value: p.methods[method] },
          ]}
        />
      </Section>
      <Section id="organisations" title={p.organisations}>
        {memberships.length === 0 ? (
          <p class="utrecht-paragraph">{p.noOrganisations}</p>
        ) : (
          <Table
            id="organisations-table"
            caption={p.organisationsCaption}
            head={[p.organisation, p.role, p.source, p.manageUsers]}
            rows={memberships.map((m) => [
              <a class="utrecht-link" href={organisationHref(m.organisationCode)}>
                {m.organisationName}
              </a>,
              a.roles[m.role],
              a.sources[m.source],
              m.role === 'admin' || summary.globalRole === 'administrator' ? (
                <a class="utrecht-link" href={`${organisationHref(m.organisationCode)}/users`}>
                  {a.users.title(m.organisationName)}
                </a>
              ) : (
                ''
              ),
            ])}
          />
        )}
      </Section>
    </>
  );
}
