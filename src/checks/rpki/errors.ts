/** A data file for RPKI that cannot be used, with where (file, entry or line) and what is wrong. */
export class RpkiDataError extends Error {
  override name = 'RpkiDataError';
}

/** At most this many problems are listed in one error; the rest are counted. */
const MAX_LISTED = 5;

/** Throws one error listing the first problems of `source`, if there are any. */
export function throwIfProblems(source: string, problems: readonly string[]): void {
  if (problems.length === 0) return;
  const more = problems.length > MAX_LISTED ? `; and ${problems.length - MAX_LISTED} more` : '';
  throw new RpkiDataError(`${source}: ${problems.slice(0, MAX_LISTED).join('; ')}${more}`);
}

/** A short excerpt of a bad entry or line for an error message. */
export function excerpt(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
