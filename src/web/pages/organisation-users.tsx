import type { Context, Hono } from 'hono';
import { ORGANISATION_ROLES, type OrganisationRole } from '../../domain/access.js';
import type { Organisation } from '../../domain/organisation.js';
import { InputError, NotFoundError } from '../../domain/errors.js';
import { AccountService } from '../../services/accounts.js';
import { findAccountByEmail, membershipsOf } from '../../store/accounts.js';
import { DoneNotice } from '../components/account/done-notice.js';
import { errorFor, ErrorSummary, problemsOf, SecondaryButton, SelectField, type FormProblem } from '../components/account/form-parts.js';
import { Field, PostForm, SubmitButton } from '../components/form-field.js';
import { frameOf } from '../components/frame.js';
import { organisationHref } from '../components/links.js';
import { Section } from '../components/section.js';
import { Table } from '../components/table.js';
import type { WebDeps } from '../deps.js';
import type { Locale } from '../i18n/index.js';
import { accessOf, formOf, organisationFor, signedIn, withDone } from './account-request.js';
import { render, type PageStatus } from './render.js';

/**
 * An organisation's users, for its admins and administrators: `/organisations/:code/users` lists the
 * members (name, e-mail, role, whether the role came from Thorbecke or the organisation's identity
 * provider), adds a person by e-mail (an existing account gets the role; otherwise an account without a
 * password is created), changes a role and removes a person. AccountService authorises and audits.
 */

const ADD_FIELDS = { email: 'user-email', displayName: 'user-name', role: 'user-role' } as const;

interface Member {
  id: number;
  name: string;
  email: string;
  role: OrganisationRole;
  source: 'local' | 'oidc';
}

interface UsersState {
  done?: string | undefined;
  problems?: readonly FormProblem[];
  values?: { email: string; displayName: string; role: string };
}

/** The organisation of the path, for someone who may manage its users (401 for the public, 403, 404). */
const managedOrganisation = (c: Context, deps: WebDeps): Promise<Organisation> => organisationFor(c, deps.db, 'organisation.users');

async function membersOf(deps: WebDeps, accounts: AccountService, c: Context, code: string): Promise<Member[]> {
  const listed = await accounts.list(accessOf(c).principal, code);
  return Promise.all(
    listed.map(async (a) => {
      const here = (await membershipsOf(deps.db, a.id)).find((m) => m.organisationCode === code);
      return { id: a.id, name: a.displayName, email: a.email, role: here?.role ?? 'editor', source: here?.source ?? 'local' };
    }),
  );
}

function MemberActions({ member, base, csrfToken, locale }: { member: Member; base: string; csrfToken: string; locale: Locale }) {
  const a = locale.t.account;
  const u = a.users;
  const id = `role-${String(member.id)}`;
  return (
    <>
      <PostForm action={`${base}/${String(member.id)}/role`} csrfToken={csrfToken} class="thorbecke-inline-form">
        <label class="utrecht-form-label thorbecke-visually-hidden" for={id}>
          {u.changeRole(member.name)}
        </label>
        <select class="utrecht-select utrecht-select--html-select" id={id} name="role">
          {ORGANISATION_ROLES.map((r) => (
            <option value={r} selected={r === member.role}>
              {a.roles[r]}
            </option>
          ))}
        </select>{' '}
        <SecondaryButton>{u.saveRole}</SecondaryButton>
      </PostForm>{' '}
      <PostForm action={`${base}/${String(member.id)}/remove`} csrfToken={csrfToken} class="thorbecke-inline-form">
        <SecondaryButton label={u.removeLabel(member.name)}>{u.remove}</SecondaryButton>
      </PostForm>
    </>
  );
}

