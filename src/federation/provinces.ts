import type { Organisation, OrganisationRecord } from '../domain/organisation.js';
import type { ProvinceReference } from './types.js';
import { IssueCollector } from './types.js';
import { blank } from './reconcile.js';

/**
 * Adds the provinces a file refers to (CSV `province_code`, `province_name`) but does not list as rows,
 * so that province filters and links work. A province already stored is kept as it is (a full import
 * then does not end it); a new one is created as "Provincie <province_name>". A new province without a
 * name is an issue.
 */
export function withReferencedProvinces(
  records: readonly OrganisationRecord[],
  provinces: ReadonlyMap<string, ProvinceReference>,
  stored: ReadonlyMap<string, Organisation>,
  name = 'The file',
): OrganisationRecord[] {
  const listed = new Set(records.map((r) => r.code));
  const issues = new IssueCollector();
  const added: OrganisationRecord[] = [];
  for (const [code, ref] of provinces) {
    if (listed.has(code)) continue;
    const known = stored.get(code);
    if (known !== undefined) {
      added.push({ ...known });
    } else if (ref.name === null) {
      issues.add(ref.location, `province ${code} is not a row of the file and has no province_name`);
    } else {
      added.push({ ...blank({ code, name: `Provincie ${ref.name}`, layer: 'provincie' }), shortName: ref.name });
    }
  }
  issues.throwIfAny(name);
  return [...records, ...added];
}
