import { RuleViolationError, type CommandContext, type CustomerCommandService } from '@lifeline/customers/application';
import { customerStreamId, RuleViolation } from '@lifeline/customers/domain';
import type { EncryptingEventStore } from '@lifeline/personal-data/encryption';
import type { ReadModelStore } from '@lifeline/read-store/port';

export interface ErasureOutcome {
  readonly customerId: string;
  /** When the key was deleted (the first erasure's time on a repeat). */
  readonly erasedAt: string;
  /** True when the customer had been erased before: nothing new happened. */
  readonly alreadyErased: boolean;
  /** Global position of the CustomerErased event (for read-your-writes); absent on a repeat. */
  readonly position?: number;
  /** Whether this process's read models were rewritten and their deleted bytes discarded before answering. */
  readonly readModelsScrubbed: boolean;
}

export interface CustomerErasureOptions {
  /** Waits until the read models have applied a position (the in-process projector); false on timeout. */
  readonly waitForReadModels?: (position: number, timeoutMs: number) => Promise<boolean>;
  /** How long to wait for them; default 10 s. */
  readonly readModelWaitMs?: number;
  readonly now?: () => Date;
}

/**
 * Erasure by crypto-shredding (GDPR Art. 17; docs/security.md#erasure): deletes the customer's
 * data key first — from that moment every personal field of their events reads null — then
 * records `CustomerErased`, on which the projections rewrite the customer's documents; then,
 * once the read models have applied it, discards the deleted bytes from the read store.
 *
 * Key first: a crash between the two steps leaves a customer whose data is already unreadable
 * and whose event is missing; repeating the request appends it. The other order would leave
 * an erasure recorded whose data is still readable.
 */
export class CustomerErasure {
  constructor(
    private readonly eventStore: EncryptingEventStore,
    private readonly commands: CustomerCommandService,
    private readonly readStore: ReadModelStore,
    private readonly options: CustomerErasureOptions = {},
  ) {}

  async erase(customerId: string, context: CommandContext): Promise<ErasureOutcome> {
    // An unknown id gets no tombstone: a later acquisition under it would lose its data silently.
    const [first] = await this.eventStore.readStream(customerStreamId(customerId), { maxCount: 1 });
    if (first === undefined) throw new RuleViolationError(new RuleViolation('customer_not_found', `customer ${customerId} does not exist`));

    const now = (this.options.now ?? (() => new Date()))().toISOString();
    const key = await this.eventStore.eraseCustomerKey(customerId, now);
    let position: number | undefined;
    try {
      const outcome = await this.commands.execute({ type: 'EraseCustomer', customerId, issuedAt: now, payload: {} }, context);
      position = outcome.position;
    } catch (error) {
      if (!(error instanceof RuleViolationError && error.violation.rule === 'customer_already_erased')) throw error;
    }
    if (position === undefined) return { customerId, erasedAt: key.erasedAt, alreadyErased: true, readModelsScrubbed: await this.scrub(undefined) };
    return { customerId, erasedAt: key.erasedAt, alreadyErased: false, position, readModelsScrubbed: await this.scrub(position) };
  }

  private async scrub(position: number | undefined): Promise<boolean> {
    const wait = this.options.waitForReadModels;
    if (position !== undefined) {
      if (wait === undefined || !(await wait(position, this.options.readModelWaitMs ?? 10_000))) return false;
    }
    return (await this.readStore.discardDeletedContent?.()) ?? false;
  }
}
