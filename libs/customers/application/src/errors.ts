import type { RuleViolation } from '@lifeline/customers/domain';

/** The rules refused the command; nothing was written. */
export class RuleViolationError extends Error {
  constructor(readonly violation: RuleViolation) {
    super(violation.message);
    this.name = 'RuleViolationError';
  }
}

/** Other writers kept changing the stream while we retried; nothing was written. */
export class ConcurrencyConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly attempts: number,
  ) {
    super(`stream ${streamId} kept changing under concurrent writes; gave up after ${attempts} attempts`);
    this.name = 'ConcurrencyConflictError';
  }
}
