import type { Target } from '../../../strategy/schema.js';
import type { Forecast } from '../../dashboard/figures.js';
import type { Locale } from '../../i18n/index.js';
import { LineChart, type ChartPoint, type ChartSeries } from '../chart/line-chart.js';
import { DownloadLinks } from '../download-links.js';

/** One headline target of the trend chart: its weekly measured share and its forecast. */
export interface TrendLine {
  target: Target;
  measured: ChartPoint[];
  forecast: Forecast;
}

function ForecastText({ line, locale }: { line: TrendLine; locale: Locale }) {
  const p = locale.t.dashboard.progress;
  const title = line.target.title[locale.lang];
  if (line.forecast.kind === 'reach') return <>{p.forecastReach(title, locale.format.date(line.forecast.date))}</>;
  return <>{line.forecast.kind === 'never' ? p.forecastNever(title) : p.forecastTooShort(title)}</>;
}

/** Where each published figure comes from, with the maintainers' note (in English) where there is one. */
function PublishedSources({ lines, locale }: { lines: readonly TrendLine[]; locale: Locale }) {
  const { format, lang } = locale;
  const items = lines.flatMap((line) => (line.target.published ?? []).map((figure) => ({ title: line.target.title[lang], figure })));
  if (items.length === 0) return null;
  return (
    <ul class="utrecht-unordered-list">
      {items.map(({ title, figure }) => (
        <li class="utrecht-unordered-list__item">
          {`${title}, ${format.date(figure.date)}: ${format.percent(figure.value)} — ${figure.source}`}
          {figure.note === undefined ? null : (
            <>
              {' '}
              (<span lang="en">{figure.note}</span>)
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The chart's series: per headline target the measured line and the published figures as markers. */
export function trendSeries(lines: readonly TrendLine[], locale: Locale): ChartSeries[] {
  const p = locale.t.dashboard.progress;
  return lines.flatMap((line) => {
    const title = line.target.title[locale.lang];
    const series: ChartSeries[] = [{ id: `${line.target.id}-measured`, label: p.measuredLabel(title), points: line.measured, kind: 'measured' }];
    const published = line.target.published ?? [];
    if (published.length > 0) {
      series.push({
        id: `${line.target.id}-published`,
        label: p.publishedLabel(title),
        points: published.map((f) => ({ day: f.date, value: f.value })),
        kind: 'published',
      });
    }
    return series;
  });
}

/**
 * The national trend: the share of domains meeting all web and all mail agreements per week, with the
 * figures Forum Standaardisatie published, and when 100% is reached at the current pace.
 */
export function NationalTrend({ lines, locale }: { lines: readonly TrendLine[]; locale: Locale }) {
  const { t, format } = locale;
  const p = t.dashboard.progress;
  const measuredAny = lines.some((l) => l.measured.some((pt) => pt.value !== null));
  const latest = lines.flatMap((l) => {
    const last = [...l.measured].reverse().find((pt) => pt.value !== null);
    return last?.value == null ? [] : [`${l.target.title[locale.lang]} ${format.percent(last.value)} (${format.date(last.day)})`];
  });
  const summary = `${p.trendIntro} ${latest.length === 0 ? p.trendNothing : p.trendSummary(format.list(latest))}`;
  return (
    <>
      <p class="utrecht-paragraph">{p.trendIntro}</p>
      {measuredAny ? null : <p class="utrecht-paragraph">{p.trendNothing}</p>}
      <LineChart id="national-trend" title={p.trendTitle} summary={summary} series={trendSeries(lines, locale)} locale={locale} />
      <p class="utrecht-paragraph">{p.publishedNote}</p>
      <PublishedSources lines={lines} locale={locale} />
      <DownloadLinks base="/data/history" locale={locale} label={p.trendTitle} />
      <h3 class="utrecht-heading-3">{p.forecastHeading}</h3>
      <ul class="utrecht-unordered-list">
        {lines.map((line) => (
          <li class="utrecht-unordered-list__item">
            <ForecastText line={line} locale={locale} />
          </li>
        ))}
      </ul>
    </>
  );
}
