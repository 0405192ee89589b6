import type { Child } from 'hono/jsx';
import type { Issue } from '../../../domain/errors.js';
import type { Locale } from '../../i18n/index.js';
import { Alert } from '../alert.js';
import { describedBy, FieldFrame, type Described } from '../form-field.js';
import { issueText } from './issue-text.js';

/**
 * The parts of the signed-in forms that form-field.tsx does not have: the error summary shown at the top
 * after a failed submit (each problem links to its field), a select and a textarea with hint and error
 * linked by aria-describedby, and turning a service's InputError (issues located by field) into both.
 */

/** One problem of a submitted form: the field's id (for the link and aria-describedby), its label, what is wrong. */
export interface FormProblem {
  /** The id of the field; undefined for a problem that belongs to no field. */
  field?: string | undefined;
  label?: string | undefined;
  message: string;
}

/** Where each located issue goes: issue location → field id and label. */
export type FieldMap = Readonly<Record<string, { id: string; label: string }>>;

/**
 * The problems of an InputError, located by field where the location is known. An error without issues
 * becomes one problem with its message.
 */
export function problemsOf(issues: readonly Issue[], message: string, fields: FieldMap, locale: Locale): FormProblem[] {
  if (issues.length === 0) return [{ message: issueText(message, locale.lang) }];
  return issues.map((issue) => {
    const target = issue.location === undefined ? undefined : fields[issue.location];
    const text = issueText(issue.message, locale.lang);
    return target === undefined ? { message: issue.location === undefined ? text : `${issue.location}: ${text}` } : { field: target.id, label: target.label, message: text };
  });
}

/** The first message for a field (shown next to it), or undefined. */
export function errorFor(problems: readonly FormProblem[] | undefined, id: string): string | undefined {
  return problems?.find((p) => p.field === id)?.message;
}

/**
 * The summary at the top of a page after a failed submit: a heading and every problem, each a link to its
 * field. Put it right after the h1.
 */
export function ErrorSummary({ problems, locale }: { problems: readonly FormProblem[] | undefined; locale: Locale }) {
  if (problems === undefined || problems.length === 0) return null;
  const f = locale.t.account.form;
  return (
    <Alert type="error">
      <h2 class="utrecht-heading-2" id="error-summary-heading">
        {f.errorSummary}
      </h2>
      <p class="utrecht-paragraph">{f.errorIntro}</p>
      <ul class="utrecht-unordered-list" aria-labelledby="error-summary-heading">
        {problems.map((p) => (
          <li class="utrecht-unordered-list__item">
            {p.field === undefined ? (
              p.message
            ) : (
              <a class="utrecht-link" href={`#${p.field}`}>
                {p.label === undefined ? p.message : `${p.label}: ${p.message}`}
              </a>
            )}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

export interface SelectFieldProps extends Described {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  value?: string | undefined;
  required?: boolean | undefined;
}

/** A labelled select in NL Design System markup. */
export function SelectField({ id, name, label, options, value, required, hint, error }: SelectFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} kind="select">
      <select
        class={`utrecht-select utrecht-select--html-select${error === undefined ? '' : ' utrecht-select--invalid'}`}
        id={id}
        name={name}
        required={required}
        aria-invalid={error === undefined ? undefined : 'true'}
        aria-describedby={describedBy({ id, hint, error })}
      >
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export interface TextAreaFieldProps extends Described {
  name: string;
  label: string;
  value?: string | undefined;
  required?: boolean | undefined;
  maxlength?: number | undefined;
}

/** A labelled textarea in NL Design System markup. */
export function TextAreaField({ id, name, label, value, required, maxlength, hint, error }: TextAreaFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} kind="textarea">
      <textarea
        class={`utrecht-textarea utrecht-textarea--html-textarea${error === undefined ? '' : ' utrecht-textarea--invalid'}`}
        id={id}
        name={name}
        rows={5}
        required={required}
        maxlength={maxlength}
        aria-invalid={error === undefined ? undefined : 'true'}
        aria-describedby={describedBy({ id, hint, error })}
      >
        {value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

/** A secondary submit button (a second action of a form, or a small form of its own). */
export function SecondaryButton({ children, name, value, label }: { children?: Child; name?: string; value?: string; label?: string | undefined }) {
  return (
    <button type="submit" class="utrecht-button utrecht-button--secondary-action" name={name} value={value} aria-label={label}>
      {children}
    </button>
  );
}
