import type { Locale } from '../i18n/index.js';
import type { Source } from '../../strategy/schema.js';
import { ExternalLink } from './external-link.js';

/** A status badge; its text says what it means, colour only supports it. */
export function Badge({ tone, children }: { tone: 'neutral' | 'warning' | 'danger' | 'safe'; children: string }) {
  return <span class={`utrecht-status-badge utrecht-status-badge--${tone}`}>{children}</span>;
}

/**
 * A target's source: its kind in words, its title (linked when it has a URL) and an "unverified"
 * badge when the fact could not be checked. With `withNote`, the source's note follows.
 */
export function SourceView({ source, locale, withNote = false }: { source: Source; locale: Locale; withNote?: boolean }) {
  const { t } = locale;
  return (
    <>
      {t.sourceKinds[source.kind]}:{' '}
      {source.url === undefined ? source.title : <ExternalLink href={source.url}>{source.title}</ExternalLink>}
      {source.verified ? null : (
        <>
          {' '}
          <Badge tone="warning">{t.common.unverified}</Badge>
        </>
      )}
      {withNote && source.note !== undefined ? (
        <p class="utrecht-paragraph">
          {t.common.note}: <span lang="en">{source.note}</span>
        </p>
      ) : null}
    </>
  );
}

/** An ISO date as a `<time>` element in the page's language. */
export function DateView({ iso, locale }: { iso: string; locale: Locale }) {
  return <time datetime={iso}>{locale.format.date(iso)}</time>;
}
