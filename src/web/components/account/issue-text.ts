/**
 * The services' field messages are English (they serve the API and the CLI too). On a Dutch page the
 * common ones are said in Dutch; anything not listed here is shown as the service wrote it.
 */
import type { Lang } from '../../i18n/index.js';

const DUTCH: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^must be at least (\d+) characters long/, (m) => `moet minstens ${m[1] ?? ''} tekens lang zijn (een wachtzin van een paar losse woorden is het makkelijkst)`],
  [/^must be at most (\d+) characters long$/, (m) => `mag hoogstens ${m[1] ?? ''} tekens lang zijn`],
  [/^must not contain your e-mail address or name$/, () => 'mag uw e-mailadres of naam niet bevatten'],
  [/^is too easy to guess/, () => 'is te makkelijk te raden. Gebruik een langere wachtzin van losse woorden.'],
  [/^use a date as YYYY-MM-DD$/, () => 'vul een datum in als JJJJ-MM-DD'],
  [/^a reason has at least 10 characters$/, () => 'een reden heeft minstens 10 tekens'],
  [/^a reason has at most 4000 characters$/, () => 'een reden heeft hoogstens 4000 tekens'],
  [/^a rejection says why \(note\)$/, () => 'zeg bij afkeuren waarom (toelichting)'],
  [/^the expiry date must lie after today \((.+)\)$/, (m) => `de einddatum moet na vandaag (${m[1] ?? ''}) liggen`],
  [/^an explanation runs at most one year: expire on (.+) or earlier$/, (m) => `een uitleg geldt hoogstens een jaar: uiterlijk tot ${m[1] ?? ''}`],
  [/^milestone dates must increase \((.+) is not after (.+)\)$/, (m) => `de datums van tussendoelen moeten oplopen (${m[1] ?? ''} ligt niet na ${m[2] ?? ''})`],
  [/^a milestone \((.+)\) cannot lie after the planned date (.+)$/, (m) => `een tussendoel (${m[1] ?? ''}) kan niet na de geplande datum ${m[2] ?? ''} liggen`],
  [/^at the latest the deadline (.+)$/, (m) => `uiterlijk de deadline ${m[1] ?? ''}`],
  [/^a (\w+) explanation names the domain$/, () => 'noem bij deze uitleg het domein'],
  [/^a (\w+) explanation names no domain$/, () => 'bij deze uitleg hoort geen domein'],
  [/^a finding explanation names the check$/, () => 'noem bij uitleg voor één check de check'],
  [/^a (\w+) explanation covers every check: leave the check out$/, () => 'deze uitleg geldt voor alle checks: laat de check leeg'],
  [/^(\S+) is not a domain of (\S+)$/, (m) => `${m[1] ?? ''} is geen domein van ${m[2] ?? ''}`],
  [/^is taken$/, () => 'is al in gebruik'],
  [/^Invalid email address$/, () => 'is geen geldig e-mailadres'],
  [/^Too small: expected string to have >=1 characters?$/, () => 'vul dit veld in'],
  [/^Too small: expected number to be >=(\d+)$/, (m) => `moet minstens ${m[1] ?? ''} zijn`],
  [/^Too big: expected number to be <=(\d+)$/, (m) => `mag hoogstens ${m[1] ?? ''} zijn`],
];

/** A service's message in the page's language where it is known. */
export function issueText(message: string, lang: Lang): string {
  if (lang === 'en') return message;
  for (const [pattern, dutch] of DUTCH) {
    const m = pattern.exec(message);
    if (m !== null) return dutch(m);
  }
  return message;
}
