import { z } from 'zod';
import { LAYERS, type Layer } from '../../domain/layer.js';
import { PROGRESS_STATUSES, type ProgressStatus } from '../../domain/progress.js';
import type { Messages } from '../i18n/index.js';

/** How the list of organisations on a target page can be sorted. */
export const TARGET_SORTS = ['name', 'value', 'status', 'planned'] as const;
export type TargetSort = (typeof TARGET_SORTS)[number];

/** Rows per page of the list (the whole federation is about 1,500 organisations). */
export const TARGET_PAGE_SIZE = 100;

/** Empty form fields mean "no filter". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const targetQuerySchema = z.object({
  layer: optional(z.enum(LAYERS)),
  province: optional(z.string().trim().toLowerCase().regex(/^pv\d{2}$/)),
  status: optional(z.enum(PROGRESS_STATUSES)),
  sort: optional(z.enum(TARGET_SORTS)).transform((v) => v ?? 'name'),
  order: optional(z.enum(['asc', 'desc'])).transform((v) => v ?? 'asc'),
  page: optional(z.string().regex(/^\d{1,6}$/).transform(Number).pipe(z.int().min(1))).transform((v) => v ?? 1),
});

/** The filter, sort and page of a target page's list, as its GET form sends them. */
export interface TargetQuery {
  layer: Layer | undefined;
  province: string | undefined;
  status: ProgressStatus | undefined;
  sort: TargetSort;
  order: 'asc' | 'desc';
  page: number;
}

export type ParsedTargetQuery = { ok: true; query: TargetQuery } | { ok: false; issues: string[] };

const shown = (value: string | undefined): string => {
  const v = value ?? '';
  return v.length > 60 ? `${v.slice(0, 60)}…` : v;
};

/** Reads the query of /targets/:id; every invalid parameter gives one issue in the user's language. */
export function parseTargetQuery(raw: Record<string, string | undefined>, t: Messages): ParsedTargetQuery {
  const parsed = targetQuerySchema.safeParse(raw);
  if (parsed.success) {
    const d = parsed.data;
    return { ok: true, query: { layer: d.layer, province: d.province, status: d.status, sort: d.sort, order: d.order, page: d.page } };
  }
  const invalid = t.dashboard.target.invalid;
  const keys = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
  const issues = keys.map((key) => {
    const message = (invalid as Partial<Record<string, (v: string) => string>>)[key];
    return message === undefined ? key : message(shown(raw[key]));
  });
  return { ok: false, issues };
}

/** The query of a list page as link parameters (defaults left out). */
export function targetQueryParams(q: TargetQuery, page: number): Record<string, string | number | undefined> {
  return {
    layer: q.layer,
    province: q.province,
    status: q.status,
    sort: q.sort === 'name' ? undefined : q.sort,
    order: q.order === 'asc' ? undefined : q.order,
    page: page === 1 ? undefined : page,
  };
}
