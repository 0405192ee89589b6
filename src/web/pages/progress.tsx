import type { Context } from 'hono';
import { addDays, isoDay } from '../../progress/dates.js';
import { aggregateHistory, aggregates, progressUpdatedAt, type AggregateRow } from '../../store/progress-read.js';
import { targetsByPriority } from '../../strategy/query.js';
import type { Strategy, Target } from '../../strategy/schema.js';
import type { WebDeps } from '../deps.js';
import { Alert } from '../components/alert.js';
import { EuContext } from '../components/dashboard/eu-context.js';
import { NationalTrend, type TrendLine } from '../components/dashboard/national-trend.js';
import { PriorityProgress, type PriorityFigures, type TargetFigures } from '../components/dashboard/priority-progress.js';
import type { StatusCounts } from '../../domain/progress.js';
import { priorityCounts, shareMet } from '../../progress/priority.js';
import { frameOf } from '../components/frame.js';
import { NoStrategyNotice } from '../components/notices.js';
import { Section } from '../components/section.js';
import { changeSince, domainShareSeries, forecastOf, metShare } from '../dashboard/figures.js';
import type { Locale } from '../i18n/index.js';
import { render } from './render.js';

/** The headline targets of the national trend (Forum Standaardisatie's two figures). */
export const TREND_TARGETS = ['forum-web-all', 'forum-mail-all'] as const;

/** Targets measured per organisation (the rest is national context). */
const perOrganisation = (target: Target): boolean => target.indicator.kind !== 'national';

function AsOf({ at, locale }: { at: Date | undefined; locale: Locale }) {
  const c = locale.t.dashboard.common;
  if (at === undefined) return <p class="utrecht-paragraph">{c.notComputed}</p>;
  return (
    <p class="utrecht-paragraph">
      <time datetime={at.toISOString()}>{c.asOf(locale.format.dateTime(at))}</time>
    </p>
  );
}

interface Loaded {
  nation: AggregateRow[];
  layers: AggregateRow[];
  recent: AggregateRow[];
  trend: TrendLine[];
  updatedAt: Date | undefined;
}

async function load(deps: WebDeps, strategy: Strategy, today: string): Promise<Loaded> {
  const trendTargets = TREND_TARGETS.map((id) => strategy.targets.find((t) => t.id === id)).filter((t): t is Target => t !== undefined);
  const [nation, layers, recent, updatedAt, ...histories] = await Promise.all([
    aggregates(deps.db, { scopeKind: 'nation', scopeId: 'nl' }),
    aggregates(deps.db, { scopeKind: 'layer' }),
    aggregateHistory(deps.db, { scopeKind: 'nation', scopeId: 'nl', since: addDays(today, -7 * 28) }),
    progressUpdatedAt(deps.db),
    ...trendTargets.map((t) => aggregateHistory(deps.db, { scopeKind: 'nation', scopeId: 'nl', targetId: t.id })),
  ]);
  const trend = trendTargets.map((target, i) => {
    const measured = domainShareSeries(histories[i] ?? []);
    return { target, measured, forecast: forecastOf(measured, today) };
  });
  return { nation, layers, recent, trend, updatedAt };
}

/** A priority's figure from the sum of its targets' counts, now and in the weeks of history. */
function priorityFiguresOf(strategy: Strategy, priorityId: string, data: Loaded, today: string): PriorityFigures {
  const now = priorityCounts(strategy, priorityId, new Map(data.nation.map((r) => [r.targetId, r.counts])));
  const byPeriod = new Map<string, Map<string, StatusCounts>>();
  for (const row of data.recent) {
    if (row.period === undefined) continue;
    const counts = byPeriod.get(row.period) ?? new Map<string, StatusCounts>();
    counts.set(row.targetId, row.counts);
    byPeriod.set(row.period, counts);
  }
  const history: AggregateRow[] = [...byPeriod].map(([period, counts]) => ({
    scopeKind: 'nation',
    scopeId: 'nl',
    targetId: priorityId,
    period,
    counts: priorityCounts(strategy, priorityId, counts),
  }));
  const share = shareMet(now) ?? undefined;
  return { met: now.met, pairs: now.organisations, share, change4: changeSince(history, share, today, 4), change26: changeSince(history, share, today, 26) };
}

function figuresOf(target: Target, data: Loaded, today: string): TargetFigures {
  const nation = data.nation.find((r) => r.targetId === target.id);
  const history = data.recent.filter((r) => r.targetId === target.id);
  const current = nation === undefined ? undefined : metShare(nation.counts);
  return {
    target,
    nation,
    layers: data.layers.filter((r) => r.targetId === target.id && target.scope.layers.some((l) => l === r.scopeId)),
    change4: changeSince(history, current, today, 4),
    change26: changeSince(history, current, today, 26),
  };
}

/**
 * GET /progress: the national overview. Per priority each target measured per organisation with the
 * share that met it, explained and not measurable apart, the deadline, the change over 4 and 26 weeks and
 * the breakdown per layer; the national trend of the Forum's two headline figures with the published
 * figures and a forecast; the EU Digital Decade context. Every figure comes from pre-aggregated rows.
 */
export function progressRoute(deps: WebDeps) {
  return async (c: Context): Promise<Response> => {
    const frame = frameOf(c);
    const { locale } = frame;
    const { t } = locale;
    const p = t.dashboard.progress;
    const current = await deps.strategy.current();
    if (!current) {
      const body = (
        <>
          <h1 class="utrecht-heading-1">{p.title}</h1>
          <NoStrategyNotice locale={locale} />
        </>
      );
      return render(c, frame, { title: p.title, nav: 'progress', body });
    }
    const { strategy } = current;
    const today = isoDay(new Date());
    const data = await load(deps, strategy, today);
    const nationalTargets = strategy.targets.filter((target) => !perOrganisation(target));
    const body = (
      <>
        <h1 class="utrecht-heading-1">{p.title}</h1>
        <p class="utrecht-paragraph utrecht-paragraph--lead">{p.lead}</p>
        <AsOf at={data.updatedAt} locale={locale} />
        {data.nation.length === 0 ? (
          <Alert type="info">
            <p class="utrecht-paragraph">{p.empty}</p>
          </Alert>
        ) : null}
        <Section id="trend" title={p.trendHeading}>
          <NationalTrend lines={data.trend} locale={locale} />
        </Section>
        {targetsByPriority(strategy).map(({ priority, targets }) => (
          <PriorityProgress
            priority={priority}
            figures={priorityFiguresOf(strategy, priority.id, data, today)}
            targets={targets.filter(perOrganisation).map((target) => figuresOf(target, data, today))}
            locale={locale}
          />
        ))}
        <Section id="context" title={p.contextHeading}>
          <EuContext figures={strategy.context} nationalTargets={nationalTargets} locale={locale} />
        </Section>
      </>
    );
    return render(c, frame, { title: p.title, nav: 'progress', body });
  };
}
