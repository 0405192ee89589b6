import type { Child } from 'hono/jsx';
import { LANGS, LANGUAGE_NAMES, type Messages } from '../i18n/index.js';
import type { Frame } from './frame.js';
import { ExternalLink } from './external-link.js';
import { languageHref, OPENAPI_HREF, SCANS_HREF } from './links.js';

/** The item of the primary navigation a page belongs to (marked with aria-current). */
export type NavItem = 'home' | 'progress' | 'organisations' | 'explanations' | 'reports' | 'about';

const NAV: readonly { item: NavItem; href: string; label: (t: Messages) => string }[] = [
  { item: 'home', href: '/', label: (t) => t.nav.home },
  { item: 'progress', href: '/progress', label: (t) => t.dashboard.nav },
  { item: 'organisations', href: '/organisations', label: (t) => t.nav.organisations },
  { item: 'explanations', href: '/explanations', label: (t) => t.explanations.nav },
  { item: 'reports', href: '/reports', label: (t) => t.scorecard.nav },
  { item: 'about', href: '/about', label: (t) => t.nav.about },
];

const EUPL_URL = 'https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12';

export interface LayoutProps {
  frame: Frame;
  /** The page's own title; the site name is added. */
  title: string;
  nav?: NavItem | undefined;
  /** A feed of this page (`<link rel="alternate" type="application/atom+xml">`), e.g. an organisation's Atom feed. */
  alternate?: { href: string; title: string } | undefined;
  children?: Child;
}

/**
 * The frame of every page: `<html lang>`, skip link, header with site name, primary navigation and
 * language switch, `<main id="main">`, and a footer with the version. NL Design System classes only;
 * no inline styles or scripts (the CSP forbids them).
 */
export function Layout({ frame, title, nav, alternate, children }: LayoutProps) {
  const { lang, t } = frame.locale;
  return (
    <html lang={lang} class="utrecht-root voorbeeld-theme">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Thorbecke`}</title>
        {frame.stylesheets.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
        {alternate === undefined ? null : <link rel="alternate" type="application/atom+xml" href={alternate.href} title={alternate.title} />}
      </head>
      <body class="utrecht-body utrecht-document">
        <a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main">
          {t.layout.skipLink}
        </a>
        <header class="utrecht-page-header thorbecke-header">
          <div class="thorbecke-container">
            <div class="thorbecke-header__bar">
              <p class="utrecht-paragraph">
                <a class="utrecht-link thorbecke-site-name" href="/">
                  Thorbecke
                </a>{' '}
                <span>{t.layout.tagline}</span>
              </p>
              <nav aria-label={t.auth.userNav}>
                <ul class="thorbecke-inline-list">
                  {frame.user === undefined ? (
                    <li>
                      <a class="utrecht-link" href={`/login?next=${encodeURIComponent(frame.url.pathname)}`}>
                        {t.auth.loginLink}
                      </a>
                    </li>
                  ) : (
                    <>
                      <li>
                        <a class="utrecht-link" href="/account">
                          {t.auth.accountLink(frame.user.name)}
                        </a>
                      </li>
                      <li>
                        <form method="post" action="/logout" class="thorbecke-inline-form">
                          <input type="hidden" name="_csrf" value={frame.user.csrfToken} />
                          <button type="submit" class="utrecht-button utrecht-button--subtle">
                            {t.auth.logout}
                          </button>
                        </form>
                      </li>
                    </>
                  )}
                </ul>
              </nav>
              <nav aria-label={t.layout.languageNav}>
                <ul class="thorbecke-inline-list">
                  {LANGS.map((l) => (
                    <li>
                      <a
                        class="utrecht-link"
                        href={languageHref(frame.url, l)}
                        lang={l}
                        hreflang={l}
                        aria-current={l === lang ? 'true' : undefined}
                      >
                        {LANGUAGE_NAMES[l]}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            </div>
            <nav aria-label={t.layout.primaryNav} class="thorbecke-primary-nav">
              <ul class="thorbecke-inline-list">
                {NAV.map(({ item, href, label }) => (
                  <li>
                    <a class="utrecht-link" href={href} aria-current={item === nav ? 'page' : undefined}>
                      {label(t)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="thorbecke-main">
          <div class="thorbecke-container">{children}</div>
        </main>
        <footer class="utrecht-page-footer thorbecke-footer">
          <div class="thorbecke-container">
            <p class="utrecht-paragraph">{t.layout.version(frame.appVersion)}</p>
            <nav aria-label={t.layout.footerNav}>
              <ul class="thorbecke-inline-list">
                <li>
                  <a class="utrecht-link" href="/about">
                    {t.nav.about}
                  </a>
                </li>
                <li>
                  <a class="utrecht-link" href="/accessibility">
                    {t.accessibility.footerLink}
                  </a>
                </li>
                <li>
                  <a class="utrecht-link" href={SCANS_HREF}>
                    {t.layout.scansLink}
                  </a>
                </li>
                <li>
                  <a class="utrecht-link" href={OPENAPI_HREF}>
                    {t.layout.apiLink}
                  </a>
                </li>
                <li>
                  <ExternalLink href={EUPL_URL}>{t.layout.licence}</ExternalLink>
                </li>
              </ul>
            </nav>
          </div>
        </footer>
      </body>
    </html>
  );
}