async function usersPage(c: Context, deps: WebDeps, accounts: AccountService, state: UsersState, status: PageStatus = 200): Promise<Response> {
  const org = await managedOrganisation(c, deps);
  const { session } = signedIn(c);
  const frame = frameOf(c);
  const { locale } = frame;
  const a = locale.t.account;
  const u = a.users;
  const members = await membersOf(deps, accounts, c, org.code);
  const base = `${organisationHref(org.code)}/users`;
  const values = state.values ?? { email: '', displayName: '', role: 'editor' };
  const body = (
    <>
      <h1 class="utrecht-heading-1">{u.heading(org.name)}</h1>
      <ErrorSummary problems={state.problems} locale={locale} />
      <DoneNotice done={state.done} locale={locale} />
      <p class="utrecht-paragraph">{u.intro}</p>
      <Section id="members" title={u.membersHeading}>
        {members.length === 0 ? (
          <p class="utrecht-paragraph">{u.none}</p>
        ) : (
          <Table
            id="members-table"
            caption={u.caption(org.name)}
            head={[u.name, u.email, u.role, u.source, u.actions]}
            rows={members.map((m) => [m.name, m.email, a.roles[m.role], a.sources[m.source], <MemberActions member={m} base={base} csrfToken={session.csrfToken} locale={locale} />])}
          />
        )}
      </Section>
      <Section id="add-user" title={u.addHeading}>
        <p class="utrecht-paragraph">{u.addIntro}</p>
        <PostForm action={base} csrfToken={session.csrfToken}>
          <Field id={ADD_FIELDS.email} name="email" label={u.email} type="email" autocomplete="off" required maxlength={254} value={values.email} error={errorFor(state.problems, ADD_FIELDS.email)} />
          <Field id={ADD_FIELDS.displayName} name="displayName" label={u.name} hint={u.displayNameHint} maxlength={200} value={values.displayName} error={errorFor(state.problems, ADD_FIELDS.displayName)} />
          <SelectField
            id={ADD_FIELDS.role}
            name="role"
            label={u.role}
            options={ORGANISATION_ROLES.map((r) => ({ value: r, label: a.roles[r] }))}
            value={values.role}
            required
            error={errorFor(state.problems, ADD_FIELDS.role)}
          />
          <SubmitButton>{u.add}</SubmitButton>
        </PostForm>
      </Section>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={organisationHref(org.code)}>
          {u.backToOrganisation(org.name)}
        </a>
      </p>
    </>
  );
  return render(c, frame, { title: u.title(org.name), body }, status);
}

/** The account number in the path (404 for anything else). */
function accountIdOf(c: Context): number {
  const raw = c.req.param('id') ?? '';
  if (!/^[1-9]\d{0,15}$/.test(raw)) throw new NotFoundError(`No account "${raw.slice(0, 20)}".`);
  return Number(raw);
}

export function registerOrganisationUserRoutes(pages: Hono, deps: WebDeps): void {
  const accounts = new AccountService(deps.db);

  pages.get('/organisations/:code/users', (c) => usersPage(c, deps, accounts, { done: c.req.query('done') }));

  pages.post('/organisations/:code/users', async (c) => {
    const org = await managedOrganisation(c, deps);
    const field = await formOf(c);
    const u = frameOf(c).locale.t.account;
    const values = { email: field('email'), displayName: field('displayName'), role: field('role') };
    const { principal, actor } = accessOf(c);
    const fields = {
      email: { id: ADD_FIELDS.email, label: u.users.email },
      displayName: { id: ADD_FIELDS.displayName, label: u.users.name },
      role: { id: ADD_FIELDS.role, label: u.users.role },
      'memberships.0.role': { id: ADD_FIELDS.role, label: u.users.role },
    };
    let done: 'user-granted' | 'user-created';
    try {
      const existing = values.email === '' ? undefined : await findAccountByEmail(deps.db, values.email);
      if (existing !== undefined) {
        await accounts.grant(principal, actor, existing.id, { organisationCode: org.code, role: values.role });
        done = 'user-granted';
      } else {
        if (values.displayName === '') throw new InputError(u.form.required, [{ location: 'displayName', message: u.form.required }]);
        await accounts.addUser(principal, actor, { email: values.email, displayName: values.displayName, memberships: [{ organisationCode: org.code, role: values.role }] });
        done = 'user-created';
      }
    } catch (error) {
      if (error instanceof InputError) return usersPage(c, deps, accounts, { values, problems: problemsOf(error.issues, error.message, fields, frameOf(c).locale) }, 400);
      throw error;
    }
    return c.redirect(withDone(`${organisationHref(org.code)}/users`, done), 303);
  });

  pages.post('/organisations/:code/users/:id/role', async (c) => {
    const org = await managedOrganisation(c, deps);
    const id = accountIdOf(c);
    const field = await formOf(c);
    const { principal, actor } = accessOf(c);
    const current = (await membershipsOf(deps.db, id)).some((m) => m.organisationCode === org.code);
    if (!current) throw new NotFoundError(`Account ${String(id)} has no role in ${org.code}.`);
    await accounts.grant(principal, actor, id, { organisationCode: org.code, role: field('role') });
    return c.redirect(withDone(`${organisationHref(org.code)}/users`, 'role-changed'), 303);
  });

  pages.post('/organisations/:code/users/:id/remove', async (c) => {
    const org = await managedOrganisation(c, deps);
    const id = accountIdOf(c);
    const { principal, actor } = accessOf(c);
    await accounts.revoke(principal, actor, id, org.code);
    return c.redirect(withDone(`${organisationHref(org.code)}/users`, 'user-removed'), 303);
  });
}
