/**
 * @eventstore/db-client 6.x parses only `esdb://` and `esdb+discover://`. KurrentDB's own
 * schemes (`kurrentdb://`, `kurrent://`, `kdb://`, each with `+discover`) name the same
 * settings, so they are rewritten to their `esdb` equivalents; anything else is left for the
 * client to refuse.
 */
const SCHEMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:kurrentdb|kurrent|kdb)\+discover:\/\//i, 'esdb+discover://'],
  [/^(?:kurrentdb|kurrent|kdb):\/\//i, 'esdb://'],
];

export function toEsdbConnectionString(connectionString: string): string {
  const trimmed = connectionString.trim();
  for (const [scheme, replacement] of SCHEMES) {
    if (scheme.test(trimmed)) return trimmed.replace(scheme, replacement);
  }
  return trimmed;
}
