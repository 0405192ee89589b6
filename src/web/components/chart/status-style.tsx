import type { ProgressStatus } from '../../../domain/progress.js';

/**
 * How each progress status is drawn in SVG (status bar, maps): a fill colour with at least 3:1 contrast
 * against white (WCAG 1.4.11) and a pattern, so that colour is never the only carrier. The words come from
 * `t.dashboard.statuses`; legends always show them next to the swatch.
 */
export interface StatusStyle {
  fill: string;
  /** What is drawn on top of the fill in white: nothing, diagonal hatching, dots, or cross-hatching. */
  pattern: 'solid' | 'hatch' | 'dots' | 'cross' | 'vertical' | 'horizontal';
}

export const STATUS_STYLES: Readonly<Record<ProgressStatus, StatusStyle>> = {
  met: { fill: '#1a6b3c', pattern: 'solid' },
  explained: { fill: '#1f5c99', pattern: 'vertical' },
  'on-track': { fill: '#4a7d12', pattern: 'dots' },
  'at-risk': { fill: '#9a5200', pattern: 'hatch' },
  overdue: { fill: '#b01c2e', pattern: 'cross' },
  unknown: { fill: '#666666', pattern: 'horizontal' },
};

/** The id of a status's pattern inside one SVG (ids must be unique on the page, hence the prefix). */
export function patternId(prefix: string, status: ProgressStatus): string {
  return `${prefix}-pattern-${status}`;
}

const MARKS: Record<StatusStyle['pattern'], string> = {
  solid: '',
  hatch: 'M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6',
  cross: 'M0,8 L8,0 M0,0 L8,8',
  vertical: 'M4,0 L4,8',
  horizontal: 'M0,4 L8,4',
  dots: '',
};

/** `<defs>` with one pattern per status: the status colour with its white marks. */
export function StatusPatterns({ prefix, only }: { prefix: string; only?: ProgressStatus }) {
  const entries = (Object.entries(STATUS_STYLES) as [ProgressStatus, StatusStyle][]).filter(([status]) => only === undefined || status === only);
  return (
    <defs>
      {entries.map(([status, style]) => (
        <pattern id={patternId(prefix, status)} width="8" height="8" patternUnits="userSpaceOnUse">
          <rect width="8" height="8" fill={style.fill} />
          {style.pattern === 'dots' ? <circle cx="4" cy="4" r="1.4" fill="#ffffff" /> : null}
          {MARKS[style.pattern] === '' ? null : <path d={MARKS[style.pattern]} stroke="#ffffff" stroke-width="1.2" fill="none" />}
        </pattern>
      ))}
    </defs>
  );
}
