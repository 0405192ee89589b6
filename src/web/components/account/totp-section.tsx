import type { Locale } from '../../i18n/index.js';
import { Field, PostForm, SubmitButton } from '../form-field.js';
import { Section } from '../section.js';
import { errorFor, type FormProblem } from './form-parts.js';

/** An enrolment in progress: the secret, and the QR code of its otpauth:// URI as a data: URI (the CSP allows data: images). */
export interface TotpEnrolment {
  secret: string;
  qrDataUri: string;
  problems?: readonly FormProblem[] | undefined;
}

export const TOTP_CODE_FIELD = 'totp-code';

/** The secret in groups of four, for typing it into an app. */
export const groupedSecret = (secret: string): string => secret.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * The second factor on /account: on, off with a button to start, or — after starting — the QR code, the
 * secret to type instead, and a field for the first code.
 */
export function TotpSection({ csrfToken, enabled, local, enrolment, locale }: { csrfToken: string; enabled: boolean; local: boolean; enrolment?: TotpEnrolment | undefined; locale: Locale }) {
  const z = locale.t.account.totp;
  if (!local) {
    return (
      <Section id="second-factor" title={z.heading}>
        <p class="utrecht-paragraph">{z.oidc}</p>
      </Section>
    );
  }
  return (
    <Section id="second-factor" title={z.heading}>
      <p class="utrecht-paragraph">{enabled ? z.on : z.off}</p>
      {enrolment === undefined ? (
        enabled ? null : (
          <PostForm action="/account/totp/start" csrfToken={csrfToken}>
            <SubmitButton>{z.start}</SubmitButton>
          </PostForm>
        )
      ) : (
        <>
          <h3 class="utrecht-heading-3">{z.enrolHeading}</h3>
          <p class="utrecht-paragraph">{z.scan}</p>
          <p class="utrecht-paragraph">
            <img src={enrolment.qrDataUri} alt={z.qrAlt} width={200} height={200} />
          </p>
          <p class="utrecht-paragraph">{z.typeInstead}</p>
          <p class="utrecht-paragraph">
            {z.secretLabel}: <code class="utrecht-code" id="totp-secret">{groupedSecret(enrolment.secret)}</code>
          </p>
          <PostForm action="/account/totp/confirm" csrfToken={csrfToken}>
            <Field id={TOTP_CODE_FIELD} name="code" label={z.code} hint={z.codeHint} autocomplete="one-time-code" inputmode="numeric" required maxlength={20} error={errorFor(enrolment.problems, TOTP_CODE_FIELD)} />
            <SubmitButton>{z.confirm}</SubmitButton>
          </PostForm>
        </>
      )}
    </Section>
  );
}
