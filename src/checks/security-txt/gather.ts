/** Gathers `https://DOMAIN/.well-known/security.txt` with the web family's fetcher. */
import { fetchFrom, type FetchFacts, type FetchOptions } from '../http/fetch.js';
import { SECURITY_TXT_CRITERIA } from './criteria.js';

/** What evaluation needs: the fetch chain and the moment of measuring (ISO 8601). */
export interface SecurityTxtFacts {
  domain: string;
  fetch: FetchFacts;
  measuredAt: string;
}

export async function gatherSecurityTxt(domain: string, options: Omit<FetchOptions, 'url'>): Promise<SecurityTxtFacts> {
  const url = `https://${domain}${SECURITY_TXT_CRITERIA.path}`;
  const measuredAt = new Date().toISOString();
  return { domain, fetch: await fetchFrom({ ...options, url }), measuredAt };
}
