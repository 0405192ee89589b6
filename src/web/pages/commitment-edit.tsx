import type { Context, Hono } from 'hono';
import { InputError, NotFoundError, type Issue } from '../../domain/errors.js';
import type { Organisation } from '../../domain/organisation.js';
import { AccountabilityService } from '../../services/accountability.js';
import { findCommitment } from '../../store/commitments.js';
import { findTarget, isPerOrganisation } from '../../strategy/query.js';
import type { Target } from '../../strategy/schema.js';
import { DoneNotice } from '../components/account/done-notice.js';
import { commitmentEditHref } from '../components/account/edit-links.js';
import { errorFor, ErrorSummary, problemsOf, SecondaryButton, TextAreaField, type FieldMap, type FormProblem } from '../components/account/form-parts.js';
import { Field, PostForm, SubmitButton } from '../components/form-field.js';
import { frameOf } from '../components/frame.js';
import { organisationHref } from '../components/links.js';
import { Section } from '../components/section.js';
import type { WebDeps } from '../deps.js';
import type { Locale } from '../i18n/index.js';
import { accessOf, formOf, organisationFor, signedIn, withDone } from './account-request.js';
import { render, type PageStatus } from './render.js';

/**
 * An organisation's planned date for one target, for its editors (and coordinators):
 * `GET|POST /organisations/:code/commitments/:targetId/edit` (planned date, note, up to three milestones of
 * date and percentage) and `POST …/clear`. AccountabilityService checks the dates against the target,
 * authorises and records the change in the audit log; afterwards the browser goes back to the scorecard.
 */

/** Milestone rows on the form. */
const MILESTONE_ROWS = 3;

interface CommitmentValues {
  plannedDate: string;
  note: string;
  milestones: { date: string; value: string }[];
}

const milestoneId = (row: number, part: 'date' | 'value'): string => `milestone-${String(row + 1)}-${part}`;

/** The organisation (which the person may edit) and the target of the path: 404 for an unknown or unfitting target. */
async function editable(c: Context, deps: WebDeps): Promise<{ org: Organisation; target: Target }> {
  const org = await organisationFor(c, deps.db, 'commitment.write');
  const targetId = c.req.param('targetId') ?? '';
  const current = await deps.strategy.current();
  const target = current === undefined ? undefined : findTarget(current.strategy, targetId);
  if (target === undefined || !isPerOrganisation(target) || !target.scope.layers.includes(org.layer)) {
    throw new NotFoundError(`There is no target "${targetId.slice(0, 100)}" for ${org.code}.`);
  }
  return { org, target };
}

function CommitmentForm({ org, target, values, problems, csrfToken, locale }: { org: Organisation; target: Target; values: CommitmentValues; problems: readonly FormProblem[] | undefined; csrfToken: string; locale: Locale }) {
  const m = locale.t.account.commitment;
  return (
    <PostForm action={commitmentEditHref(org.code, target.id)} csrfToken={csrfToken}>
      <Field id="plannedDate" name="plannedDate" label={m.plannedDate} type="date" hint={m.plannedDateHint} required value={values.plannedDate} error={errorFor(problems, 'plannedDate')} />
      <TextAreaField id="note" name="note" label={`${m.note} ${locale.t.account.form.optional}`} maxlength={4000} value={values.note} error={errorFor(problems, 'note')} />
      <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset" aria-describedby="milestones-hint">
        <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
          {m.milestones} {locale.t.account.form.optional}
        </legend>
        <p class="utrecht-form-field-description" id="milestones-hint">
          {m.milestonesHint}
        </p>
        {values.milestones.map((row, i) => (
          <>
            <Field id={milestoneId(i, 'date')} label={m.milestoneDate(i + 1)} type="date" value={row.date} error={errorFor(problems, milestoneId(i, 'date'))} />
            <Field id={milestoneId(i, 'value')} label={m.milestoneValue(i + 1)} type="number" inputmode="numeric" value={row.value} error={errorFor(problems, milestoneId(i, 'value'))} />
          </>
        ))}
      </fieldset>
      <SubmitButton>{m.save}</SubmitButton>
    </PostForm>
  );
}

