import type { Hono } from 'hono';
import { InputError, NotFoundError } from '../../domain/errors.js';
import { AccountabilityService } from '../../services/accountability.js';
import { DECISION_NOTE_FIELD, DecisionForm } from '../components/account/decision-form.js';
import { ErrorSummary, problemsOf } from '../components/account/form-parts.js';
import { frameOf } from '../components/frame.js';
import { explanationHref } from '../components/scorecard/links.js';
import type { WebDeps } from '../deps.js';
import { accessOf, formOf, signedIn, withDone } from './account-request.js';
import { render } from './render.js';

/**
 * `POST /explanations/:id/decision`: a coordinator approves or rejects a proposed explanation (the form is
 * on the explanation's page). AccountabilityService authorises (403 for anyone else), refuses a decided one
 * (409) and records the decision; afterwards the browser goes back to the explanation with a notice. A
 * rejection without a note shows the form again with the problem.
 */
export function registerExplanationDecisionRoutes(pages: Hono, deps: WebDeps): void {
  const service = new AccountabilityService(deps.db, deps.strategy);

  pages.post('/explanations/:id/decision', async (c) => {
    const { session } = signedIn(c);
    const raw = c.req.param('id');
    if (!/^[1-9]\d{0,15}$/.test(raw)) throw new NotFoundError(`No explanation "${raw.slice(0, 40)}".`);
    const id = Number(raw);
    const field = await formOf(c);
    const decision = field('decision');
    const note = field('note');
    try {
      await service.decide(accessOf(c), id, { decision, ...(note === '' ? {} : { note }) });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const frame = frameOf(c);
      const d = frame.locale.t.account.decision;
      const problems = problemsOf(error.issues, error.message, { note: { id: DECISION_NOTE_FIELD, label: d.note } }, frame.locale);
      const body = (
        <>
          <h1 class="utrecht-heading-1">{d.title(String(id))}</h1>
          <ErrorSummary problems={problems} locale={frame.locale} />
          <p class="utrecht-paragraph">{d.intro}</p>
          <DecisionForm id={id} csrfToken={session.csrfToken} note={note} problems={problems} locale={frame.locale} />
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={explanationHref(id)}>
              {d.back}
            </a>
          </p>
        </>
      );
      return render(c, frame, { title: d.title(String(id)), nav: 'explanations', body }, 400);
    }
    return c.redirect(withDone(explanationHref(id), decision === 'reject' ? 'explanation-rejected' : 'explanation-approved'), 303);
  });
}
