import type { Context, Hono } from 'hono';
import type { Config } from '../../config/schema.js';
import type { WebDeps } from '../deps.js';
import { ExternalLink } from '../components/external-link.js';
import { Facts } from '../components/facts.js';
import { frameOf } from '../components/frame.js';
import { Section } from '../components/section.js';
import { Table } from '../components/table.js';
import { localised } from '../i18n/index.js';
import { loadKnownProblems, type KnownProblem } from './accessibility-problems.js';
import { render } from './render.js';

/** The page's address, and the Dutch address that redirects to it. */
export const ACCESSIBILITY_HREF = '/accessibility';
const DUTCH_PATH = '/toegankelijkheid';
const OMBUDSMAN_URL = 'https://www.nationaleombudsman.nl/';

type StatementConfig = Pick<
  Config,
  | 'THORBECKE_PUBLIC_URL'
  | 'THORBECKE_CONTACT_EMAIL'
  | 'THORBECKE_ACCESSIBILITY_STATUS'
  | 'THORBECKE_ACCESSIBILITY_STATEMENT_DATE'
  | 'THORBECKE_ACCESSIBILITY_REVIEW_DATE'
  | 'THORBECKE_ACCESSIBILITY_CONTACT'
  | 'THORBECKE_ACCESSIBILITY_REPLY_DAYS'
>;

/** The contact of the statement: THORBECKE_ACCESSIBILITY_CONTACT, else mailto: THORBECKE_CONTACT_EMAIL. */
export function accessibilityContact(config: Pick<StatementConfig, 'THORBECKE_CONTACT_EMAIL' | 'THORBECKE_ACCESSIBILITY_CONTACT'>): string {
  return config.THORBECKE_ACCESSIBILITY_CONTACT ?? `mailto:${config.THORBECKE_CONTACT_EMAIL}`;
}

/** A link to the contact: an e-mail address (shown without `mailto:`) or a web form (an external link). */
function ContactLink({ contact, label }: { contact: string; label: string }) {
  if (contact.startsWith('mailto:')) {
    return (
      <>
        <a class="utrecht-link" href={contact}>
          {label}
        </a>{' '}
        ({contact.slice('mailto:'.length)})
      </>
    );
  }
  return <ExternalLink href={contact}>{label}</ExternalLink>;
}

/**
 * GET /accessibility: Thorbecke's own accessibility statement, in the parts and order of the national
 * model (modelverklaring): what it concerns, the compliance status and dates, how it was assessed, known
 * problems with their fixes, the measures taken, how to report a problem, and where to escalate.
 */
export function accessibilityRoute(config: StatementConfig, problems: readonly KnownProblem[]) {
  return (c: Context): Response | Promise<Response> => {
    const frame = frameOf(c);
    const { lang, format } = frame.locale;
    const t = frame.locale.t.accessibility;
    const status = config.THORBECKE_ACCESSIBILITY_STATUS;
    const statementDate = config.THORBECKE_ACCESSIBILITY_STATEMENT_DATE;
    const audited = status === 'A' || status === 'B';
    const body = (
      <>
        <h1 class="utrecht-heading-1">{t.heading}</h1>
        <p class="utrecht-paragraph">{t.intro}</p>
        <Section id="statement-facts" title={t.factsHeading}>
          <Facts
            id="statement-facts-list"
            facts={[
              { term: t.website, value: t.websiteName },
              { term: t.address, value: <ExternalLink href={config.THORBECKE_PUBLIC_URL}>{config.THORBECKE_PUBLIC_URL}</ExternalLink> },
              { term: t.law, value: t.lawValue },
              { term: t.standard, value: t.standardValue },
              { term: t.status, value: t.statuses[status].label },
              { term: t.statementDate, value: <time datetime={statementDate}>{format.date(statementDate)}</time> },
              {
                term: t.reviewDate,
                value: <time datetime={config.THORBECKE_ACCESSIBILITY_REVIEW_DATE ?? statementDate}>{format.date(config.THORBECKE_ACCESSIBILITY_REVIEW_DATE ?? statementDate)}</time>,
              },
            ]}
          />
          <p class="utrecht-paragraph">{t.statuses[status].body}</p>
        </Section>
        <Section id="statement-method" title={t.methodHeading}>
          <p class="utrecht-paragraph">{t.methodIntro}</p>
          <ul class="utrecht-unordered-list">
            {t.methods.map((item) => (
              <li class="utrecht-unordered-list__item">{item}</li>
            ))}
          </ul>
          <p class="utrecht-paragraph">{t.methodLimit}</p>
          <p class="utrecht-paragraph">{audited ? t.auditDone : t.auditNotDone}</p>
        </Section>
        <Section id="statement-problems" title={t.problemsHeading}>
          {problems.length === 0 ? (
            <p class="utrecht-paragraph">{t.problemsNone}</p>
          ) : (
            <>
              <p class="utrecht-paragraph">{t.problemsIntro}</p>
              <Table
                id="statement-problems-table"
                caption={t.problemsCaption}
                head={[t.problem, t.criterion, t.fix, t.fixBy]}
                rows={problems.map((p) => [
                  localised(p.problem, lang),
                  p.criterion ?? '',
                  p.fix === undefined ? t.noFix : localised(p.fix, lang),
                  p.fixBy === undefined ? t.noFix : <time datetime={p.fixBy}>{format.date(p.fixBy)}</time>,
                ])}
              />
            </>
          )}
        </Section>
        <Section id="statement-measures" title={t.measuresHeading}>
          <ul class="utrecht-unordered-list">
            {t.measures.map((item) => (
              <li class="utrecht-unordered-list__item">{item}</li>
            ))}
          </ul>
        </Section>
        <Section id="statement-contact" title={t.contactHeading}>
          <p class="utrecht-paragraph">{t.contactBody}</p>
          <p class="utrecht-paragraph">
            <ContactLink contact={accessibilityContact(config)} label={t.contactLink} />
          </p>
          <p class="utrecht-paragraph">{t.reply(format.number(config.THORBECKE_ACCESSIBILITY_REPLY_DAYS))}</p>
        </Section>
        <Section id="statement-escalation" title={t.escalationHeading}>
          <p class="utrecht-paragraph">{t.escalationBody}</p>
          <p class="utrecht-paragraph">
            <ExternalLink href={OMBUDSMAN_URL}>{t.ombudsmanLink}</ExternalLink>
          </p>
        </Section>
      </>
    );
    return render(c, frame, { title: t.title, body });
  };
}

/**
 * The statement at /accessibility, and /toegankelijkheid redirecting to it (301, keeping the query). The
 * known problems are read once here, so that a bad THORBECKE_ACCESSIBILITY_PROBLEMS_FILE stops the start.
 */
export function registerAccessibilityRoutes(pages: Hono, deps: WebDeps): void {
  const problems = loadKnownProblems(deps.config.THORBECKE_ACCESSIBILITY_PROBLEMS_FILE);
  pages.get(ACCESSIBILITY_HREF, accessibilityRoute(deps.config, problems));
  pages.get(DUTCH_PATH, (c) => c.redirect(`${ACCESSIBILITY_HREF}${new URL(c.req.url).search}`, 301));
}