async function editPage(c: Context, deps: WebDeps, state: { values?: CommitmentValues; problems?: readonly FormProblem[] }, status: PageStatus = 200): Promise<Response> {
  const { session } = signedIn(c);
  const { org, target } = await editable(c, deps);
  const frame = frameOf(c);
  const { locale } = frame;
  const m = locale.t.account.commitment;
  const existing = await findCommitment(deps.db, org.code, target.id);
  const title = target.title[locale.lang];
  const values: CommitmentValues = state.values ?? {
    plannedDate: existing?.plannedDate ?? '',
    note: existing?.note ?? '',
    milestones: Array.from({ length: MILESTONE_ROWS }, (_, i) => {
      const ms = existing?.milestones[i];
      return { date: ms?.date ?? '', value: ms === undefined ? '' : String(ms.value) };
    }),
  };
  const body = (
    <>
      <h1 class="utrecht-heading-1">{m.heading}</h1>
      <ErrorSummary problems={state.problems} locale={locale} />
      <DoneNotice done={c.req.query('done')} locale={locale} />
      <p class="utrecht-paragraph">{m.intro(org.name, title)}</p>
      <p class="utrecht-paragraph">
        {m.deadline(locale.format.date(target.deadline))} {target.explainAllowed ? null : m.afterDeadlineNotAllowed}
      </p>
      {existing === undefined ? null : <p class="utrecht-paragraph">{m.current(locale.format.date(existing.plannedDate), existing.setBy)}</p>}
      <CommitmentForm org={org} target={target} values={values} problems={state.problems} csrfToken={session.csrfToken} locale={locale} />
      {existing === undefined ? null : (
        <Section id="clear" title={m.clearHeading}>
          <p class="utrecht-paragraph">{m.clearIntro}</p>
          <PostForm action={`${organisationHref(org.code)}/commitments/${encodeURIComponent(target.id)}/clear`} csrfToken={session.csrfToken}>
            <SecondaryButton>{m.clear}</SecondaryButton>
          </PostForm>
        </Section>
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={organisationHref(org.code)}>
          {locale.t.account.users.backToOrganisation(org.name)}
        </a>
      </p>
    </>
  );
  return render(c, frame, { title: m.title(title), nav: 'organisations', body }, status);
}

/** The submitted values, and the service's input built from them (empty milestone rows left out). */
function commitmentInput(field: (name: string) => string, locale: Locale): { values: CommitmentValues; input: unknown; fields: FieldMap; issues: Issue[] } {
  const m = locale.t.account.commitment;
  const values: CommitmentValues = {
    plannedDate: field('plannedDate'),
    note: field('note'),
    milestones: Array.from({ length: MILESTONE_ROWS }, (_, i) => ({ date: field(milestoneId(i, 'date')), value: field(milestoneId(i, 'value')) })),
  };
  const fields: Record<string, { id: string; label: string }> = { plannedDate: { id: 'plannedDate', label: m.plannedDate }, note: { id: 'note', label: m.note } };
  const issues: Issue[] = [];
  const milestones: { date: string; value: number }[] = [];
  values.milestones.forEach((row, i) => {
    if (row.date === '' && row.value === '') return;
    const value = Number(row.value.replace(',', '.'));
    if (row.date === '' || row.value === '') issues.push({ location: `row.${String(i)}.${row.date === '' ? 'date' : 'value'}`, message: m.milestoneIncomplete });
    else if (!Number.isFinite(value) || value < 0 || value > 100) issues.push({ location: `row.${String(i)}.value`, message: m.notANumber });
    // The service numbers the milestones it gets; map its locations back to this row.
    fields[`milestones.${String(milestones.length)}.date`] = { id: milestoneId(i, 'date'), label: m.milestoneDate(i + 1) };
    fields[`milestones.${String(milestones.length)}.value`] = { id: milestoneId(i, 'value'), label: m.milestoneValue(i + 1) };
    fields[`row.${String(i)}.date`] = { id: milestoneId(i, 'date'), label: m.milestoneDate(i + 1) };
    fields[`row.${String(i)}.value`] = { id: milestoneId(i, 'value'), label: m.milestoneValue(i + 1) };
    milestones.push({ date: row.date, value });
  });
  const input = { plannedDate: values.plannedDate, milestones, ...(values.note === '' ? {} : { note: values.note }) };
  return { values, input, fields, issues };
}

export function registerCommitmentEditRoutes(pages: Hono, deps: WebDeps): void {
  const service = new AccountabilityService(deps.db, deps.strategy);
  const path = '/organisations/:code/commitments/:targetId';

  pages.get(`${path}/edit`, (c) => editPage(c, deps, {}));

  pages.post(`${path}/edit`, async (c) => {
    const { org, target } = await editable(c, deps);
    const locale = frameOf(c).locale;
    const { values, input, fields, issues } = commitmentInput(await formOf(c), locale);
    try {
      if (issues.length > 0) throw new InputError(locale.t.account.commitment.milestoneIncomplete, issues);
      await service.setCommitment(accessOf(c), org.code, target.id, input);
    } catch (error) {
      if (error instanceof InputError) return editPage(c, deps, { values, problems: problemsOf(error.issues, error.message, fields, locale) }, 400);
      throw error;
    }
    return c.redirect(withDone(organisationHref(org.code), 'commitment-saved', `#scorecard-${encodeURIComponent(target.id)}`), 303);
  });

  pages.post(`${path}/clear`, async (c) => {
    const { org, target } = await editable(c, deps);
    await service.clearCommitment(accessOf(c), org.code, target.id);
    return c.redirect(withDone(organisationHref(org.code), 'commitment-cleared', `#scorecard-${encodeURIComponent(target.id)}`), 303);
  });
}
