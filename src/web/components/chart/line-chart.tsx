import { scaleLinear, scaleUtc } from 'd3-scale';
import { line, symbol, symbolCircle, symbolDiamond, symbolSquare, symbolTriangle, symbolWye, type SymbolType } from 'd3-shape';
import { INTL_LOCALES } from '../../i18n/format.js';
import type { Locale } from '../../i18n/index.js';
import { Table } from '../table.js';

/** One value of a series at one day. */
export interface ChartPoint {
  /** YYYY-MM-DD */
  day: string;
  /** 0..100 percent; null where nothing is known (the line breaks there). */
  value: number | null;
}

/** A line (or, for published figures, a set of markers) on a LineChart. */
export interface ChartSeries {
  id: string;
  label: string;
  points: ChartPoint[];
  /** measured: a line; published: markers only; forecast: a dashed line. Default measured. */
  kind?: 'measured' | 'published' | 'forecast';
}

export interface LineChartProps {
  /** Unique on the page: prefixes the ids of the SVG's title, description and table. */
  id: string;
  title: string;
  /** The text alternative: what the chart shows, in a sentence or two. */
  summary: string;
  series: ChartSeries[];
  locale: Locale;
}

const WIDTH = 640;
const HEIGHT = 320;
const MARGIN = { top: 16, right: 24, bottom: 36, left: 48 };

/** Colours with at least 3:1 contrast against white, dash patterns and marker shapes, by series index. */
const COLOURS = ['#1f5c99', '#9a5200', '#1a6b3c', '#7a3d8f', '#b01c2e', '#444444'];
const DASHES = [undefined, '8 4', '2 3', '10 3 2 3', '4 4', '1 2'];
const SYMBOLS: SymbolType[] = [symbolCircle, symbolSquare, symbolTriangle, symbolDiamond, symbolWye, symbolCircle];
/** At most this many markers on a measured line (enough to show its shape, not so many they blur it). */
const MARKERS_PER_LINE = 8;

function toDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function at<T>(list: readonly T[], i: number): T {
  return list[i % list.length] as T;
}

/** The style of the i-th series: colour, dash pattern (undefined = solid) and marker path. */
export function seriesStyle(i: number, kind: ChartSeries['kind']) {
  const dash = kind === 'forecast' ? '6 4' : at(DASHES, i);
  return { colour: at(COLOURS, i), dash, marker: symbol(at(SYMBOLS, i), kind === 'published' ? 64 : 40)() ?? '' };
}

/** Every day of any series, sorted. */
export function chartDays(series: readonly ChartSeries[]): string[] {
  return [...new Set(series.flatMap((s) => s.points.map((p) => p.day)))].sort();
}

