import type { GlobalRole, OrganisationRole } from '../../../domain/access.js';
import type { ApiTokenRecord } from '../../../store/api-tokens.js';
import type { Locale } from '../../i18n/index.js';
import { Alert } from '../alert.js';
import { Field, PostForm, SubmitButton } from '../form-field.js';
import { Section } from '../section.js';
import { Table } from '../table.js';
import { errorFor, SelectField, SecondaryButton, type FormProblem } from './form-parts.js';

/** The ids of the token form's fields (unique on the account page). */
export const TOKEN_FIELDS = { name: 'token-name', organisationCode: 'token-organisation', role: 'token-role', expiresInDays: 'token-days' } as const;

/** What the token form offers: the organisations where the person may act (code, name), and the roles they hold. */
export interface TokenChoices {
  organisations: readonly { code: string; name: string }[];
  roles: readonly (OrganisationRole | GlobalRole)[];
  /** The person has a global role: a token for all organisations is possible. */
  global: boolean;
}

export interface TokenFormValues {
  name?: string;
  organisationCode?: string;
  role?: string;
  expiresInDays?: string;
}

/** A token just created: its secret is shown this once, with a warning to copy it now. */
export function NewTokenNotice({ secret, locale }: { secret: string; locale: Locale }) {
  const k = locale.t.account.tokens;
  return (
    <Alert type="warning">
      <h2 class="utrecht-heading-2">{k.createdHeading}</h2>
      <p class="utrecht-paragraph">{k.copyNow}</p>
      <p class="utrecht-paragraph">
        {k.secretLabel}: <code class="utrecht-code" id="new-token">{secret}</code>
      </p>
      <p class="utrecht-paragraph">{k.usage}</p>
    </Alert>
  );
}

function TokenTable({ tokens, csrfToken, locale }: { tokens: readonly ApiTokenRecord[]; csrfToken: string; locale: Locale }) {
  const { format } = locale;
  const a = locale.t.account;
  const k = a.tokens;
  const when = (at: Date | null) => (at === null ? k.never : <time datetime={at.toISOString()}>{format.dateTime(at)}</time>);
  return (
    <Table
      id="tokens-table"
      caption={k.caption}
      head={[k.name, k.organisation, k.role, k.prefix, k.created, k.expires, k.lastUsed, k.revoked, k.actions]}
      rows={tokens.map((t) => [
        t.name,
        t.organisationCode ?? k.everyone,
        a.roles[t.role],
        <code class="utrecht-code">{`${t.prefix}…`}</code>,
        when(t.createdAt),
        when(t.expiresAt),
        when(t.lastUsedAt),
        t.revokedAt === null ? k.notRevoked : when(t.revokedAt),
        t.revokedAt === null ? (
          <PostForm action={`/account/tokens/${encodeURIComponent(String(t.id))}/revoke`} csrfToken={csrfToken} class="thorbecke-inline-form">
            <SecondaryButton label={k.revoke(t.name)}>{k.revokeShort}</SecondaryButton>
          </PostForm>
        ) : (
          ''
        ),
      ])}
    />
  );
}

/** API tokens on /account: the list with a Revoke button per live token, and the form that creates one. */
export function TokensSection(props: {
  tokens: readonly ApiTokenRecord[];
  choices: TokenChoices;
  csrfToken: string;
  values?: TokenFormValues | undefined;
  problems?: readonly FormProblem[] | undefined;
  locale: Locale;
}) {
  const { tokens, choices, csrfToken, values = {}, problems, locale } = props;
  const a = locale.t.account;
  const k = a.tokens;
  const organisations = [
    ...(choices.global ? [{ value: '', label: k.noOrganisation }] : []),
    ...choices.organisations.map((o) => ({ value: o.code, label: `${o.name} (${o.code})` })),
  ];
  return (
    <Section id="tokens" title={k.heading}>
      <p class="utrecht-paragraph">{k.intro}</p>
      {tokens.length === 0 ? <p class="utrecht-paragraph">{k.none}</p> : <TokenTable tokens={tokens} csrfToken={csrfToken} locale={locale} />}
      {organisations.length === 0 ? null : (
        <>
          <h3 class="utrecht-heading-3">{k.createHeading}</h3>
          <PostForm action="/account/tokens" csrfToken={csrfToken}>
            <Field id={TOKEN_FIELDS.name} name="name" label={k.name} hint={k.nameHint} required maxlength={100} value={values.name} error={errorFor(problems, TOKEN_FIELDS.name)} />
            <SelectField id={TOKEN_FIELDS.organisationCode} name="organisationCode" label={k.organisation} hint={k.organisationHint} options={organisations} value={values.organisationCode} error={errorFor(problems, TOKEN_FIELDS.organisationCode)} />
            <SelectField
              id={TOKEN_FIELDS.role}
              name="role"
              label={k.role}
              hint={k.roleHint}
              options={choices.roles.map((r) => ({ value: r, label: a.roles[r] }))}
              value={values.role}
              required
              error={errorFor(problems, TOKEN_FIELDS.role)}
            />
            <Field id={TOKEN_FIELDS.expiresInDays} name="expiresInDays" label={k.days} hint={k.daysHint} type="number" inputmode="numeric" required value={values.expiresInDays ?? '90'} error={errorFor(problems, TOKEN_FIELDS.expiresInDays)} />
            <SubmitButton>{k.create}</SubmitButton>
          </PostForm>
        </>
      )}
    </Section>
  );
}
