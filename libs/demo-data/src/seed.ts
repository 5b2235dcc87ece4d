import { CustomerCommandService, eventIdFor, RuleViolationError } from '@lifeline/customers/application';
import { customerStreamId } from '@lifeline/customers/domain';
import type { EventStore } from '@lifeline/event-store/port';
import { generateCustomerHistories, validateDemoOptions, type DemoDataOptions } from './generate';

export interface SeedProgress {
  readonly customersDone: number;
  readonly customersTotal: number;
  readonly commandsWritten: number;
}

export interface SeedOptions extends DemoDataOptions {
  /** Stops between customers; a re-run with the same options continues where it stopped. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SeedProgress) => void;
}

export interface SeedReport {
  readonly customers: number;
  readonly commandsWritten: number;
  /** Commands found already written by an earlier (interrupted) run. */
  readonly commandsSkipped: number;
  readonly interrupted: boolean;
}

/** The customer already has a different history than this seed would write (other options, or other writers). */
export class SeedMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedMismatchError';
  }
}

/** Deterministic per command, so a re-run recognises what an interrupted run already wrote. */
export function seedIdempotencyKey(seed: number, customerId: string, n: number): string {
  return `seed:${seed}:${customerId}:${n}`;
}

/**
 * Writes the demo population through the CustomerCommandService (the same rules as the API).
 * Each command carries the key `seed:<seed>:<customer>:<n>`, from which the service derives
 * its event ids: a re-run skips the commands whose events are already stored and writes the rest.
 */
export async function seedDemoData(eventStore: EventStore, options: SeedOptions): Promise<SeedReport> {
  validateDemoOptions(options);
  const service = new CustomerCommandService(eventStore, { currency: options.currency });
  let customersDone = 0;
  let commandsWritten = 0;
  let commandsSkipped = 0;
  const context = { actor: 'seed', principal: 'system:seed', correlationId: `seed:${options.seed}` };
  for (const history of generateCustomerHistories(options)) {
    if (options.signal?.aborted) return { customers: customersDone, commandsWritten, commandsSkipped, interrupted: true };
    const streamId = customerStreamId(history.customerId);
    const stored = new Set((await eventStore.readStream(streamId)).map((event) => event.eventId));
    for (const [n, command] of history.commands.entries()) {
      const idempotencyKey = seedIdempotencyKey(options.seed, history.customerId, n);
      if (stored.has(eventIdFor(0, { idempotencyKey, commandType: command.type, streamId }))) {
        commandsSkipped++;
        continue;
      }
      try {
        await service.execute(command, { ...context, idempotencyKey });
      } catch (error) {
        if (error instanceof RuleViolationError) {
          throw new SeedMismatchError(
            `customer ${history.customerId} already has a different history (${error.violation.rule}: ${error.message}); ` +
              'seed again with the same options (including the end date) or into an empty data directory',
          );
        }
        throw error;
      }
      commandsWritten++;
    }
    customersDone++;
    options.onProgress?.({ customersDone, customersTotal: options.customers, commandsWritten });
  }
  return { customers: customersDone, commandsWritten, commandsSkipped, interrupted: false };
}
