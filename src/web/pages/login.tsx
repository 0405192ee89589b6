import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { AuthenticationError, TooManyRequestsError } from '../../domain/errors.js';
import { AccountService } from '../../services/accounts.js';
import { completeSecondFactor, createSession, deleteSession, findLiveSession } from '../../store/sessions.js';
import { sessionOf } from '../auth/context.js';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from '../auth/cookie.js';
import { createLoginThrottle, type LoginThrottle } from '../auth/login-throttle.js';
import { safeNext } from '../auth/next.js';
import { providerChoices } from '../auth/oidc-providers.js';
import { Alert } from '../components/alert.js';
import { DoneNotice } from '../components/account/done-notice.js';
import { Field, PostForm, SubmitButton } from '../components/form-field.js';
import { frameOf } from '../components/frame.js';
import type { WebDeps } from '../deps.js';
import { render, type PageStatus } from './render.js';

/**
 * Logging in and out: `/login` (e-mail and password, or a button per OpenID Connect provider),
 * `/login/second-factor` (the TOTP code of an account that has one), `POST /logout`. A password alone
 * gives a session that authorises nothing until the code is given; a full session gets a new secret.
 */

const loginForm = z.object({ email: z.string().trim().max(254), password: z.string().max(1024), next: z.string().optional() });
const codeForm = z.object({ code: z.string().trim().max(20), next: z.string().optional() });