/** The geometry of a chart: scales, axis ticks and each series' path and markers, in SVG user units. */
export function chartGeometry(series: readonly ChartSeries[], lang: Locale['lang']) {
  const days = chartDays(series);
  const first = days[0] ?? '2000-01-01';
  const last = days.at(-1) ?? first;
  const x = scaleUtc()
    .domain(first === last ? [toDate(first), new Date(toDate(first).getTime() + 86_400_000)] : [toDate(first), toDate(last)])
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleLinear().domain([0, 100]).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const monthYear = new Intl.DateTimeFormat(INTL_LOCALES[lang], { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const xTicks = x.ticks(6).map((d) => ({ x: x(d), label: monthYear.format(d) }));
  const yTicks = y.ticks(5).map((v) => ({ y: y(v), value: v }));
  const path = line<ChartPoint>()
    .defined((p) => p.value !== null)
    .x((p) => x(toDate(p.day)))
    .y((p) => y(p.value ?? 0))
    .digits(1);
  const drawn = series.map((s, i) => {
    const points = [...s.points].sort((a, b) => a.day.localeCompare(b.day));
    const known = points.filter((p) => p.value !== null);
    const step = s.kind === 'published' ? 1 : Math.max(1, Math.ceil(known.length / MARKERS_PER_LINE));
    const markers = known.filter((_, j) => j % step === 0 || j === known.length - 1).map((p) => ({ x: x(toDate(p.day)), y: y(p.value ?? 0) }));
    return { series: s, style: seriesStyle(i, s.kind), d: s.kind === 'published' ? undefined : (path(points) ?? undefined), markers };
  });
  return { x, y, xTicks, yTicks, drawn, plot: { left: MARGIN.left, right: WIDTH - MARGIN.right, top: MARGIN.top, bottom: HEIGHT - MARGIN.bottom } };
}

function Marker({ d, colour, x, y }: { d: string; colour: string; x: number; y: number }) {
  return <path d={d} transform={`translate(${x.toFixed(1)},${y.toFixed(1)})`} fill={colour} stroke="#ffffff" stroke-width="1" />;
}

/**
 * A line chart of percentages over time, drawn on the server: an SVG (role="img", labelled by its title and
 * the summary as description) with axes 0–100% and dates in the page's language; series differ in colour,
 * dash pattern and marker shape, published figures are markers only. A legend names each series and the same
 * data follows as a table (rows: dates, columns: series).
 */
export function LineChart({ id, title, summary, series, locale }: LineChartProps) {
  const { t, format } = locale;
  const c = t.dashboard.chart;
  const days = chartDays(series);
  if (days.length === 0) {
    return (
      <figure class="thorbecke-chart">
        <figcaption class="utrecht-paragraph">{title}</figcaption>
        <p class="utrecht-paragraph">{c.noData}</p>
      </figure>
    );
  }
  const g = chartGeometry(series, locale.lang);
  const byDay = series.map((s) => new Map(s.points.map((p) => [p.day, p.value])));
  const rows = days.map((day) => [
    <time datetime={day}>{format.date(day)}</time>,
    ...byDay.map((values) => {
      const v = values.get(day);
      return v === undefined || v === null ? '–' : format.percent(v);
    }),
  ]);
  return (
    <figure class="thorbecke-chart">
      <svg class="thorbecke-chart__svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} xmlns="http://www.w3.org/2000/svg">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <g class="thorbecke-chart__axis" aria-hidden="true">
          {g.yTicks.map((tick) => (
            <>
              <line x1={g.plot.left} x2={g.plot.right} y1={tick.y} y2={tick.y} stroke="#d0d0d0" />
              <text x={g.plot.left - 6} y={tick.y + 4} text-anchor="end" font-size="12" fill="#333333">
                {format.percent(tick.value)}
              </text>
            </>
          ))}
          {g.xTicks.map((tick) => (
            <>
              <line x1={tick.x} x2={tick.x} y1={g.plot.bottom} y2={g.plot.bottom + 5} stroke="#333333" />
              <text x={tick.x} y={g.plot.bottom + 20} text-anchor="middle" font-size="12" fill="#333333">
                {tick.label}
              </text>
            </>
          ))}
          <line x1={g.plot.left} x2={g.plot.right} y1={g.plot.bottom} y2={g.plot.bottom} stroke="#333333" />
          <line x1={g.plot.left} x2={g.plot.left} y1={g.plot.top} y2={g.plot.bottom} stroke="#333333" />
        </g>
        {g.drawn.map(({ series: s, style, d, markers }) => (
          <g class={`thorbecke-chart__series thorbecke-chart__series--${s.kind ?? 'measured'}`} aria-hidden="true">
            {d === undefined ? null : <path d={d} fill="none" stroke={style.colour} stroke-width="2.5" stroke-dasharray={style.dash} />}
            {markers.map((m) => (
              <Marker d={style.marker} colour={style.colour} x={m.x} y={m.y} />
            ))}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul class="thorbecke-legend" aria-label={c.legend}>
          {g.drawn.map(({ series: s, style }) => (
            <li class="thorbecke-legend__item">
              <svg class="thorbecke-swatch thorbecke-swatch--line" viewBox="0 0 36 16" width="36" height="16" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">
                {s.kind === 'published' ? null : <line x1="0" x2="36" y1="8" y2="8" stroke={style.colour} stroke-width="2.5" stroke-dasharray={style.dash} />}
                <Marker d={style.marker} colour={style.colour} x={18} y={8} />
              </svg>{' '}
              {s.label} ({c.kinds[s.kind ?? 'measured']})
            </li>
          ))}
        </ul>
      </figcaption>
      <details class="thorbecke-details">
        <summary class="thorbecke-details__summary">{c.showTable}</summary>
        <Table id={`${id}-table`} caption={title} head={[c.date, ...series.map((s) => s.label)]} rows={rows} />
      </details>
    </figure>
  );
}
