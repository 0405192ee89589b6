import type { CheckDefinition } from './types.js';

/** Checks outside the Forum sets: security.txt (its own target) and the hosting facts for the autonomy priority. */
export const OTHER_CHECKS = [
  {
    id: 'web.security-txt',
    family: 'security-txt',
    title: { nl: 'security.txt', en: 'security.txt' },
    description: { nl: 'Test of de website een geldig security.txt-bestand publiceert.', en: 'Tests whether the website publishes a valid security.txt file.' },
    fix: { nl: 'Publiceer /.well-known/security.txt via HTTPS met ten minste één Contact en één Expires in de toekomst.', en: 'Publish /.well-known/security.txt over HTTPS with at least one Contact and one Expires in the future.' },
    level: 'mandatory',
    sets: [],
    norm: {
      nl: 'RFC 9116 (pas-toe-of-leg-uit sinds 25 mei 2023): /.well-known/security.txt via HTTPS als text/plain (UTF-8), ten minste één Contact, precies één Expires in de toekomst (aanbevolen minder dan een jaar vooruit), Preferred-Languages hooguit eenmaal.',
      en: 'RFC 9116 (comply-or-explain since 25 May 2023): /.well-known/security.txt over HTTPS as text/plain (UTF-8), at least one Contact, exactly one Expires in the future (recommended less than a year ahead), Preferred-Languages at most once.',
    },
  },
  {
    id: 'hosting.mail-provider',
    family: 'hosting',
    title: { nl: 'Mailprovider', en: 'Mail provider' },
    description: { nl: 'Stelt uit de MX-records vast welke partij de mail van het domein ontvangt.', en: 'Determines from the MX records which provider receives the domain\'s mail.' },
    fix: { nl: 'Geen norm om te herstellen: weeg de afhankelijkheid van de provider af in het beleid voor digitale autonomie.', en: 'No norm to fix: weigh the dependence on the provider in the digital-autonomy policy.' },
    level: 'informational',
    sets: [],
    norm: { nl: 'Informatief (NDS-prioriteit digitale weerbaarheid en autonomie): minder afhankelijkheid van enkele leveranciers.', en: 'Informational (NDS priority digital resilience and autonomy): less dependence on a few suppliers.' },
    notApplicableWhen: { nl: 'Het domein ontvangt geen mail: geen MX-record of een null MX (RFC 7505).', en: 'The domain receives no mail: no MX record or a null MX (RFC 7505).' },
  },
  {
    id: 'hosting.dns-provider',
    family: 'hosting',
    title: { nl: 'DNS-provider', en: 'DNS provider' },
    description: { nl: 'Stelt uit de NS-records vast welke partij de DNS van het domein beheert.', en: 'Determines from the NS records which provider runs the domain\'s DNS.' },
    fix: { nl: 'Geen norm om te herstellen: weeg de afhankelijkheid van de provider af in het beleid voor digitale autonomie.', en: 'No norm to fix: weigh the dependence on the provider in the digital-autonomy policy.' },
    level: 'informational',
    sets: [],
    norm: { nl: 'Informatief (NDS-prioriteit digitale weerbaarheid en autonomie): minder afhankelijkheid van enkele leveranciers.', en: 'Informational (NDS priority digital resilience and autonomy): less dependence on a few suppliers.' },
  },
  {
    id: 'hosting.web-provider',
    family: 'hosting',
    title: { nl: 'Webhostingprovider', en: 'Web hosting provider' },
    description: { nl: 'Stelt uit CNAME- en adresgegevens vast welke partij de website host.', en: 'Determines from CNAME and address data which provider hosts the website.' },
    fix: { nl: 'Geen norm om te herstellen: weeg de afhankelijkheid van de provider af in het beleid voor digitale autonomie.', en: 'No norm to fix: weigh the dependence on the provider in the digital-autonomy policy.' },
    level: 'informational',
    sets: [],
    norm: { nl: 'Informatief (NDS-prioriteit digitale weerbaarheid en autonomie): minder afhankelijkheid van enkele leveranciers.', en: 'Informational (NDS priority digital resilience and autonomy): less dependence on a few suppliers.' },
  },
] as const satisfies readonly CheckDefinition[];
