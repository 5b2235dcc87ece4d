import { complaintsProjection } from '@lifeline/projections/complaints';
import { customerProfileProjection } from '@lifeline/projections/profile';
import { purchaseHistoryProjection } from '@lifeline/projections/purchase-history';
import { satisfactionAnswersProjection } from '@lifeline/projections/satisfaction';
import type { DocumentProjection } from '@lifeline/projections/runtime';
import { customerTimelineProjection } from '@lifeline/projections/timeline';

/** Every read model the projector keeps up to date. */
export const ALL_PROJECTIONS: readonly DocumentProjection<object>[] = [
  customerProfileProjection,
  customerTimelineProjection,
  complaintsProjection,
  purchaseHistoryProjection,
  satisfactionAnswersProjection,
];

export const PROJECTION_NAMES: readonly string[] = ALL_PROJECTIONS.map((p) => p.name);

export class UnknownProjectionError extends Error {
  constructor(readonly projectionName: string) {
    super(`unknown projection "${projectionName}"; known projections: ${PROJECTION_NAMES.join(', ')}`);
    this.name = 'UnknownProjectionError';
  }
}

export function findProjection(name: string): DocumentProjection<object> | undefined {
  return ALL_PROJECTIONS.find((p) => p.name === name);
}

/** For CLI arguments and config: an unknown name is an error that lists the known ones. */
export function projectionByName(name: string): DocumentProjection<object> {
  const projection = findProjection(name);
  if (projection === undefined) throw new UnknownProjectionError(name);
  return projection;
}