function loginPage(c: Context, next: string, options: { email?: string; error?: string; status?: PageStatus } = {}) {
  const frame = frameOf(c);
  const { t } = frame.locale;
  const a = t.auth.login;
  const providers = providerChoices(c.get('webConfig'));
  const body = (
    <>
      <h1 class="utrecht-heading-1">{a.heading}</h1>
      <p class="utrecht-paragraph">{a.intro}</p>
      <DoneNotice done={c.req.query('done')} locale={frame.locale} />
      {options.error === undefined ? null : (
        <Alert type="error">
          <h2 class="utrecht-heading-2">{a.failed}</h2>
          <p class="utrecht-paragraph">{options.error}</p>
        </Alert>
      )}
      {providers.length === 0 ? null : (
        <section aria-labelledby="providers-heading">
          <h2 class="utrecht-heading-2" id="providers-heading">
            {a.providersHeading}
          </h2>
          <ul class="utrecht-unordered-list">
            {providers.map((p) => (
              <li class="utrecht-unordered-list__item">
                <a class="utrecht-link" href={`/login/oidc/${encodeURIComponent(p.id)}?next=${encodeURIComponent(next)}`}>
                  {a.withProvider(p.name)}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="local-heading">
        <h2 class="utrecht-heading-2" id="local-heading">
          {a.localHeading}
        </h2>
        <PostForm action="/login">
          <input type="hidden" name="next" value={next} />
          <Field id="email" label={a.email} type="email" autocomplete="username" required value={options.email} maxlength={254} />
          <Field id="password" label={a.password} type="password" autocomplete="current-password" required maxlength={1024} />
          <SubmitButton>{a.submit}</SubmitButton>
        </PostForm>
      </section>
    </>
  );
  return render(c, frame, { title: a.title, body }, options.status ?? 200);
}

function secondFactorPage(c: Context, next: string, options: { error?: string; status?: PageStatus } = {}) {
  const frame = frameOf(c);
  const s = frame.locale.t.auth.secondFactor;
  const body = (
    <>
      <h1 class="utrecht-heading-1">{s.heading}</h1>
      <p class="utrecht-paragraph">{s.intro}</p>
      {options.error === undefined ? null : (
        <Alert type="error">
          <p class="utrecht-paragraph">{options.error}</p>
        </Alert>
      )}
      <PostForm action="/login/second-factor">
        <input type="hidden" name="next" value={next} />
        <Field id="code" label={s.code} autocomplete="one-time-code" inputmode="numeric" required maxlength={20} error={options.error === undefined ? undefined : s.failed} />
        <SubmitButton>{s.submit}</SubmitButton>
      </PostForm>
    </>
  );
  return render(c, frame, { title: s.title, body }, options.status ?? 200);
}

declare module 'hono' {
  interface ContextVariableMap {
    /** The configuration, for pages that need it (the login page's providers). */
    webConfig: WebDeps['config'];
  }
}

export function registerLoginRoutes(pages: Hono, deps: WebDeps, throttle: LoginThrottle = createLoginThrottle()): void {
  const accounts = new AccountService(deps.db);
  pages.use('/login/*', async (c, next) => {
    c.set('webConfig', deps.config);
    await next();
  });
  pages.use('/login', async (c, next) => {
    c.set('webConfig', deps.config);
    await next();
  });

  pages.get('/login', (c) => loginPage(c, safeNext(c.req.query('next'))));

  pages.post('/login', async (c) => {
    const form = loginForm.safeParse(await c.req.parseBody());
    const next = safeNext(form.success ? form.data.next : undefined);
    if (!form.success) return loginPage(c, next, { error: frameOf(c).locale.t.errors.body[400], status: 400 });
    const key = { ip: c.get('clientIp') ?? 'unknown', email: form.data.email };
    try {
      await throttle.check(key);
      const outcome = await accounts.login(form.data.email, form.data.password);
      await throttle.succeeded(key);
      const { secret } = await createSession(deps.db, { accountId: outcome.account.id, method: 'password', awaitingSecondFactor: outcome.needsSecondFactor, ip: c.get('clientIp'), userAgent: c.req.header('user-agent') });
      writeSessionCookie(c, deps.config, secret);
      deps.logger.info({ account: outcome.account.id, secondFactor: outcome.needsSecondFactor }, 'password accepted');
      return c.redirect(outcome.needsSecondFactor ? `/login/second-factor?next=${encodeURIComponent(next)}` : next, 303);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        await throttle.failed(key).catch(() => undefined);
        return loginPage(c, next, { email: form.data.email, error: frameOf(c).locale.t.auth.login.wrong, status: 401 });
      }
      if (error instanceof TooManyRequestsError) {
        c.header('Retry-After', String(error.retryAfterSeconds));
        return loginPage(c, next, { email: form.data.email, error: frameOf(c).locale.t.auth.login.tooMany, status: 429 });
      }
      throw error;
    }
  });

  pages.get('/login/second-factor', (c) => {
    const next = safeNext(c.req.query('next'));
    if (c.get('pendingSession') === undefined) return loginPage(c, next, { error: frameOf(c).locale.t.auth.secondFactor.expired, status: 401 });
    return secondFactorPage(c, next);
  });

  pages.post('/login/second-factor', async (c) => {
    const pending = c.get('pendingSession');
    const form = codeForm.safeParse(await c.req.parseBody());
    const next = safeNext(form.success ? form.data.next : undefined);
    if (pending === undefined) return loginPage(c, next, { error: frameOf(c).locale.t.auth.secondFactor.expired, status: 401 });
    const key = { ip: c.get('clientIp') ?? 'unknown', email: `account:${String(pending.accountId)}` };
    try {
      await throttle.check(key);
      await accounts.verifySecondFactor(pending.accountId, form.success ? form.data.code : '');
    } catch (error) {
      if (error instanceof AuthenticationError) {
        await throttle.failed(key).catch(() => undefined);
        return secondFactorPage(c, next, { error: frameOf(c).locale.t.auth.secondFactor.failed, status: 401 });
      }
      if (error instanceof TooManyRequestsError) {
        c.header('Retry-After', String(error.retryAfterSeconds));
        return secondFactorPage(c, next, { error: frameOf(c).locale.t.auth.login.tooMany, status: 429 });
      }
      throw error;
    }
    await throttle.succeeded(key);
    const { secret } = await completeSecondFactor(deps.db, pending);
    writeSessionCookie(c, deps.config, secret);
    deps.logger.info({ account: pending.accountId }, 'logged in with a second factor');
    return c.redirect(next, 303);
  });

  pages.post('/logout', async (c) => {
    const session = sessionOf(c);
    if (session !== undefined) {
      await deleteSession(deps.db, session.id);
      deps.logger.info({ account: session.accountId }, 'logged out');
    } else {
      // A half-finished login (password without code) ends too.
      const secret = readSessionCookie(c, deps.config);
      const pending = secret === undefined ? undefined : await findLiveSession(deps.db, secret);
      if (pending !== undefined) await deleteSession(deps.db, pending.id);
    }
    clearSessionCookie(c, deps.config);
    return c.redirect('/', 303);
  });

}
