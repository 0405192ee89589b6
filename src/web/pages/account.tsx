import type { Context, Hono } from 'hono';
import QRCode from 'qrcode';
import { InputError, NotAllowedError, type Issue } from '../../domain/errors.js';
import type { GlobalRole, OrganisationRole } from '../../domain/access.js';
import { AccountService } from '../../services/accounts.js';
import { totpUri } from '../../services/totp.js';
import { findAccount } from '../../store/accounts.js';
import { sessionsOf } from '../../store/sessions.js';
import { clearSessionCookie } from '../auth/cookie.js';
import { AccountOverview } from '../components/account/account-overview.js';
import { DoneNotice } from '../components/account/done-notice.js';
import { ErrorSummary, problemsOf, type FormProblem } from '../components/account/form-parts.js';
import { PASSWORD_FIELDS, PasswordForm } from '../components/account/password-form.js';
import { SessionsSection } from '../components/account/sessions-section.js';
import { NewTokenNotice, TOKEN_FIELDS, TokensSection, type TokenChoices, type TokenFormValues } from '../components/account/tokens-section.js';
import { TOTP_CODE_FIELD, TotpSection, type TotpEnrolment } from '../components/account/totp-section.js';
import { frameOf } from '../components/frame.js';
import type { WebDeps } from '../deps.js';
import type { Locale } from '../i18n/index.js';
import { accessOf, formOf, signedIn, withDone, type AccountPrincipal } from './account-request.js';
import { render, type PageStatus } from './render.js';

/**
 * One's own account, signed in: `/account` (who you are, organisations and roles), changing the password,
 * setting up an authenticator app (TOTP, with a QR code), API tokens (list, revoke, create — the secret is
 * shown once), and logging out everywhere. Every form posts with the session's CSRF token; after a write
 * the browser is sent back (303) with a notice, or the page is shown again with the problems.
 */

/** What one request adds to the page: a notice, a failed form, an enrolment, a new token. */
interface AccountState {
  done?: string | undefined;
  /** Problems that belong to no form field. */
  general?: readonly FormProblem[];
  password?: readonly FormProblem[];
  totp?: TotpEnrolment;
  token?: { values: TokenFormValues; problems: readonly FormProblem[] };
  newSecret?: string;
}

/** The token form's choices: the person's organisations, and the roles they hold (a token never has more). */
function tokenChoices(principal: AccountPrincipal, memberships: readonly { organisationCode: string; organisationName: string; role: OrganisationRole }[]): TokenChoices {
  const administrator = principal.globalRole === 'administrator';
  const roles: (OrganisationRole | GlobalRole)[] = [];
  if (memberships.length > 0) roles.push('editor');
  if (memberships.length > 0 && (administrator || memberships.some((m) => m.role === 'admin'))) roles.push('admin');
  if (principal.globalRole === 'coordinator' || administrator) roles.push('coordinator');
  if (administrator) roles.push('administrator');
  return { organisations: memberships.map((m) => ({ code: m.organisationCode, name: m.organisationName })), roles, global: principal.globalRole !== null };
}

async function accountPage(c: Context, deps: WebDeps, accounts: AccountService, state: AccountState, status: PageStatus = 200): Promise<Response> {
  const { principal, session } = signedIn(c);
  const frame = frameOf(c);
  const { locale } = frame;
  const a = locale.t.account;
  const [summary, row, tokens, live] = await Promise.all([
    accounts.summary(session.accountId),
    findAccount(deps.db, session.accountId),
    accounts.tokens(session.accountId),
    sessionsOf(deps.db, session.accountId),
  ]);
  const hasPassword = row?.password_hash != null;
  const problems = [...(state.general ?? []), ...(state.password ?? []), ...(state.totp?.problems ?? []), ...(state.token?.problems ?? [])];
  const body = (
    <>
      <h1 class="utrecht-heading-1">{a.page.heading}</h1>
      <ErrorSummary problems={problems} locale={locale} />
      <DoneNotice done={state.done} locale={locale} />
      {state.newSecret === undefined ? null : <NewTokenNotice secret={state.newSecret} locale={locale} />}
      <AccountOverview summary={summary} memberships={summary.memberships} method={session.method} locale={locale} />
      <PasswordForm csrfToken={session.csrfToken} hasPassword={hasPassword} problems={state.password} locale={locale} />
      <TotpSection csrfToken={session.csrfToken} enabled={summary.secondFactor} local={hasPassword} enrolment={state.totp} locale={locale} />
      <TokensSection
        tokens={tokens}
        choices={tokenChoices(principal, summary.memberships)}
        csrfToken={session.csrfToken}
        values={state.token?.values}
        problems={state.token?.problems}
        locale={locale}
      />
      <SessionsSection csrfToken={session.csrfToken} live={live.length} locale={locale} />
    </>
  );
  return render(c, frame, { title: a.page.title, body }, status);
}

