import type { Child } from 'hono/jsx';

export interface FieldProps {
  id: string;
  name?: string | undefined;
  label: string;
  type?: 'text' | 'email' | 'password' | 'date' | 'number' | 'url' | undefined;
  value?: string | undefined;
  autocomplete?: string | undefined;
  required?: boolean | undefined;
  /** A hint under the label (linked with aria-describedby). */
  hint?: string | undefined;
  /** What is wrong with the submitted value (marks the field invalid and is linked to it). */
  error?: string | undefined;
  inputmode?: 'numeric' | undefined;
  maxlength?: number | undefined;
}

/** What links a control to its hint and error. */
export interface Described {
  id: string;
  hint?: string | undefined;
  error?: string | undefined;
}

/** The ids of a field's hint and error, for aria-describedby. */
export const describedBy = ({ id, hint, error }: Described): string | undefined =>
  [hint === undefined ? undefined : `${id}-hint`, error === undefined ? undefined : `${id}-error`].filter(Boolean).join(' ') || undefined;

/** Label, hint and error of a field, around its control (NL Design System markup). */
export function FieldFrame({ id, label, hint, error, kind, children }: Described & { label: string; kind: string; children?: Child }) {
  return (
    <div class={`utrecht-form-field utrecht-form-field--${kind}${error === undefined ? '' : ' utrecht-form-field--invalid'}`}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={id}>
          {label}
        </label>
      </div>
      {hint === undefined ? null : (
        <div class="utrecht-form-field__description" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error === undefined ? null : (
        <div class="utrecht-form-field-error-message" id={`${id}-error`}>
          {error}
        </div>
      )}
      <div class="utrecht-form-field__input">{children}</div>
    </div>
  );
}

/** One labelled text input, with its hint and error linked for screen readers. */
export function Field({ id, name, label, type = 'text', value, autocomplete, required, hint, error, inputmode, maxlength }: FieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} kind="text">
      <input
        class={`utrecht-textbox utrecht-textbox--html-input${error === undefined ? '' : ' utrecht-textbox--invalid'}`}
        type={type}
        id={id}
        name={name ?? id}
        value={value}
        autocomplete={autocomplete}
        required={required}
        inputmode={inputmode}
        maxlength={maxlength}
        aria-invalid={error === undefined ? undefined : 'true'}
        aria-describedby={describedBy({ id, hint, error })}
      />
    </FieldFrame>
  );
}

/** A form that writes: POST with the session's CSRF token. */
export function PostForm({ action, csrfToken, children, class: className }: { action: string; csrfToken?: string | undefined; children?: Child; class?: string }) {
  return (
    <form class={className ?? 'utrecht-form'} method="post" action={action}>
      {csrfToken === undefined ? null : <input type="hidden" name="_csrf" value={csrfToken} />}
      {children}
    </form>
  );
}

export function SubmitButton({ children }: { children?: Child }) {
  return (
    <div class="utrecht-button-group">
      <button type="submit" class="utrecht-button utrecht-button--primary-action">
        {children}
      </button>
    </div>
  );
}
