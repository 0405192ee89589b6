import type { Locale } from '../i18n/index.js';
import type { Target } from '../../strategy/schema.js';
import { Facts, type Fact } from './facts.js';
import { DateView, SourceView } from './source.js';

/** The scope of a target in words: "provincies en gemeenten" / "provinces and municipalities". */
export function scopeText(target: Target, locale: Locale): string {
  return locale.format.list(target.scope.layers.map((l) => locale.t.layersPlural[l]));
}

/** What a target measures in words ("websites en e-maildomeinen"), or undefined when it names no assets. */
export function assetsText(target: Target, locale: Locale): string | undefined {
  const assets = target.scope.assets;
  return assets.length === 0 ? undefined : locale.format.list(assets.map((a) => locale.t.assetKindsPlural[a]));
}

/** The facts of a target: deadline, scope, what is measured, source, and whether "explain" is allowed. */
export function TargetFacts({ target, locale, withNote = false }: { target: Target; locale: Locale; withNote?: boolean }) {
  const { t } = locale;
  const facts: Fact[] = [
    { term: t.common.deadline, value: <DateView iso={target.deadline} locale={locale} /> },
    { term: t.common.scope, value: scopeText(target, locale) },
    { term: t.common.assets, value: assetsText(target, locale) },
    { term: t.common.source, value: <SourceView source={target.source} locale={locale} withNote={withNote} /> },
    { term: t.common.explainAllowed, value: target.explainAllowed ? t.common.explainYes : t.common.explainNo },
  ];
  return <Facts facts={facts} />;
}
