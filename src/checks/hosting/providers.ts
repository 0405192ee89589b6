/**
 * The provider table, as data: which well-known provider runs a domain's mail, DNS or website, recognised
 * by the names its customers point to (MX hosts, NS hosts, CNAME targets). A matcher is a domain suffix
 * (`mail.protection.outlook.com` matches `example-nl.mail.protection.outlook.com` and itself) or, where a
 * provider numbers its names, a regular expression on the whole lower-case name.
 *
 * This list is deliberately modest: only providers whose names are well known and stable. It is data to be
 * extended (for example with Dutch government data centres once their host names are verified), not a
 * complete census. Matching by IP address range is out of scope: it needs IP-to-ASN data, which Thorbecke
 * does not ship; no ranges are listed here.
 */

export type Jurisdiction = 'EU' | 'non-EU';
export type ProviderKind = 'platform' | 'cloud' | 'government-data-centre' | 'hosting';

/** A suffix string, or `{ pattern }`: a regular expression source tested against the whole name. */
export type NameMatcher = string | { pattern: string };

export interface Provider {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2 country of the company's seat (whose law applies to it). */
  country: string;
  jurisdiction: Jurisdiction;
  kind: ProviderKind;
  mx?: readonly NameMatcher[];
  ns?: readonly NameMatcher[];
  cname?: readonly NameMatcher[];
}

export const PROVIDERS: readonly Provider[] = [
  { id: 'microsoft-365', name: 'Microsoft 365', country: 'US', jurisdiction: 'non-EU', kind: 'platform', mx: ['mail.protection.outlook.com'] },
  {
    id: 'microsoft-azure',
    name: 'Microsoft Azure',
    country: 'US',
    jurisdiction: 'non-EU',
    kind: 'cloud',
    ns: ['azure-dns.com', 'azure-dns.net', 'azure-dns.org', 'azure-dns.info'],
    cname: ['azurewebsites.net', 'azureedge.net', 'azurefd.net', 'azurestaticapps.net', 'cloudapp.azure.com', 'trafficmanager.net', 'web.core.windows.net'],
  },
  { id: 'google-workspace', name: 'Google Workspace', country: 'US', jurisdiction: 'non-EU', kind: 'platform', mx: ['aspmx.l.google.com', 'smtp.google.com', 'googlemail.com'] },
  {
    id: 'google-cloud',
    name: 'Google Cloud',
    country: 'US',
    jurisdiction: 'non-EU',
    kind: 'cloud',
    ns: ['googledomains.com', 'google.com'],
    cname: ['ghs.googlehosted.com', 'appspot.com'],
  },
  {
    id: 'amazon-web-services',
    name: 'Amazon Web Services',
    country: 'US',
    jurisdiction: 'non-EU',
    kind: 'cloud',
    mx: [{ pattern: '^inbound-smtp\\.[a-z0-9-]+\\.amazonaws\\.com$' }],
    ns: [{ pattern: '(^|\\.)awsdns-\\d+\\.(com|net|org|co\\.uk)$' }],
    cname: ['cloudfront.net', 'elb.amazonaws.com', 'amazonaws.com', 'awsglobalaccelerator.com'],
  },
  {
    id: 'cloudflare',
    name: 'Cloudflare',
    country: 'US',
    jurisdiction: 'non-EU',
    kind: 'cloud',
    mx: ['mx.cloudflare.net'],
    ns: ['ns.cloudflare.com'],
    cname: ['cdn.cloudflare.net'],
  },
  { id: 'akamai', name: 'Akamai', country: 'US', jurisdiction: 'non-EU', kind: 'cloud', ns: ['akam.net'], cname: ['akamaiedge.net', 'edgekey.net', 'edgesuite.net', 'akamai.net'] },
  { id: 'fastly', name: 'Fastly', country: 'US', jurisdiction: 'non-EU', kind: 'cloud', cname: ['fastly.net', 'fastlylb.net'] },
  { id: 'heroku', name: 'Heroku', country: 'US', jurisdiction: 'non-EU', kind: 'platform', cname: ['herokuapp.com', 'herokudns.com'] },
  { id: 'github-pages', name: 'GitHub Pages', country: 'US', jurisdiction: 'non-EU', kind: 'platform', cname: ['github.io'] },
  { id: 'netlify', name: 'Netlify', country: 'US', jurisdiction: 'non-EU', kind: 'platform', cname: ['netlify.app', 'netlify.com'] },
  { id: 'vercel', name: 'Vercel', country: 'US', jurisdiction: 'non-EU', kind: 'platform', ns: ['vercel-dns.com'], cname: ['vercel-dns.com', 'vercel.app'] },
  { id: 'proofpoint', name: 'Proofpoint', country: 'US', jurisdiction: 'non-EU', kind: 'platform', mx: ['pphosted.com', 'ppe-hosted.com'] },
  { id: 'mimecast', name: 'Mimecast', country: 'GB', jurisdiction: 'non-EU', kind: 'platform', mx: ['mimecast.com'] },
  { id: 'transip', name: 'TransIP', country: 'NL', jurisdiction: 'EU', kind: 'hosting', ns: ['transip.net', 'transip.nl', 'transip.eu'] },
  { id: 'hetzner', name: 'Hetzner', country: 'DE', jurisdiction: 'EU', kind: 'hosting', mx: ['your-server.de'], ns: ['ns.hetzner.com', 'ns.hetzner.de', 'your-server.de'] },
  { id: 'ovhcloud', name: 'OVHcloud', country: 'FR', jurisdiction: 'EU', kind: 'hosting', mx: ['mail.ovh.net'], ns: ['ovh.net'], cname: ['hosting.ovh.net'] },
];
