import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { TargetChange } from '../../services/strategy-types.js';
import type { Layer } from '../../domain/layer.js';
import { countCurrentByLayer, listProvinces } from '../../store/organisations.js';
import { aggregates, progressUpdatedAt } from '../../store/progress-read.js';
import { regionStatuses, targetProgressPage } from '../../store/target-progress-read.js';
import { findPriority, findTarget } from '../../strategy/query.js';
import type { Priority, Target } from '../../strategy/schema.js';
import type { WebDeps } from '../deps.js';
import { TargetProgress } from '../components/dashboard/target-progress.js';
import { frameOf } from '../components/frame.js';
import { parseTargetQuery, TARGET_PAGE_SIZE } from '../dashboard/target-query.js';
import { mapCache } from '../map/map-cache.js';
import { IndicatorView } from '../components/indicator.js';
import { priorityHref, withQuery } from '../components/links.js';
import { priorityLabel } from '../components/strategy-overview.js';
import { Table } from '../components/table.js';
import { TargetFacts } from '../components/target-facts.js';
import type { Locale } from '../i18n/index.js';
import { errorPage } from './error.js';
import { render } from './render.js';

function History({ history, locale }: { history: readonly TargetChange[]; locale: Locale }) {
  const { t, format } = locale;
  const x = t.target;
  if (history.length === 0) return <p class="utrecht-paragraph">{x.noHistory}</p>;
  const names: Partial<Record<string, string>> = t.targetFields;
  const rows = history.map((change) => [
    change.version.version,
    <time datetime={change.version.appliedAt.toISOString()}>{format.dateTime(change.version.appliedAt)}</time>,
    t.strategyChangeKinds[change.kind],
    format.list(change.fields.map((field) => names[field] ?? field)),
  ]);
  return <Table id="history-table" caption={x.historyCaption} head={[x.version, x.date, x.change, x.fields]} rows={rows} />;
}

/** How many organisations that exist today fall in the target's scope, per layer, with links to them. */
function InScope({ layers, counts, locale }: { layers: readonly Layer[]; counts: Map<string, number>; locale: Locale }) {
  const { t, format } = locale;
  const x = t.target;
  const total = layers.reduce((sum, l) => sum + (counts.get(l) ?? 0), 0);
  if (total === 0) return <p class="utrecht-paragraph">{x.inScopeNone}</p>;
  const rows = layers.map((layer) => [
    <a class="utrecht-link" href={withQuery('/organisations', { layer })}>
      {x.inScopeList(t.layersPlural[layer])}
    </a>,
    format.number(counts.get(layer) ?? 0),
  ]);
  return (
    <>
      <p class="utrecht-paragraph">{x.inScopeIntro(format.number(total))}</p>
      <Table id="scope-table" caption={x.inScopeCaption} head={[x.inScopeLayer, x.inScopeCount]} rows={rows} />
    </>
  );
}

interface BodyProps {
  target: Target;
  priorities: Priority[];
  history: TargetChange[];
  counts: Map<string, number>;
  /** The progress sections (distribution, maps, list of organisations). */
  progress: Child;
  locale: Locale;
}

function Body({ target, priorities, history, counts, progress, locale }: BodyProps) {
  const { t, lang } = locale;
  const x = t.target;
  return (
    <>
      <h1 class="utrecht-heading-1">{target.title[lang]}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{target.description[lang]}</p>
      <section aria-labelledby="facts-heading" class="thorbecke-section">
        <h2 class="utrecht-heading-2" id="facts-heading">
          {x.facts}
        </h2>
        <h3 class="utrecht-heading-3">{x.priorities}</h3>
        <ul class="utrecht-unordered-list">
          {priorities.map((p) => (
            <li class="utrecht-unordered-list__item">
              <a class="utrecht-link" href={priorityHref(p.id)}>
                {priorityLabel(p, locale)}
              </a>
            </li>
          ))}
        </ul>
        <TargetFacts target={target} locale={locale} withNote />
      </section>
      <section aria-labelledby="indicator-heading" class="thorbecke-section">
        <h2 class="utrecht-heading-2" id="indicator-heading">
          {x.indicator}
        </h2>
        <IndicatorView target={target} locale={locale} />
      </section>
      {progress}
      <section aria-labelledby="scope-heading" class="thorbecke-section">
        <h2 class="utrecht-heading-2" id="scope-heading">
          {x.inScope}
        </h2>
        <InScope layers={target.scope.layers} counts={counts} locale={locale} />
      </section>
      <section aria-labelledby="history-heading" class="thorbecke-section">
        <h2 class="utrecht-heading-2" id="history-heading">
          {x.history}
        </h2>
        <History history={history} locale={locale} />
      </section>
    </>
  );
}

/**
 * GET /targets/:id: a target of the current strategy, how it is measured, where the organisations stand
 * (distribution of statuses, maps, and the list filtered and sorted by `layer`, `province`, `status`,
 * `sort`, `order`, `page`), and its history.
 */
export function targetRoute(deps: WebDeps) {
  return async (c: Context): Promise<Response> => {
    const frame = frameOf(c);
    const { t } = frame.locale;
    const id = c.req.param('id') ?? '';
    const current = await deps.strategy.current();
    if (!current) return errorPage(c, 404, { detail: t.errors.noStrategy });
    const target = findTarget(current.strategy, id);
    if (!target) return errorPage(c, 404, { detail: t.errors.targetNotFound(id) });
    const parsed = parseTargetQuery(c.req.query(), t);
    if (!parsed.ok) return errorPage(c, 400, { issues: parsed.issues });
    const { query } = parsed;
    const priorities = target.priorities
      .map((p) => findPriority(current.strategy, p))
      .filter((p): p is Priority => p !== undefined)
      .sort((a, b) => a.number - b.number);
    const perOrganisation = target.indicator.kind !== 'national';
    const listQuery = { ...query, limit: TARGET_PAGE_SIZE, offset: (query.page - 1) * TARGET_PAGE_SIZE };
    const [history, counts, nation, list, statuses, provinces, map, updatedAt] = await Promise.all([
      deps.strategy.targetHistory(id),
      countCurrentByLayer(deps.db),
      perOrganisation ? aggregates(deps.db, { scopeKind: 'nation', scopeId: 'nl', targetId: id }) : [],
      perOrganisation ? targetProgressPage(deps.db, id, listQuery) : { rows: [], total: 0 },
      perOrganisation ? regionStatuses(deps.db, id) : new Map<string, never>(),
      perOrganisation ? listProvinces(deps.db) : [],
      perOrganisation ? mapCache.get(deps.db, 'nl') : undefined,
      progressUpdatedAt(deps.db),
    ]);
    const progress = (
      <TargetProgress
        target={target}
        nation={nation[0]}
        statuses={statuses}
        listed={list.rows}
        matched={list.total}
        query={query}
        provinces={provinces}
        map={map}
        updatedAt={updatedAt}
        locale={frame.locale}
      />
    );
    const body = <Body target={target} priorities={priorities} history={history} counts={counts} progress={progress} locale={frame.locale} />;
    return render(c, frame, { title: target.title[frame.locale.lang], body });
  };
}
