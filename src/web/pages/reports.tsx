import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { ReportService } from '../../services/report.js';
import type { Snapshot } from '../../store/snapshots.js';
import type { WebDeps } from '../deps.js';
import { frameOf } from '../components/frame.js';
import { MomentView } from '../components/observation-table.js';
import { reportHref } from '../components/scorecard/links.js';
import { Table } from '../components/table.js';
import type { Locale } from '../i18n/index.js';
import { render } from './render.js';

function Body({ snapshots, locale }: { snapshots: readonly Snapshot[]; locale: Locale }) {
  const r = locale.t.scorecard.reports;
  const { format } = locale;
  const rows = snapshots.map((s): Child[] => [
    <a class="utrecht-link" href={reportHref(s.name)}>
      {s.name}
    </a>,
    <MomentView moment={s.takenAt} locale={locale} withTime />,
    format.number(s.domains),
    format.number(s.results),
    s.note ?? '–',
  ]);
  return (
    <>
      <h1 class="utrecht-heading-1">{r.title}</h1>
      <p class="utrecht-paragraph">{r.intro}</p>
      {snapshots.length === 0 ? (
        <p class="utrecht-paragraph">{r.none}</p>
      ) : (
        <Table id="reports-table" caption={r.caption} head={[r.name, r.takenAt, r.domains, r.results, r.note]} rows={rows} />
      )}
    </>
  );
}

/** GET /reports: every snapshot, newest first, each linked to its half-yearly report. */
export function reportsRoute(deps: WebDeps) {
  const service = new ReportService(deps.db);
  return async (c: Context): Promise<Response> => {
    const frame = frameOf(c);
    const snapshots = await service.list();
    return render(c, frame, { title: frame.locale.t.scorecard.reports.title, nav: 'reports', body: <Body snapshots={snapshots} locale={frame.locale} /> });
  };
}
