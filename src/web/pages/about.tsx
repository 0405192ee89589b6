import type { Context } from 'hono';
import type { WebDeps } from '../deps.js';
import { ExternalLink } from '../components/external-link.js';
import { frameOf } from '../components/frame.js';
import { OPENAPI_HREF } from '../components/links.js';
import { render } from './render.js';

/** GET /about: what Thorbecke is, where its data comes from, and the open API. */
export function aboutRoute(deps: WebDeps) {
  return (c: Context): Response | Promise<Response> => {
    const frame = frameOf(c);
    const { t } = frame.locale;
    const registerUrl = deps.config.THORBECKE_REGISTER_URL;
    const body = (
      <>
        <h1 class="utrecht-heading-1">{t.about.heading}</h1>
        <section aria-labelledby="about-what" class="thorbecke-section">
          <h2 class="utrecht-heading-2" id="about-what">
            {t.about.what}
          </h2>
          <p class="utrecht-paragraph">{t.about.whatBody}</p>
          <p class="utrecht-paragraph">{t.about.name}</p>
        </section>
        <section aria-labelledby="about-sources" class="thorbecke-section">
          <h2 class="utrecht-heading-2" id="about-sources">
            {t.about.sources}
          </h2>
          <p class="utrecht-paragraph">{t.about.sourceStrategy}</p>
          <p class="utrecht-paragraph">
            {t.about.sourceRegister} <ExternalLink href={registerUrl}>{registerUrl}</ExternalLink>
          </p>
          <p class="utrecht-paragraph">{t.about.sourceMeasurements}</p>
        </section>
        <section aria-labelledby="about-open-data" class="thorbecke-section">
          <h2 class="utrecht-heading-2" id="about-open-data">
            {t.about.openData}
          </h2>
          <p class="utrecht-paragraph">
            {t.about.openDataBody}{' '}
            <a class="utrecht-link" href={OPENAPI_HREF}>
              {OPENAPI_HREF}
            </a>
            .
          </p>
          <p class="utrecht-paragraph">{t.about.openSource}</p>
        </section>
      </>
    );
    return render(c, frame, { title: t.about.title, nav: 'about', body });
  };
}
