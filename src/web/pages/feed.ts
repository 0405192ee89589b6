import type { Context } from 'hono';
import { Feed } from 'feed';
import { escapeToBuffer } from 'hono/utils/html';
import { baseUrl, describeEvent, eventUrl, scorecardUrl } from '../../services/notification-message.js';
import { eventsOf } from '../../store/progress-events.js';
import { findOrganisation } from '../../store/organisations.js';
import type { WebDeps } from '../deps.js';
import { frameOf } from '../components/frame.js';
import { errorPage } from './error.js';

/** Entries in an organisation's feed: its newest events. */
export const FEED_ENTRIES = 100;

/**
 * The `feed` package writes entry titles and summaries as `type="html"` (in CDATA): text from data is escaped
 * first, so that a feed reader shows it as text and never renders markup from it.
 */
function escapeHtml(text: string): string {
  const buffer: string[] = [''];
  escapeToBuffer(text, buffer);
  return buffer.join('');
}

/** `/organisations/gm0363/feed.atom` */
export const feedHref = (code: string): string => `/organisations/${encodeURIComponent(code)}/feed.atom`;

/**
 * GET /organisations/:code/feed.atom: the organisation's progress events, newest first, as an Atom feed (built
 * with the `feed` package) in the page language (?lang, cookie, Accept-Language). Each entry links to the
 * target's page (or the scorecard) and says what happened. 404 (HTML error page) for an unknown organisation.
 */
export function feedRoute(deps: WebDeps) {
  return async (c: Context): Promise<Response> => {
    const { locale } = frameOf(c);
    const texts = locale.t.notifications;
    const code = c.req.param('code') ?? '';
    const organisation = await findOrganisation(deps.db, code);
    if (organisation === undefined) return errorPage(c, 404, { detail: locale.t.errors.organisationNotFound(code) });
    const [events, current] = await Promise.all([eventsOf(deps.db, organisation.code, FEED_ENTRIES), deps.strategy.current()]);
    const titles = new Map((current?.strategy.targets ?? []).map((t) => [t.id, t.title[locale.lang]]));
    const publicUrl = deps.config.THORBECKE_PUBLIC_URL;
    const withLang = (href: string): string => `${href}?lang=${locale.lang}`;
    const self = new URL(feedHref(organisation.code).slice(1), baseUrl(publicUrl)).href;
    const feed = new Feed({
      id: self,
      title: texts.feedTitle(organisation.name),
      description: texts.feedDescription(organisation.name),
      link: withLang(scorecardUrl(publicUrl, organisation.code)),
      feedLinks: { atom: self },
      language: locale.lang,
      generator: 'Thorbecke',
      updated: events[0]?.createdAt ?? new Date(0),
    });
    for (const event of events) {
      const targetTitle = event.targetId === null ? null : (titles.get(event.targetId) ?? null);
      const { title, summary } = describeEvent(event, texts, targetTitle);
      feed.addItem({
        id: `${scorecardUrl(publicUrl, organisation.code)}#event-${String(event.id)}`,
        title: escapeHtml(targetTitle === null ? title : `${title}: ${targetTitle}`),
        link: withLang(eventUrl(publicUrl, event)),
        date: event.createdAt,
        description: escapeHtml(summary),
      });
    }
    return c.body(feed.atom1(), 200, {
      'Content-Type': 'application/atom+xml; charset=utf-8',
      'Content-Language': locale.lang,
      Vary: 'Accept-Language, Cookie',
    });
  };
}
