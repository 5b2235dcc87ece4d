import { v4 as uuidv4, v5 as uuidv5 } from 'uuid';

/** Fixed namespace for ids derived from an idempotency key (never change it: ids would change). */
const IDEMPOTENT_EVENT_NAMESPACE = '3f1b7c2e-5a0d-4e8b-9c61-2d7f4a9e0b35';

/** What an idempotent command's event ids are derived from. */
export interface EventIdDerivation {
  readonly idempotencyKey: string;
  readonly commandType: string;
  readonly streamId: string;
}

/**
 * With an idempotency key, the id of the index-th event a command writes is derived from
 * it, so a retry of a command that was appended before a crash produces the same ids and
 * is recognised in the stream instead of being written twice. Without one: random.
 */
export function eventIdFor(index: number, derivation?: EventIdDerivation): string {
  return derivation
    ? uuidv5(`${derivation.idempotencyKey}\n${derivation.commandType}\n${derivation.streamId}\n${index}`, IDEMPOTENT_EVENT_NAMESPACE)
    : uuidv4();
}
