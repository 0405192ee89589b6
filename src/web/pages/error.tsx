import type { Context } from 'hono';
import { frameOf } from '../components/frame.js';
import { render } from './render.js';

/** The statuses of the error page. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 429 | 500;

export interface ErrorDetails {
  /** A sentence about what went wrong (escaped like all text). */
  detail?: string | undefined;
  /** For 400: every problem with the request, in the user's language. */
  issues?: readonly string[] | undefined;
}

/** The error page in the user's language. */
export function errorPage(c: Context, status: ErrorStatus, { detail, issues = [] }: ErrorDetails): Response | Promise<Response> {
  const frame = frameOf(c);
  const { t } = frame.locale;
  const body = (
    <>
      <h1 class="utrecht-heading-1">{t.errors.title[status]}</h1>
      <p class="utrecht-paragraph">{t.errors.body[status]}</p>
      {issues.length > 0 ? (
        <ul class="utrecht-unordered-list">
          {issues.map((issue) => (
            <li class="utrecht-unordered-list__item">{issue}</li>
          ))}
        </ul>
      ) : null}
      {detail === undefined || detail === '' ? null : (
        <p class="utrecht-paragraph">
          {t.errors.detail}: {detail}
        </p>
      )}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/">
          {t.errors.backHome}
        </a>
      </p>
    </>
  );
  return render(c, frame, { title: t.errors.title[status], body }, status);
}
