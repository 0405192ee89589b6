import type { Context } from 'hono';
import type { TargetChange } from '../../services/strategy-types.js';
import type { Layer } from '../../domain/layer.js';
import { countCurrentByLayer } from '../../store/organisations.js';
import { findPriority, findTarget } from '../../strategy/query.js';
import type { Priority, Target } from '../../strategy/schema.js';
import type { WebDeps } from '../deps.js';
import { frameOf } from '../components/frame.js';
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
  locale: Locale;
}

function Body({ target, priorities, history, counts, locale }: BodyProps) {
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

/** GET /targets/:id: a target of the current strategy, how it is measured, and its history. */
export function targetRoute(deps: WebDeps) {
  return async (c: Context): Promise<Response> => {
    const frame = frameOf(c);
    const { t } = frame.locale;
    const id = c.req.param('id') ?? '';
    const current = await deps.strategy.current();
    if (!current) return errorPage(c, 404, { detail: t.errors.noStrategy });
    const target = findTarget(current.strategy, id);
    if (!target) return errorPage(c, 404, { detail: t.errors.targetNotFound(id) });
    const priorities = target.priorities
      .map((p) => findPriority(current.strategy, p))
      .filter((p): p is Priority => p !== undefined)
      .sort((a, b) => a.number - b.number);
    const [history, counts] = await Promise.all([deps.strategy.targetHistory(id), countCurrentByLayer(deps.db)]);
    const body = <Body target={target} priorities={priorities} history={history} counts={counts} locale={frame.locale} />;
    return render(c, frame, { title: target.title[frame.locale.lang], body });
  };
}
