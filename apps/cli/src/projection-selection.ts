import { ALL_PROJECTIONS, projectionByName, UnknownProjectionError } from '@lifeline/projections/catalog';
import type { DocumentProjection } from '@lifeline/projections/runtime';
import { CliError, EXIT } from './cli-context';

/**
 * The projections named on the command line (`<projection…>` or `--all`), checked before any
 * store is opened: an unknown name is a usage error that lists the known ones.
 */
export function selectProjections(names: readonly string[], all: boolean | undefined): DocumentProjection<object>[] {
  if (all && names.length > 0) throw new CliError('name projections or pass --all, not both', EXIT.usage);
  if (all) return [...ALL_PROJECTIONS];
  if (names.length === 0) throw new CliError(`name at least one projection or pass --all; known projections: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`, EXIT.usage);
  try {
    return [...new Set(names)].map(projectionByName);
  } catch (error) {
    if (error instanceof UnknownProjectionError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
}
