import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Frame } from '../components/frame.js';
import { Layout, type NavItem } from '../components/layout.js';

/** The statuses a page can be rendered with. */
export type PageStatus = 200 | 400 | 401 | 403 | 404 | 409 | 429 | 500;

/** A page: its title (without the site name), its item in the primary navigation, and its content. */
export interface PageView {
  title: string;
  nav?: NavItem | undefined;
  /** A feed of this page, linked from the head. */
  alternate?: { href: string; title: string } | undefined;
  body: Child;
}

/**
 * Renders a page in the layout as an HTML response, with `Content-Language` and `Vary` (the language
 * depends on the `lang` cookie and on `Accept-Language`).
 */
export function render(c: Context, frame: Frame, view: PageView, status: PageStatus = 200): Response | Promise<Response> {
  c.header('Content-Language', frame.locale.lang);
  c.header('Vary', 'Accept-Language, Cookie');
  const page = (
    <Layout frame={frame} title={view.title} nav={view.nav} alternate={view.alternate}>
      {view.body}
    </Layout>
  );
  return c.html(html`<!DOCTYPE html>${page}`, status);
}
