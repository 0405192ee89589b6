import { html } from 'hono/html';
import type { ProgressEventKind } from '../domain/progress.js';
import type { EventDetail, ProgressEvent } from '../store/progress-events.js';

/**
 * What a notification says: an event as one title and one sentence in a language, as an e-mail (plain text and
 * HTML, every value escaped) and as a webhook's JSON body. The words come from the web layer's messages
 * (`t.notifications`, src/web/i18n/notifications-*.ts), passed in as {@link NotificationTexts}.
 */

/** One sentence per kind: `target` is the target's title in the language (or '' for none). */
export type EventDescriptions = { [K in ProgressEventKind]: (target: string, detail: EventDetail<K>) => string };

/** The words a notification needs, in one language. Implemented by `t.notifications`. */
export interface NotificationTexts {
  /** A short title per kind: "Status verslechterd". */
  kinds: Readonly<Record<ProgressEventKind, string>>;
  describe: EventDescriptions;
  /** The subject of an e-mail: "Thorbecke: Gemeente Amsterdam — Status verslechterd". */
  mailSubject(organisation: string, kind: string): string;
  /** The first line of an e-mail: "Nieuws over de voortgang van Gemeente Amsterdam:". */
  mailIntro(organisation: string): string;
  /** The link's label: "Bekijk de scorecard". */
  mailLinkLabel: string;
  /** Why the reader gets this and how to stop it. */
  mailFooter(subscriptionId: number): string;
}

/** The context an event is told in. */
export interface EventContext {
  organisationName: string;
  /** The target's title in the language, or null (an event about no target, or one no longer in the strategy). */
  targetTitle: string | null;
  /** Thorbecke's public address, ending in `/`. */
  publicUrl: string;
}

/** The public address with a trailing slash, so that relative links stay below it. */
export function baseUrl(publicUrl: string): string {
  return publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
}

/** The organisation's scorecard: `https://thorbecke.example/organisations/gm0363`. */
export function scorecardUrl(publicUrl: string, organisationCode: string): string {
  return new URL(`organisations/${encodeURIComponent(organisationCode)}`, baseUrl(publicUrl)).href;
}

/** A target's page, or the scorecard for an event about no target. */
export function eventUrl(publicUrl: string, event: Pick<ProgressEvent, 'organisationCode' | 'targetId'>): string {
  if (event.targetId === null) return scorecardUrl(publicUrl, event.organisationCode);
  return new URL(`targets/${encodeURIComponent(event.targetId)}`, baseUrl(publicUrl)).href;
}

/** The event's title and sentence in the texts' language. */
export function describeEvent(event: ProgressEvent, texts: NotificationTexts, targetTitle: string | null): { title: string; summary: string } {
  const target = targetTitle ?? event.targetId ?? '';
  const describe = texts.describe[event.kind] as (target: string, detail: ProgressEvent['detail']) => string;
  return { title: texts.kinds[event.kind], summary: describe(target, event.detail) };
}

export interface MailMessage {
  subject: string;
  text: string;
  html: string;
}

/** An e-mail about one event, as plain text and as HTML in which every value is escaped. */
export async function composeMail(event: ProgressEvent, context: EventContext, texts: NotificationTexts, subscriptionId: number): Promise<MailMessage> {
  const { title, summary } = describeEvent(event, texts, context.targetTitle);
  const link = scorecardUrl(context.publicUrl, event.organisationCode);
  const intro = texts.mailIntro(context.organisationName);
  const footer = texts.mailFooter(subscriptionId);
  const text = [intro, '', `${title}: ${summary}`, '', `${texts.mailLinkLabel}: ${link}`, '', '-- ', footer, ''].join('\n');
  const body = await html`<!DOCTYPE html>
<html>
<body>
<p>${intro}</p>
<p><strong>${title}</strong>: ${summary}</p>
<p><a href="${link}">${texts.mailLinkLabel}</a></p>
<hr>
<p><small>${footer}</small></p>
</body>
</html>`;
  return { subject: texts.mailSubject(context.organisationName, title), text, html: body.toString() };
}

/**
 * The JSON body of a webhook call: the event with its organisation, target, links and a summary in the
 * configured language.
 */
export function webhookBody(event: ProgressEvent, context: EventContext, texts: NotificationTexts): string {
  const { title, summary } = describeEvent(event, texts, context.targetTitle);
  return JSON.stringify({
    id: event.id,
    kind: event.kind,
    createdAt: event.createdAt.toISOString(),
    organisation: { code: event.organisationCode, name: context.organisationName },
    target: event.targetId === null ? null : { id: event.targetId, title: context.targetTitle },
    detail: event.detail,
    title,
    summary,
    links: { scorecard: scorecardUrl(context.publicUrl, event.organisationCode), event: eventUrl(context.publicUrl, event) },
  });
}
