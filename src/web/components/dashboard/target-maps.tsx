import type { ProgressStatus } from '../../../domain/progress.js';
import type { Target } from '../../../strategy/schema.js';
import { Choropleth } from '../../map/choropleth.js';
import type { DrawnMap } from '../../map/geometry.js';
import type { Locale } from '../../i18n/index.js';

/** The list of organisations (its section: the table itself is absent when a filter matches nothing). */
const LIST_HREF = '#list-heading';

/**
 * The maps of a target: municipalities coloured by their own status and provinces by theirs (each only
 * when the layer is in the target's scope), or, without imported boundaries, how to import them.
 */
export function TargetMaps({ target, map, statuses, locale }: { target: Target; map: DrawnMap | undefined; statuses: ReadonlyMap<string, ProgressStatus>; locale: Locale }) {
  const { lang } = locale;
  const x = locale.t.dashboard.target;
  const m = locale.t.dashboard.map;
  if (map === undefined) {
    return (
      <p class="utrecht-paragraph">
        {m.missing} <code>thorbecke import map FILE</code> {m.missingHint}
      </p>
    );
  }
  const title = target.title[lang];
  const layers = target.scope.layers;
  return (
    <>
      <div class="thorbecke-maps">
        {layers.includes('gemeente') ? (
          <Choropleth
            id="map-municipalities"
            title={x.municipalitiesTitle(title)}
            regions={map.municipalities}
            borders={map.provinceBorders}
            width={map.width}
            height={map.height}
            statuses={statuses}
            tableHref={LIST_HREF}
            locale={locale}
          />
        ) : null}
        {layers.includes('provincie') ? (
          <Choropleth
            id="map-provinces"
            title={x.provincesTitle(title)}
            regions={map.provinces}
            width={map.width}
            height={map.height}
            statuses={statuses}
            tableHref={LIST_HREF}
            locale={locale}
          />
        ) : null}
      </div>
      <p class="utrecht-paragraph">{m.source}</p>
    </>
  );
}
