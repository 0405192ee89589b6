import type { Context, Hono } from 'hono';
import { InputError, NotFoundError } from '../../domain/errors.js';
import type { Organisation } from '../../domain/organisation.js';
import { AccountabilityService, oneYearAfter } from '../../services/accountability.js';
import { domainsOf } from '../../store/organisations.js';
import { isPerOrganisation } from '../../strategy/query.js';
import type { Target } from '../../strategy/schema.js';
import { errorFor, ErrorSummary, problemsOf, SelectField, TextAreaField, type FormProblem } from '../components/account/form-parts.js';
import { Field, PostForm, SubmitButton } from '../components/form-field.js';
import { frameOf } from '../components/frame.js';
import { organisationHref } from '../components/links.js';
import { explanationHref } from '../components/scorecard/links.js';
import type { WebDeps } from '../deps.js';
import { accessOf, formOf, organisationFor, signedIn, withDone } from './account-request.js';
import { render, type PageStatus } from './render.js';

/**
 * Proposing an explanation for an organisation, by its editors (and coordinators):
 * `GET /organisations/:code/explanations/new?target=…&scope=…&domain=…&check=…` prefills the form (from a
 * link on the scorecard), `POST /organisations/:code/explanations` proposes it. AccountabilityService checks
 * it against the strategy and the register and records it; a coordinator decides it on its own page.
 */

/** The scopes an organisation proposes (supplier explanations cover many organisations: coordinators propose those through the API). */
const SCOPES = ['target', 'domain', 'finding'] as const;

interface ProposalValues {
  scope: string;
  targetId: string;
  domain: string;
  checkId: string;
  reason: string;
  expiresOn: string;
}

const today = (): string => new Date().toISOString().slice(0, 10);

/** The targets this organisation can explain: measured per organisation, with its layer in scope. */
async function targetsFor(deps: WebDeps, org: Organisation): Promise<Target[]> {
  const current = await deps.strategy.current();
  if (current === undefined) throw new NotFoundError('No strategy has been applied yet: there is nothing to explain.');
  return current.strategy.targets.filter((t) => isPerOrganisation(t) && t.scope.layers.includes(org.layer));
}

async function proposePage(c: Context, deps: WebDeps, org: Organisation, values: ProposalValues, problems?: readonly FormProblem[], status: PageStatus = 200): Promise<Response> {
  const { session } = signedIn(c);
  const frame = frameOf(c);
  const { locale } = frame;
  const p = locale.t.account.propose;
  const none = { value: '', label: locale.t.account.form.none };
  const [targets, domains] = await Promise.all([targetsFor(deps, org), domainsOf(deps.db, org.code)]);
  const names = [...new Set(domains.map((d) => d.name))];
  const latest = oneYearAfter(today());
  const body = (
    <>
      <h1 class="utrecht-heading-1">{p.heading}</h1>
      <ErrorSummary problems={problems} locale={locale} />
      <p class="utrecht-paragraph">{p.intro(org.name)}</p>
      <PostForm action={`${organisationHref(org.code)}/explanations`} csrfToken={session.csrfToken}>
        <SelectField id="targetId" name="targetId" label={p.target} options={targets.map((t) => ({ value: t.id, label: t.title[locale.lang] }))} value={values.targetId} required error={errorFor(problems, 'targetId')} />
        <SelectField id="scope" name="scope" label={p.scope} options={SCOPES.map((s) => ({ value: s, label: p.scopes[s] }))} value={values.scope} required error={errorFor(problems, 'scope')} />
        <SelectField id="domain" name="domain" label={p.domain} hint={p.domainHint} options={[none, ...names.map((n) => ({ value: n, label: n }))]} value={values.domain} error={errorFor(problems, 'domain')} />
        <Field id="checkId" name="checkId" label={p.check} hint={p.checkHint} maxlength={100} value={values.checkId} error={errorFor(problems, 'checkId')} />
        <TextAreaField id="reason" name="reason" label={p.reason} hint={p.reasonHint} required maxlength={4000} value={values.reason} error={errorFor(problems, 'reason')} />
        <Field id="expiresOn" name="expiresOn" label={p.expiresOn} type="date" hint={p.expiresOnHint(locale.format.date(latest))} required value={values.expiresOn} error={errorFor(problems, 'expiresOn')} />
        <SubmitButton>{p.submit}</SubmitButton>
      </PostForm>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={organisationHref(org.code)}>
          {locale.t.account.users.backToOrganisation(org.name)}
        </a>
      </p>
    </>
  );
  return render(c, frame, { title: p.title, nav: 'organisations', body }, status);
}

export function registerExplanationEditRoutes(pages: Hono, deps: WebDeps): void {
  const service = new AccountabilityService(deps.db, deps.strategy);

  pages.get('/organisations/:code/explanations/new', async (c) => {
    const org = await organisationFor(c, deps.db, 'explanation.propose');
    const q = (name: string): string => (c.req.query(name) ?? '').trim().slice(0, 253);
    const scope = q('scope');
    const values: ProposalValues = {
      scope: (SCOPES as readonly string[]).includes(scope) ? scope : q('check') !== '' ? 'finding' : q('domain') !== '' ? 'domain' : 'target',
      targetId: q('target'),
      domain: q('domain'),
      checkId: q('check'),
      reason: '',
      expiresOn: '',
    };
    return proposePage(c, deps, org, values);
  });

  pages.post('/organisations/:code/explanations', async (c) => {
    const org = await organisationFor(c, deps.db, 'explanation.propose');
    const field = await formOf(c);
    const p = frameOf(c).locale.t.account.propose;
    const values: ProposalValues = { scope: field('scope'), targetId: field('targetId'), domain: field('domain'), checkId: field('checkId'), reason: field('reason'), expiresOn: field('expiresOn') };
    const input = {
      scope: values.scope,
      targetId: values.targetId,
      organisationCode: org.code,
      ...(values.domain === '' ? {} : { domain: values.domain }),
      ...(values.checkId === '' ? {} : { checkId: values.checkId }),
      reason: values.reason,
      expiresOn: values.expiresOn,
    };
    const fields = {
      scope: { id: 'scope', label: p.scope },
      targetId: { id: 'targetId', label: p.target },
      domain: { id: 'domain', label: p.domain },
      checkId: { id: 'checkId', label: p.check },
      reason: { id: 'reason', label: p.reason },
      expiresOn: { id: 'expiresOn', label: p.expiresOn },
    };
    let id: number;
    try {
      id = (await service.propose(accessOf(c), input)).id;
    } catch (error) {
      if (error instanceof InputError) return proposePage(c, deps, org, values, problemsOf(error.issues, error.message, fields, frameOf(c).locale), 400);
      throw error;
    }
    return c.redirect(withDone(explanationHref(id), 'explanation-proposed'), 303);
  });
}
