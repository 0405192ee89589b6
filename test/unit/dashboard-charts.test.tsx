import { describe, expect, it } from 'vitest';
import { LineChart, chartGeometry, type ChartSeries } from '../../src/web/components/chart/line-chart.js';
import { StatusBar, statusSegments } from '../../src/web/components/chart/status-bar.js';
import { ProgressStatusTag } from '../../src/web/components/progress-status.js';
import { locale } from '../../src/web/i18n/index.js';
import { byTag, findAll, parseHtml, textOf } from '../support/web-app.js';

const series: ChartSeries[] = [
  { id: 'web', label: 'Web', points: [{ day: '2024-01-01', value: 40 }, { day: '2024-06-01', value: null }, { day: '2025-01-06', value: 60 }] },
  { id: 'web-pub', label: 'Web (Forum)', kind: 'published', points: [{ day: '2024-03-01', value: 53 }] },
];

const html = (node: unknown): string => String(node);

describe('LineChart', () => {
  it('draws an labelled SVG, a legend and the same data as a table, dates in the page language', () => {
    for (const lang of ['nl', 'en'] as const) {
      const doc = parseHtml(html(<LineChart id="c1" title="Trend" summary="Goes up." series={series} locale={locale(lang)} />));
      const svg = byTag(doc, 'svg')[0];
      expect(svg?.attrs.role).toBe('img');
      expect(svg?.attrs['aria-labelledby']).toBe('c1-title c1-desc');
      expect(textOf(byTag(doc, 'desc')[0] ?? doc)).toBe('Goes up.');
      const table = findAll(doc, (el) => el.attrs.id === 'c1-table')[0];
      expect(table).toBeDefined();
      expect(textOf(byTag(table ?? doc, 'caption')[0] ?? doc)).toBe('Trend');
      expect(byTag(table ?? doc, 'tr')).toHaveLength(5); // head + 4 days
      const text = textOf(doc);
      expect(text).toContain(lang === 'nl' ? '1 maart 2024' : '1 March 2024');
      expect(text).toContain(lang === 'nl' ? 'gepubliceerd' : 'published');
      expect(text).toContain('53%');
    }
  });

  it('breaks the line at unknown values and draws published figures as markers only', () => {
    const g = chartGeometry(series, 'en');
    expect(g.drawn[0]?.d?.match(/M/g)).toHaveLength(2);
    expect(g.drawn[1]?.d).toBeUndefined();
    expect(g.drawn[1]?.markers).toHaveLength(1);
    expect(g.y(100)).toBeLessThan(g.y(0));
    expect(g.drawn[0]?.style.dash).not.toBe(g.drawn[1]?.style.dash);
  });

  it('says so when there is nothing to draw', () => {
    const doc = parseHtml(html(<LineChart id="c2" title="T" summary="S" series={[]} locale={locale('en')} />));
    expect(byTag(doc, 'svg')).toHaveLength(0);
    expect(textOf(doc)).toContain('No data yet.');
  });
});

describe('StatusBar', () => {
  const counts = { met: 3, explained: 1, 'on-track': 0, 'at-risk': 2, overdue: 2, unknown: 2 };
  it('splits the bar by share in status order', () => {
    const segs = statusSegments(counts, 100);
    expect(segs.map((s) => s.status)).toEqual(['met', 'explained', 'on-track', 'at-risk', 'overdue', 'unknown']);
    expect(segs[0]).toMatchObject({ count: 3, share: 30, x: 0, width: 30 });
    expect(segs[3]).toMatchObject({ x: 40, width: 20 });
  });
  it('renders an SVG with title and description and a table with counts and shares', () => {
    const doc = parseHtml(html(<StatusBar id="sb" title="Verdeling" counts={counts} locale={locale('nl')} />));
    expect(byTag(doc, 'svg').find((s) => s.attrs.role === 'img')?.attrs['aria-labelledby']).toBe('sb-title sb-desc');
    const rows = byTag(findAll(doc, (el) => el.attrs.id === 'sb-table')[0] ?? doc, 'tr').map(textOf);
    expect(rows).toContain('Gehaald330%');
    expect(rows.at(-1)).toBe('Totaal10100%');
  });
});

describe('ProgressStatusTag', () => {
  it('says the status in words, with a class per status', () => {
    const doc = parseHtml(html(<ProgressStatusTag status="overdue" locale={locale('en')} />));
    const span = byTag(doc, 'span')[0];
    expect(textOf(span ?? doc)).toBe('Overdue');
    expect(span?.attrs.class).toContain('thorbecke-status--overdue');
  });
});
