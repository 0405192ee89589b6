import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { findExplanation, type Explanation } from '../../store/explanations.js';
import { organisationNames } from '../../store/organisations.js';
import { findTarget } from '../../strategy/query.js';
import type { Target } from '../../strategy/schema.js';
import type { WebDeps } from '../deps.js';
import { can } from '../../domain/access.js';
import { principalOf, sessionOf } from '../auth/context.js';
import { Alert } from '../components/alert.js';
import { DecisionForm } from '../components/account/decision-form.js';
import { DoneNotice } from '../components/account/done-notice.js';
import { coversText, EnglishText, ExplanationStateText, supplierName } from '../components/explanations/covers.js';
import { Facts } from '../components/facts.js';
import { frameOf } from '../components/frame.js';
import { targetHref } from '../components/links.js';
import { OrgLink } from '../components/organisation-facts.js';
import { Section } from '../components/section.js';
import { Table } from '../components/table.js';
import type { Locale } from '../i18n/index.js';
import { errorPage } from './error.js';
import { render } from './render.js';

/** The life of an explanation as rows: proposed, decided, ended — each with when, who and why. */
function Life({ e, locale }: { e: Explanation; locale: Locale }) {
  const { format } = locale;
  const x = locale.t.explanations;
  const when = (at: Date) => <time datetime={at.toISOString()}>{format.dateTime(at)}</time>;
  const rows: Child[][] = [[when(e.createdAt), x.eventProposed, e.author, '']];
  if (e.decidedAt !== null) {
    const approved = e.state !== 'rejected' && e.state !== 'proposed';
    rows.push([when(e.decidedAt), approved ? x.eventApproved : x.eventRejected, e.decidedBy ?? '', e.decisionNote ?? '']);
  }
  if (e.endedAt !== null && (e.state === 'expired' || e.state === 'lapsed')) {
    const why = e.state === 'expired' ? x.expiredReason(format.date(e.expiresOn)) : <EnglishText text={e.endedReason ?? ''} locale={locale} />;
    rows.push([when(e.endedAt), e.state === 'expired' ? x.eventExpired : x.eventLapsed, '', why]);
  }
  return <Table id="life-table" caption={x.lifeCaption} head={[x.when, x.what, x.who, x.detail]} rows={rows} />;
}

/** `decide`: the session's CSRF token when a coordinator may decide this (proposed) explanation; `done`: the notice after a write. */
function Body({ e, target, orgName, locale, decide, done }: { e: Explanation; target: Target | undefined; orgName: string | null; locale: Locale; decide?: string | undefined; done?: string | undefined }) {
  const { format } = locale;
  const x = locale.t.explanations;
  const facts = [
    { term: x.state, value: <ExplanationStateText state={e.state} locale={locale} /> },
    {
      term: x.organisation,
      value: e.organisationCode === null ? `${x.everyHosted} (${supplierName(e.supplier)})` : <OrgLink code={e.organisationCode} name={orgName} />,
    },
    {
      term: x.target,
      value: target ? (
        <a class="utrecht-link" href={targetHref(target.id)}>
          {target.title[locale.lang]}
        </a>
      ) : (
        `${e.targetId} (${x.unknownTarget})`
      ),
    },
    { term: x.scope, value: x.scopes[e.scope] },
    { term: x.covers, value: coversText(e, locale) },
    { term: x.reason, value: e.reason },
    { term: x.author, value: e.author },
    { term: x.expires, value: <time datetime={e.expiresOn}>{format.date(e.expiresOn)}</time> },
    { term: x.decided, value: e.decidedBy !== null && e.decidedAt !== null ? x.decidedBy(e.decidedBy, format.dateTime(e.decidedAt)) : x.notDecided },
  ];
  return (
    <>
      <h1 class="utrecht-heading-1">{x.detailTitle(String(e.id))}</h1>
      <DoneNotice done={done} locale={locale} />
      <p class="utrecht-paragraph utrecht-paragraph--lead">{x.stateMeaning[e.state]}</p>
      {target !== undefined && !target.explainAllowed ? (
        <Alert type="info">
          <p class="utrecht-paragraph">{x.contextOnly}</p>
        </Alert>
      ) : null}
      <Section id="facts" title={x.facts}>
        <Facts id="explanation-facts" facts={facts} />
      </Section>
      <Section id="life" title={x.life}>
        <Life e={e} locale={locale} />
      </Section>
      {decide === undefined ? null : (
        <Section id="decision" title={locale.t.account.decision.heading}>
          <p class="utrecht-paragraph">{locale.t.account.decision.intro}</p>
          <DecisionForm id={e.id} csrfToken={decide} locale={locale} />
        </Section>
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/explanations">
          {x.backToList}
        </a>
      </p>
    </>
  );
}

/** GET /explanations/:id: one explanation, what it covers, and its life (proposed, decided, expired or lapsed and why). */
export function explanationRoute(deps: WebDeps) {
  return async (c: Context): Promise<Response> => {
    const frame = frameOf(c);
    const { locale } = frame;
    const raw = c.req.param('id') ?? '';
    const found = /^[1-9]\d{0,15}$/.test(raw) ? await findExplanation(deps.db, Number(raw)) : undefined;
    if (!found) return errorPage(c, 404, { detail: locale.t.explanations.notFound(raw.slice(0, 60)) });
    const [current, names] = await Promise.all([deps.strategy.current(), organisationNames(deps.db, found.organisationCode === null ? [] : [found.organisationCode])]);
    const target = current ? findTarget(current.strategy, found.targetId) : undefined;
    const orgName = found.organisationCode === null ? null : (names.get(found.organisationCode) ?? null);
    const session = sessionOf(c);
    const decide = found.state === 'proposed' && session !== undefined && can(principalOf(c), 'explanation.decide') ? session.csrfToken : undefined;
    const body = <Body e={found} target={target} orgName={orgName} locale={locale} decide={decide} done={c.req.query('done')} />;
    return render(c, frame, { title: locale.t.explanations.detailTitle(String(found.id)), nav: 'explanations', body });
  };
}