/** The password form's problems, in the page's language where Thorbecke knows them. */
function passwordProblems(error: InputError, locale: Locale): FormProblem[] {
  const p = locale.t.account.password;
  const fields = { current: { id: PASSWORD_FIELDS.current, label: p.current }, password: { id: PASSWORD_FIELDS.next, label: p.next }, repeat: { id: PASSWORD_FIELDS.repeat, label: p.repeat } };
  return problemsOf(error.issues, error.message, fields, locale).map((problem) => (problem.field === PASSWORD_FIELDS.current ? { ...problem, message: p.currentWrong } : problem));
}

async function enrolmentOf(secret: string, email: string): Promise<TotpEnrolment> {
  return { secret, qrDataUri: await QRCode.toDataURL(totpUri(secret, email), { width: 200, margin: 2 }) };
}

export function registerAccountRoutes(pages: Hono, deps: WebDeps): void {
  const accounts = new AccountService(deps.db);

  pages.get('/account', (c) => accountPage(c, deps, accounts, { done: c.req.query('done') }));

  pages.post('/account/password', async (c) => {
    const { session } = signedIn(c);
    const field = await formOf(c);
    const locale = frameOf(c).locale;
    const p = locale.t.account.password;
    try {
      if (field('next', 'raw') !== field('repeat', 'raw')) throw new InputError(p.mismatch, [{ location: 'repeat', message: p.mismatch }]);
      await accounts.changePassword(accessOf(c).actor, session.accountId, field('current', 'raw'), field('next', 'raw'), session.id);
    } catch (error) {
      if (error instanceof InputError) return accountPage(c, deps, accounts, { password: passwordProblems(error, locale) }, 400);
      throw error;
    }
    return c.redirect(withDone('/account', 'password'), 303);
  });

  pages.post('/account/totp/start', async (c) => {
    const { session } = signedIn(c);
    const started = await accounts.startTotp(session.accountId);
    const summary = await accounts.summary(session.accountId);
    return accountPage(c, deps, accounts, { totp: await enrolmentOf(started.secret, summary.email) });
  });

  pages.post('/account/totp/confirm', async (c) => {
    const { session } = signedIn(c);
    const field = await formOf(c);
    const z = frameOf(c).locale.t.account.totp;
    try {
      await accounts.confirmTotp(accessOf(c).actor, session.accountId, field('code'));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const row = await findAccount(deps.db, session.accountId);
      const pending = row?.totp_pending_secret ?? null;
      if (row === undefined || pending === null) return accountPage(c, deps, accounts, { general: [{ message: z.notStarted }] }, 400);
      const enrolment = await enrolmentOf(pending, row.email);
      return accountPage(c, deps, accounts, { totp: { ...enrolment, problems: [{ field: TOTP_CODE_FIELD, label: z.code, message: z.wrongCode }] } }, 400);
    }
    return c.redirect(withDone('/account', 'totp'), 303);
  });

  pages.post('/account/tokens', async (c) => {
    signedIn(c);
    const field = await formOf(c);
    const k = frameOf(c).locale.t.account.tokens;
    const values: TokenFormValues = { name: field('name'), organisationCode: field('organisationCode'), role: field('role'), expiresInDays: field('expiresInDays') };
    const input = { name: values.name, organisationCode: values.organisationCode === '' ? null : values.organisationCode, role: values.role, expiresInDays: values.expiresInDays };
    const fields = {
      name: { id: TOKEN_FIELDS.name, label: k.name },
      organisationCode: { id: TOKEN_FIELDS.organisationCode, label: k.organisation },
      role: { id: TOKEN_FIELDS.role, label: k.role },
      expiresInDays: { id: TOKEN_FIELDS.expiresInDays, label: k.days },
    };
    try {
      const { secret } = await accounts.createToken(accessOf(c).principal, accessOf(c).actor, input);
      return await accountPage(c, deps, accounts, { newSecret: secret });
    } catch (error) {
      const issues: readonly Issue[] | undefined = error instanceof InputError ? error.issues : error instanceof NotAllowedError ? [{ location: 'role', message: error.message }] : undefined;
      if (issues === undefined) throw error;
      return accountPage(c, deps, accounts, { token: { values, problems: problemsOf(issues, (error as Error).message, fields, frameOf(c).locale) } }, 400);
    }
  });

  pages.post('/account/tokens/:id/revoke', async (c) => {
    signedIn(c);
    const raw = c.req.param('id');
    if (!/^[1-9]\d{0,15}$/.test(raw)) throw new InputError(`"${raw.slice(0, 40)}" is not a token number.`);
    await accounts.revokeToken(accessOf(c).principal, accessOf(c).actor, Number(raw));
    return c.redirect(withDone('/account', 'token-revoked'), 303);
  });

  pages.post('/account/logout-everywhere', async (c) => {
    const { session } = signedIn(c);
    const ended = await accounts.logoutEverywhere(accessOf(c).actor, session.accountId);
    clearSessionCookie(c, deps.config);
    deps.logger.info({ account: session.accountId, sessions: ended }, 'logged out everywhere');
    return c.redirect(withDone('/login', 'logged-out-everywhere'), 303);
  });
}
