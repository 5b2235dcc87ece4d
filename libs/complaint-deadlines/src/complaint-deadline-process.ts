/**
 * The SLA deadline process: appends ComplaintSlaBreached once per breached milestone.
 *
 * - Due times come from the complaints read model (facts) and the SLA policy, not from timers,
 *   so a restart loses nothing: the next round finds every due time that passed meanwhile.
 * - Exactly once: the decider refuses a breach already recorded (or a milestone met in time),
 *   and the command carries an idempotency key derived from (complaint, milestone, due time), so
 *   two processes racing for the same breach write one event; the loser's retry sees it and
 *   counts it as already there.
 * - A round looks at the open complaints, and at those resolved since the previous round
 *   (after a start: within `catchUpDays`), so a late acknowledgement or resolution whose due
 *   time passed while no process ran is still recorded as a breach.
 */
import { RuleViolationError, type CustomerCommandService } from '@lifeline/customers/application';
import { breachedMilestones, type ComplaintSlaPolicy, type SlaDueTime } from '@lifeline/customers/domain';
import { COMPLAINTS, type ComplaintDoc } from '@lifeline/projections/complaints';
import { UnknownCollectionError, type ReadModelStore, type StoredDocument } from '@lifeline/read-store/port';

export const DEADLINE_PROCESS_ACTOR = 'complaint-sla-deadlines';

export interface ComplaintDeadlineOptions {
  readonly policy: ComplaintSlaPolicy;
  /** How far back resolutions are looked at after a start; default 30 days. */
  readonly catchUpDays?: number;
  readonly now?: () => Date;
  readonly onBreachRecorded?: (breach: { customerId: string; complaintId: string; milestone: string; dueAt: string }) => void;
}

export interface DeadlineRound {
  readonly examined: number;
  readonly recorded: number;
  /** Breaches another process (or an earlier round whose answer was lost) had already written. */
  readonly alreadyRecorded: number;
}

/** Rules that mean "nothing to write" for this process: the breach is there, or the read model was behind the log. */
const NOTHING_TO_DO = new Set(['sla_breach_already_recorded', 'sla_not_breached', 'complaint_not_found', 'occurred_in_future']);
const DAY_MS = 86_400_000;

export class ComplaintDeadlineProcess {
  private resolvedSince: string | undefined;

  constructor(
    private readonly readStore: ReadModelStore,
    private readonly commands: CustomerCommandService,
    private readonly options: ComplaintDeadlineOptions,
  ) {}

  /** One pass over the complaints that can still need a breach recorded. */
  async round(): Promise<DeadlineRound> {
    const now = (this.options.now?.() ?? new Date()).toISOString();
    const since = this.resolvedSince ?? new Date(Date.parse(now) - (this.options.catchUpDays ?? 30) * DAY_MS).toISOString();
    let examined = 0;
    let recorded = 0;
    let alreadyRecorded = 0;
    const seen = new Set<string>();
    for (const filter of [{ status: 'open' }, { resolvedAt: { $gte: since } }]) {
      for await (const doc of this.scan(filter)) {
        if (seen.has(doc._id)) continue;
        seen.add(doc._id);
        examined++;
        for (const due of this.missingBreaches(doc, now)) {
          if (await this.record(doc, due, now)) recorded++;
          else alreadyRecorded++;
        }
      }
    }
    this.resolvedSince = now;
    return { examined, recorded, alreadyRecorded };
  }

  private missingBreaches(doc: ComplaintDoc, now: string): SlaDueTime[] {
    const facts = {
      severity: doc.severity,
      filedAt: doc.filedAt,
      acknowledgedAt: doc.acknowledgedAt ?? null,
      status: doc.status,
      resolvedAt: doc.resolvedAt,
      reopenedAt: doc.reopenedAt ?? null,
    };
    const recorded = new Set((doc.breaches ?? []).map((b) => `${b.milestone}@${Date.parse(b.dueAt)}`));
    return breachedMilestones(facts, this.options.policy, now).filter((due) => !recorded.has(`${due.milestone}@${Date.parse(due.dueAt)}`));
  }

  /** true: written now; false: it was already there. */
  private async record(doc: ComplaintDoc, due: SlaDueTime, now: string): Promise<boolean> {
    const { customerId, complaintId } = doc;
    try {
      await this.commands.execute(
        {
          type: 'RecordComplaintSlaBreach',
          customerId,
          issuedAt: now,
          occurredAt: due.dueAt,
          payload: { complaintId, milestone: due.milestone, dueAt: due.dueAt },
        },
        { actor: DEADLINE_PROCESS_ACTOR, principal: `system:${DEADLINE_PROCESS_ACTOR}`, idempotencyKey: `sla-breach:${complaintId}:${due.milestone}:${due.dueAt}` },
      );
    } catch (error) {
      if (error instanceof RuleViolationError && NOTHING_TO_DO.has(error.violation.rule)) return false;
      throw error;
    }
    this.options.onBreachRecorded?.({ customerId, complaintId, milestone: due.milestone, dueAt: due.dueAt });
    return true;
  }

  private async *scan(filter: Record<string, unknown>): AsyncIterable<StoredDocument & ComplaintDoc> {
    try {
      yield* this.readStore.scan<StoredDocument & ComplaintDoc>(COMPLAINTS, { filter: filter as never, batchSize: 500 });
    } catch (error) {
      // Before the projector created the read model there is nothing to watch.
      if (error instanceof UnknownCollectionError) return;
      throw error;
    }
  }
}

/** Runs rounds every `intervalMs` until `signal` aborts; a failed round is reported and the next one tries again. */
export async function runDeadlineLoop(
  process: ComplaintDeadlineProcess,
  intervalMs: number,
  signal: AbortSignal,
  onError: (error: unknown) => void,
  /** Awaited before each round (the API holds rounds while a demo history is being written back-dated). */
  beforeRound: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  while (!signal.aborted) {
    try {
      await beforeRound();
      if (signal.aborted) break;
      await process.round();
    } catch (error) {
      onError(error);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, intervalMs);
      signal.addEventListener('abort', done, { once: true });
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
  }
}
