import type { Context } from 'hono';
import type { CadenceStatus, ScanStatus } from '../../scan/status.js';
import type { WebDeps } from '../deps.js';
import { Alert } from '../components/alert.js';
import { Facts } from '../components/facts.js';
import { frameOf } from '../components/frame.js';
import { MomentView } from '../components/observation-table.js';
import { Table } from '../components/table.js';
import type { Locale } from '../i18n/index.js';
import { render } from './render.js';
import { Section } from '../components/section.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A cadence's period in whole days when it is whole days, otherwise in hours (at most one decimal). */
export function periodText(periodMs: number, locale: Locale): string {
  const { t, format } = locale;
  if (periodMs >= DAY_MS && periodMs % DAY_MS === 0) return t.scans.days(format.number(periodMs / DAY_MS));
  return t.scans.hours(format.number(Math.round((periodMs / HOUR_MS) * 10) / 10));
}

function Cadences({ cadences, locale }: { cadences: readonly CadenceStatus[]; locale: Locale }) {
  const { t, format } = locale;
  const s = t.scans;
  if (cadences.length === 0) return <p class="utrecht-paragraph">{s.noCadences}</p>;
  const rows = cadences.map((c) => [
    <code class="utrecht-code">{c.name}</code>,
    format.list(c.families),
    periodText(c.periodMs, locale),
    s.scheduledOf(format.number(c.scheduledThisPeriod), format.number(c.domains)),
  ]);
  return <Table id="cadences-table" caption={s.cadencesCaption} head={[s.cadence, s.families, s.period, s.scheduled]} rows={rows} />;
}

function Body({ status, locale }: { status: ScanStatus; locale: Locale }) {
  const { t, format } = locale;
  const s = t.scans;
  const { queue } = status;
  return (
    <>
      {status.scanning ? (
        <p class="utrecht-paragraph">{s.on}</p>
      ) : (
        <Alert type="warning">
          <p class="utrecht-paragraph">{s.off}</p>
          {status.note === undefined ? null : (
            <p class="utrecht-paragraph">
              {s.why}: <span lang="en">{status.note}</span>
            </p>
          )}
        </Alert>
      )}
      <Section id="queue" title={s.queue}>
        <Facts
          id="queue-figures"
          facts={[
            { term: s.waiting, value: format.number(queue.waiting) },
            { term: s.running, value: format.number(queue.running) },
            { term: s.failed, value: format.number(queue.failed) },
            { term: s.completed, value: format.number(queue.completed) },
            { term: s.perMinute, value: format.number(Math.round(queue.perMinute * 10) / 10) },
          ]}
        />
      </Section>
      <Section id="scheduler" title={s.scheduler}>
        <p class="utrecht-paragraph">{status.scheduler.on ? s.schedulerOn : s.schedulerOff}</p>
        <Cadences cadences={status.scheduler.cadences} locale={locale} />
      </Section>
      <Section id="runs" title={s.runs}>
        {status.runs.length === 0 ? (
          <p class="utrecht-paragraph">{s.noRuns}</p>
        ) : (
          <Table
            id="runs-table"
            caption={s.runsCaption}
            head={[s.run, s.kind, s.requestedBy, s.createdAt, s.done, s.failed, s.running, s.waiting]}
            rows={status.runs.map((r) => [
              `#${String(r.id)} ${r.selection}`,
              s.runKinds[r.kind],
              r.requestedBy,
              <MomentView moment={r.createdAt} locale={locale} withTime />,
              s.doneOf(format.number(r.done), format.number(r.total)),
              format.number(r.failed),
              format.number(r.running),
              format.number(r.waiting),
            ])}
          />
        )}
      </Section>
      <Section id="failures" title={s.failures}>
        {status.recentFailures.length === 0 ? (
          <p class="utrecht-paragraph">{s.noFailures}</p>
        ) : (
          <Table
            id="failures-table"
            caption={s.failuresCaption}
            head={[s.domain, s.reason, s.at]}
            rows={status.recentFailures.map((f) => [
              f.domain,
              locale.lang === 'en' ? f.reason : <span lang="en">{f.reason}</span>,
              <MomentView moment={f.at} locale={locale} withTime />,
            ])}
          />
        )}
      </Section>
    </>
  );
}

/**
 * GET /scans: the state of scanning, read-only: on or off (and why), the queue's figures, the scheduler's
 * cadences, scan runs with their progress and recent failures. Says so when this process does not scan.
 */
export function scansRoute(deps: WebDeps) {
  return async (c: Context): Promise<Response> => {
    const frame = frameOf(c);
    const { t } = frame.locale;
    const status = deps.scans === undefined ? undefined : await deps.scans.status();
    const body = (
      <>
        <h1 class="utrecht-heading-1">{t.scans.heading}</h1>
        <p class="utrecht-paragraph utrecht-paragraph--lead">{t.scans.intro}</p>
        {status === undefined ? (
          <Alert type="info">
            <p class="utrecht-paragraph">{t.scans.notSetUp}</p>
          </Alert>
        ) : (
          <Body status={status} locale={frame.locale} />
        )}
      </>
    );
    // What is queued changes by the second: never serve this page from a cache.
    c.header('Cache-Control', 'no-store');
    return render(c, frame, { title: t.scans.title, body });
  };
}
