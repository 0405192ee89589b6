import type { Context } from 'hono';
import { countOrganisations } from '../../store/organisations.js';
import type { WebDeps } from '../deps.js';
import { frameOf } from '../components/frame.js';
import { ImportNotice, NoStrategyNotice } from '../components/notices.js';
import { StrategyOverview } from '../components/strategy-overview.js';
import { render } from './render.js';

/** GET /: what Thorbecke is, then the current strategy's priorities and targets and the national context. */
export function homeRoute(deps: WebDeps) {
  return async (c: Context): Promise<Response> => {
    const frame = frameOf(c);
    const { locale } = frame;
    const { t } = locale;
    const [current, organisations] = await Promise.all([deps.strategy.current(), countOrganisations(deps.db)]);
    const body = (
      <>
        <h1 class="utrecht-heading-1">{t.home.heading}</h1>
        <p class="utrecht-paragraph utrecht-paragraph--lead">{t.home.intro}</p>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href="/progress">
            {t.dashboard.homeLink}
          </a>
        </p>
        {organisations === 0 ? <ImportNotice locale={locale} registerUrl={deps.config.THORBECKE_REGISTER_URL} /> : null}
        {current ? <StrategyOverview current={current} locale={locale} /> : <NoStrategyNotice locale={locale} />}
      </>
    );
    return render(c, frame, { title: t.layout.tagline, nav: 'home', body });
  };
}
